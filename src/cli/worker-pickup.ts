/**
 * Whether a worker has picked an experiment up: its first workflow task started. Temporal lists a
 * stopped worker among a task queue's pollers for minutes, so the pollers list alone cannot tell a
 * live worker from a dead one; the experiment's own history can.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Identities of workers that live inside a `bench run` and stop with it: never counted as a standing worker. */
export const IN_PROCESS_IDENTITY_PREFIX = 'bench-run@';

export async function workflowTaskStarted(handle: WorkflowHandle): Promise<boolean> {
  const history = await handle.fetchHistory();
  const started = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
  return (history.events ?? []).some((e) => e.eventType === started);
}

/** Polls the history until a worker starts the first workflow task, or `withinMs` passes. */
export async function waitForPickup(handle: WorkflowHandle, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await workflowTaskStarted(handle).catch(() => false)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Standing workers (`bench worker`, or any worker not inside a `bench run`) that Temporal lists for the task queue. */
export async function standingPollers(client: Client, namespace: string, taskQueue: string): Promise<string[]> {
  const res = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (res.pollers ?? []).map((p) => p.identity ?? '').filter((id) => !id.startsWith(IN_PROCESS_IDENTITY_PREFIX));
}

export function noWorkerHint(taskQueue: string): string {
  return `no worker has picked the experiment up: start one with \`bench worker\` (task queue ${taskQueue}, same TEMPORAL_ADDRESS/namespace), or use \`bench run\` without --no-embedded to run one in this process`;
}
