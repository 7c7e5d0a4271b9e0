/** Reading a job's state from whichever tool the cluster answers: scontrol, squeue --json, sacct. */
import type { Labels, Status } from '../backend';
import { expandHostlist } from './hostlist';

export interface JobInfo {
  jobId: string;
  name?: string;
  /** SLURM's state word, e.g. RUNNING, NODE_FAIL. */
  state: string;
  reason?: string;
  exitCode?: number;
  signal?: number;
  nodes: string[];
  comment?: string;
  stdout?: string;
  /** Nodes the job must avoid (--exclude). */
  excluded?: string[];
}

/** What bench puts in a job's --comment, so `list` can rebuild handles. */
export interface JobComment {
  labels: Labels;
  id: string;
  ports: Record<string, number>;
  /** The worker-side log file of the launch (in the experiment's logs/), so the reaper can log there. */
  logFile?: string;
}

export function parseJobComment(comment: string | undefined): JobComment | undefined {
  if (!comment) return undefined;
  try {
    const c = JSON.parse(comment) as JobComment;
    return c && typeof c === 'object' && c.labels && typeof c.id === 'string' ? c : undefined;
  } catch {
    return undefined;
  }
}

const field = (text: string, key: string) => new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(text)?.[1];

function splitExit(value: string | undefined): { exitCode?: number; signal?: number } {
  if (!value) return {};
  const [code, signal] = value.split(':').map(Number);
  return { exitCode: Number.isNaN(code) ? undefined : code, signal: Number.isNaN(signal) ? undefined : signal };
}

/** `scontrol show job -o ID` (one line of Key=Value). */
export function parseScontrolJob(text: string): JobInfo | undefined {
  const jobId = field(text, 'JobId');
  const state = field(text, 'JobState');
  if (!jobId || !state) return undefined;
  const nodeList = field(text, 'NodeList');
  return {
    jobId,
    name: field(text, 'JobName'),
    state,
    reason: field(text, 'Reason'),
    ...splitExit(field(text, 'ExitCode')),
    nodes: nodeList ? expandHostlist(nodeList) : [],
    comment: /(?:^|\s)Comment=(.*?)(?=\s+[A-Za-z/:_]+=|\s*$)/.exec(text)?.[1],
    stdout: field(text, 'StdOut'),
    excluded: expandHostlist(field(text, 'ExcNodeList') ?? ''),
  };
}

interface SqueueJsonJob {
  job_id: number;
  name?: string;
  job_state: string | string[];
  state_reason?: string;
  nodes?: string;
  exit_code?: number | { return_code?: number | { number?: number }; signal?: { id?: number | { number?: number } } };
  comment?: string;
  standard_output?: string;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : v && typeof v === 'object' && typeof (v as { number?: unknown }).number === 'number' ? (v as { number: number }).number : undefined;

/** `squeue --json` (0.0.38 gives exit_code as a wait status; newer versions as an object). Note: 22.05 ignores -j/--name with --json. */
export function parseSqueueJson(text: string): JobInfo[] {
  const doc = JSON.parse(text) as { jobs?: SqueueJsonJob[] };
  return (doc.jobs ?? []).map((j) => {
    let exit: { exitCode?: number; signal?: number } = {};
    if (typeof j.exit_code === 'number') exit = { exitCode: j.exit_code >> 8, signal: j.exit_code & 0x7f };
    else if (j.exit_code) exit = { exitCode: num(j.exit_code.return_code), signal: num(j.exit_code.signal?.id) };
    return {
      jobId: String(j.job_id),
      name: j.name,
      state: Array.isArray(j.job_state) ? (j.job_state[0] ?? 'UNKNOWN') : j.job_state,
      reason: j.state_reason,
      ...exit,
      nodes: j.nodes ? expandHostlist(j.nodes) : [],
      comment: j.comment,
      stdout: j.standard_output,
    };
  });
}

/** `sacct [-c] -P --format=JobID,JobName,State,ExitCode,NodeList` with its header line. */
export function parseSacct(text: string): JobInfo[] {
  const lines = text.split('\n').filter((l) => l.trim());
  const header = lines.shift()?.split('|') ?? [];
  const col = (row: string[], name: string) => row[header.indexOf(name)];
  return lines
    .map((l) => l.split('|'))
    .filter((row) => col(row, 'JobID') && !col(row, 'JobID').includes('.'))
    .map((row) => ({
      jobId: col(row, 'JobID'),
      name: col(row, 'JobName'),
      state: (col(row, 'State') ?? 'UNKNOWN').split(' ')[0],
      ...splitExit(col(row, 'ExitCode')),
      nodes: col(row, 'NodeList') ? expandHostlist(col(row, 'NodeList')) : [],
    }));
}

const PENDING = new Set(['PENDING', 'CONFIGURING', 'REQUEUED', 'REQUEUE_FED', 'REQUEUE_HOLD', 'RESV_DEL_HOLD', 'PREEMPTED', 'SUSPENDED', 'STOPPED', 'RESIZING']);
const RUNNING = new Set(['RUNNING', 'COMPLETING', 'SIGNALING', 'STAGE_OUT']);
const FAILED: Record<string, string> = {
  FAILED: 'the job failed',
  TIMEOUT: 'the job hit its time limit (slurm.timeLimit)',
  OUT_OF_MEMORY: 'the job ran out of memory (raise services[].resources.memory, e.g. 4Gi)',
  BOOT_FAIL: 'the node failed to boot',
  DEADLINE: 'the job missed its deadline',
  SPECIAL_EXIT: 'the job ended with a special exit state',
};

export function isLiveState(state: string): boolean {
  return PENDING.has(state) || RUNNING.has(state);
}

export function jobStatus(info: JobInfo): Status {
  const nodes = info.nodes.length ? { nodes: info.nodes } : {};
  const { state } = info;
  if (PENDING.has(state)) return { state: 'pending', reason: info.reason && info.reason !== 'None' ? `${state} (${info.reason})` : state, ...nodes };
  if (RUNNING.has(state)) return { state: 'running', ...nodes };
  if (state === 'COMPLETED') return { state: 'exited', exitCode: 0, ...nodes };
  if (state === 'CANCELLED') return { state: 'stopped', ...nodes };
  if (state === 'NODE_FAIL') return { state: 'lost', reason: `node ${info.nodes.join(',') || '(unknown)'} failed while running job ${info.jobId} (NODE_FAIL)`, ...nodes };
  const why = FAILED[state] ?? `unknown SLURM state ${state}`;
  const code = info.exitCode ?? 0;
  const detail = [info.reason && info.reason !== 'None' ? info.reason : '', info.signal ? `signal ${info.signal}` : ''].filter(Boolean).join(', ');
  return { state: 'failed', exitCode: code, reason: `job ${info.jobId}: ${why}, exit code ${code}${detail ? ` (${detail})` : ''}`, ...nodes };
}
