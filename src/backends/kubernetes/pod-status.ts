/**
 * A launch's Status from its Deployment or Job and their pods, with reasons that name the cause and
 * the fix. Pure: the backend reads the objects and, when `crashed` is set, adds the log tail.
 */
import type { V1ContainerStatus, V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node';
import type { RunState, Status } from '../backend';

export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export type TaskStatus = NonNullable<Status['tasks']>[number];

export interface WorkloadView {
  kind: 'Deployment' | 'Job';
  name: string;
  /** undefined: the object does not exist (any more). */
  workload?: V1Deployment | V1Job;
  pods: V1Pod[];
}

export interface StatusVerdict {
  status: Status;
  /** A container whose log tail belongs in the reason (previous: the container before its restart). */
  crashed?: { pod: string; container: string; previous: boolean };
}

const IMAGE_WAITING = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);
const CONFIG_WAITING = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

export function workloadStatus(view: WorkloadView): StatusVerdict {
  if (!view.workload) return { status: { state: 'lost', reason: `${view.kind} ${view.name} was deleted outside bench` } };
  return view.kind === 'Deployment' ? deploymentStatus(view.workload as V1Deployment, view.pods) : jobStatus(view.workload as V1Job, view.pods);
}

/** Pods not on their way out, newest first. */
export function livePods(pods: V1Pod[]): V1Pod[] {
  return pods.filter((p) => !p.metadata?.deletionTimestamp).sort((a, b) => created(b) - created(a));
}

function created(p: V1Pod): number {
  return new Date(p.metadata?.creationTimestamp ?? 0).getTime();
}

export function isReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function restartsOf(pod: V1Pod): number {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

export function completionIndex(pod: V1Pod): number | undefined {
  const v = pod.metadata?.annotations?.[COMPLETION_INDEX] ?? pod.metadata?.labels?.[COMPLETION_INDEX];
  return v === undefined ? undefined : Number(v);
}

function nodesOf(pods: V1Pod[]): string[] | undefined {
  const nodes = [...new Set(pods.map((p) => p.spec?.nodeName).filter((n): n is string => !!n))];
  return nodes.length ? nodes : undefined;
}

/** Why a pod cannot start or keeps failing, or undefined when nothing blocks it. */
export function podProblem(pod: V1Pod): { state: RunState; reason: string; exitCode?: number; crashed?: StatusVerdict['crashed'] } | undefined {
  const name = pod.metadata?.name ?? '?';
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (pod.status?.phase === 'Pending' && scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return { state: 'pending', reason: `unschedulable: ${scheduled.message ?? 'no node fits the pod'} (lower resources or change placement, or add nodes)` };
  }
  const statuses: [V1ContainerStatus, boolean][] = [
    ...(pod.status?.initContainerStatuses ?? []).map((s): [V1ContainerStatus, boolean] => [s, true]),
    ...(pod.status?.containerStatuses ?? []).map((s): [V1ContainerStatus, boolean] => [s, false]),
  ];
  for (const [cs, init] of statuses) {
    const what = init ? `init container ${cs.name} of pod ${name}` : `container ${cs.name} of pod ${name}`;
    const image = containerImage(pod, cs.name) ?? cs.image;
    const waiting = cs.state?.waiting;
    if (waiting?.reason && IMAGE_WAITING.has(waiting.reason)) return { state: 'failed', reason: imageReason(waiting.reason, image, waiting.message, pod.spec?.nodeName) };
    if (waiting?.reason && CONFIG_WAITING.has(waiting.reason)) {
      return { state: 'failed', reason: `${what} cannot start (${waiting.reason}: ${waiting.message ?? 'no message'}); check its command, env and volumes` };
    }
    const last = cs.lastState?.terminated;
    if (waiting?.reason === 'CrashLoopBackOff') {
      return {
        state: 'failed',
        exitCode: last?.exitCode,
        reason: `${what} keeps crashing (restarted ${cs.restartCount} times; last ${terminatedText(last?.exitCode, last?.reason, limitOf(pod, cs.name))})`,
        crashed: { pod: name, container: cs.name, previous: true },
      };
    }
    const term = cs.state?.terminated;
    const failedTerm = term && (term.exitCode !== 0 || (!init && pod.spec?.restartPolicy === 'Always'));
    if (term && failedTerm) {
      return {
        state: 'failed',
        exitCode: term.exitCode,
        reason: `${what} ${terminatedText(term.exitCode, term.reason, limitOf(pod, cs.name))}`,
        crashed: { pod: name, container: cs.name, previous: false },
      };
    }
  }
  return undefined;
}

function terminatedText(exitCode: number | undefined, reason: string | undefined, memoryLimit: string | undefined): string {
  if (reason === 'OOMKilled') return memoryLimit ? `OOMKilled at memory limit ${memoryLimit} (raise resources.memory)` : 'OOMKilled without a memory limit (the node ran out of memory)';
  return `exited with code ${exitCode ?? '?'}${reason && reason !== 'Error' && reason !== 'Completed' ? ` (${reason})` : ''}`;
}

function imageReason(waiting: string, image: string | undefined, message: string | undefined, node: string | undefined): string {
  const img = image ?? '?';
  const detail = message ? `: ${message}` : '';
  switch (waiting) {
    case 'ErrImageNeverPull':
      return `image ${img} is not on node ${node ?? '?'} and imagePullPolicy is Never (${waiting}); import it into the node's container runtime, or map it to one the node has with kubernetes.imageMap`;
    case 'InvalidImageName':
      return `image ${img} is not a valid image reference (${waiting}${detail}); fix services[].image or kubernetes.imageMap`;
    default:
      return `image ${img} cannot be pulled (${waiting}${detail}); check its name and tag and that the node reaches its registry (imagePullSecrets for a private one), or map it with kubernetes.imageMap`;
  }
}

function containerImage(pod: V1Pod, container: string): string | undefined {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === container)?.image;
}

