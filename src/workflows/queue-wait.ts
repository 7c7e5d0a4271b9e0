/**
 * Waiting for a launch to be scheduled (a SLURM queue), in workflow time: durable timers between
 * cheap status looks, so hours in a queue survive worker and server restarts without a second
 * submission, and a recipe's maxPending cancels the job with a clear reason.
 */
import { ApplicationFailure, patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { BackendTarget } from '../backends/target';
import { tickStep } from './policies';
import type { DeployedService } from './types';

type Activities = ReturnType<typeof createActivities>;
const look = proxyActivities<Activities>(tickStep);

const FINAL = new Set(['exited', 'failed', 'lost', 'stopped']);

function spoken(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** Look often at first, then less: 1 s, growing with the wait (a tenth of it), at most `maxMs`. */
export function queuePollMs(waitedMs: number, maxMs = 60_000): number {
  return Math.min(maxMs, Math.max(1000, Math.round(waitedMs / 10)));
}

export async function waitUntilScheduled(target: BackendTarget, deployed: DeployedService, maxPendingMs: number | undefined, onPending: (waitedMs: number) => void, pollMaxMs?: number): Promise<void> {
  const since = Date.now();
  for (;;) {
    const status = await look.backendStatus({ backend: target, handle: deployed.handle });
    if (status.state === 'running') return;
    if (FINAL.has(status.state)) {
      // The readiness wait that follows reports the death with the service's last output and install hint.
      if (patched('died-before-ready-with-output')) return;
      throw ApplicationFailure.nonRetryable(`service ${deployed.name} ended (${status.state}) before it ran${status.reason ? `: ${status.reason}` : ''}`, 'ServiceDiedBeforeReady');
    }
    const waited = Date.now() - since;
    if (maxPendingMs !== undefined && waited >= maxPendingMs) {
      await look.stopHandles({ backend: target, handles: [deployed.handle] });
      throw ApplicationFailure.nonRetryable(
        `service ${deployed.name} waited ${spoken(waited)} for resources, past scheduling.maxPending (${spoken(maxPendingMs)})${status.reason ? ` (last: ${status.reason})` : ''}; its launch was cancelled. Raise scheduling.maxPending, ask for fewer resources, or pick a less busy partition or node pool`,
        'MaxPendingExceeded',
      );
    }
    onPending(waited);
    const remaining = maxPendingMs === undefined ? Infinity : maxPendingMs - waited;
    await sleep(Math.max(1, Math.min(queuePollMs(waited, pollMaxMs), remaining)));
  }
}