function limitOf(pod: V1Pod, container: string): string | undefined {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === container)?.resources?.limits?.memory;
}

function deploymentStatus(dep: V1Deployment, pods: V1Pod[]): StatusVerdict {
  const live = livePods(pods);
  const pod = live[0];
  if (!pod) {
    const failure = dep.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
    const leaving = pods.length ? ` (pod ${pods[0].metadata?.name} is terminating)` : '';
    return { status: { state: 'pending', reason: failure ? `no pod: ${failure.message ?? failure.reason}` : `no pod yet${leaving}` } };
  }
  const nodes = nodesOf([pod]);
  const restarts = live.reduce((n, p) => n + restartsOf(p), 0);
  const problem = podProblem(pod);
  if (problem) return { status: { state: problem.state, reason: problem.reason, exitCode: problem.exitCode, nodes, restarts, ready: false }, crashed: problem.crashed };
  const phase = pod.status?.phase;
  if (phase === 'Unknown') return { status: { state: 'lost', reason: `pod ${pod.metadata?.name}: its node ${pod.spec?.nodeName ?? '?'} stopped reporting`, nodes, restarts } };
  if (phase === 'Failed' || phase === 'Succeeded') {
    return { status: { state: 'pending', reason: `pod ${pod.metadata?.name} ended (${pod.status?.reason ?? phase}: ${pod.status?.message ?? ''}); the Deployment replaces it`, nodes, restarts, ready: false } };
  }
  const running = phase === 'Running' && (pod.status?.containerStatuses ?? []).some((c) => c.state?.running);
  if (!running) return { status: { state: 'pending', reason: pendingReason(pod), nodes, restarts, ready: false } };
  return { status: { state: 'running', ready: isReady(pod), restarts, nodes, incarnation: `${pod.metadata?.uid ?? pod.metadata?.name}/${restartsOf(pod)}` } };
}

function pendingReason(pod: V1Pod): string {
  const waiting = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((c) => c.state?.waiting)?.state?.waiting;
  if (waiting?.reason) return `pod ${pod.metadata?.name}: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`;
  return `pod ${pod.metadata?.name} is ${pod.status?.phase ?? 'Pending'}${pod.spec?.nodeName ? '' : ' (not scheduled yet)'}`;
}

function jobStatus(job: V1Job, pods: V1Pod[]): StatusVerdict {
  const conditions = job.status?.conditions ?? [];
  const live = livePods(pods);
  const tasks = taskStatuses(job, live);
  const nodes = nodesOf(live);
  const restarts = live.reduce((n, p) => n + restartsOf(p), 0);
  const base = { nodes, restarts, ...(tasks ? { tasks } : {}) };
  const completions = job.spec?.completions ?? 1;
  const complete = conditions.some((c) => c.type === 'Complete' && c.status === 'True');
  if (complete || succeededTasks(job, live) >= completions) {
    return { status: { state: 'exited', exitCode: 0, ...base } };
  }
  const failedCond = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failedCond) {
    const failedPods = live.filter((p) => p.status?.phase === 'Failed');
    const first = failedPods.map((p) => ({ p, problem: podProblem(p) })).find((x) => x.problem);
    const parts = [`Job ${job.metadata?.name} failed (${failedCond.reason ?? 'Failed'}${failedCond.message ? `: ${failedCond.message}` : ''})`];
    if (job.status?.failedIndexes) parts.push(`failed tasks ${job.status.failedIndexes}`);
    if (first?.problem) parts.push(first.problem.reason);
    return { status: { state: 'failed', exitCode: first?.problem?.exitCode ?? firstExitCode(failedPods), reason: parts.join('; '), ...base }, crashed: first?.problem?.crashed };
  }
  // A task that cannot start or is unschedulable decides, or the group would wait for it forever.
  // A task that ended is the group's business only once the Job says so (other tasks go on).
  for (const pod of live) {
    if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded' || pod.status?.containerStatuses?.some((c) => c.state?.terminated)) continue;
    const problem = podProblem(pod);
    if (problem) return { status: { state: problem.state, reason: problem.reason, exitCode: problem.exitCode, ...base }, crashed: problem.crashed };
  }
  const active = live.filter((p) => p.status?.phase === 'Running');
  if (active.length) return { status: { state: 'running', ready: active.every(isReady), ...base } };
  if (!live.length) return { status: { state: 'pending', reason: `Job ${job.metadata?.name} has no pod yet`, ...base } };
  // Tasks ended but the Job controller has not concluded yet (a second or so): still running to the caller.
  if (live.every((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')) {
    return { status: { state: 'running', ready: false, reason: `the tasks of Job ${job.metadata?.name} ended; waiting for its verdict`, ...base } };
  }
  const waiting = live.find((p) => p.status?.phase === 'Pending');
  return { status: { state: 'pending', reason: waiting ? pendingReason(waiting) : `Job ${job.metadata?.name} is between pods`, ...base } };
}

/** Ranks (Indexed) or pods that succeeded. */
function succeededTasks(job: V1Job, live: V1Pod[]): number {
  const ok = live.filter((p) => p.status?.phase === 'Succeeded');
  if (job.spec?.completionMode !== 'Indexed') return ok.length;
  return new Set(ok.map(completionIndex).filter((i) => i !== undefined)).size;
}

function firstExitCode(pods: V1Pod[]): number | undefined {
  for (const p of pods) for (const c of p.status?.containerStatuses ?? []) if (c.state?.terminated) return c.state.terminated.exitCode;
  return undefined;
}

/** Per-rank detail for an Indexed Job (the newest pod of each index). */
function taskStatuses(job: V1Job, live: V1Pod[]): TaskStatus[] | undefined {
  if (job.spec?.completionMode !== 'Indexed') return undefined;
  const n = job.spec?.completions ?? 1;
  const byRank = new Map<number, V1Pod>();
  for (const p of live) {
    const i = completionIndex(p);
    if (i !== undefined && !byRank.has(i)) byRank.set(i, p);
  }
  const out: TaskStatus[] = [];
  for (let rank = 0; rank < n; rank++) {
    const pod = byRank.get(rank);
    if (!pod) {
      out.push({ rank, state: 'pending', reason: 'no pod yet' });
      continue;
    }
    const node = pod.spec?.nodeName;
    const term = pod.status?.containerStatuses?.find((c) => c.state?.terminated)?.state?.terminated;
    const problem = podProblem(pod);
    if (pod.status?.phase === 'Succeeded') out.push({ rank, state: 'exited', exitCode: 0, node });
    else if (problem) out.push({ rank, state: problem.state, exitCode: problem.exitCode, reason: problem.reason, node });
    else if (pod.status?.phase === 'Failed') out.push({ rank, state: 'failed', exitCode: term?.exitCode, reason: pod.status?.reason ?? 'failed', node });
    else if (pod.status?.phase === 'Running') out.push({ rank, state: 'running', node });
    else out.push({ rank, state: 'pending', reason: pendingReason(pod), node });
  }
  return out;
}
