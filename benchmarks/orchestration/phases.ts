/**
 * Where the time outside the load goes: the workflow's activities grouped into phases, clipped to
 * the stretch before the first measured second and the stretch after the last one. Phases that run
 * in parallel each count their own time; `other` is the time no activity covered (workflow tasks,
 * the CLI itself). Before the load, supervision (phase load) already runs beside the clients' start
 * and is not counted there.
 */
import type { TimedHistory } from './history';

export const PHASES = ['cli', 'pickup', 'prepare', 'deploy', 'ready', 'monitoring', 'launch', 'client-start', 'load', 'export', 'teardown', 'collect', 'report', 'exit', 'other'] as const;
export type PhaseName = (typeof PHASES)[number];

const OF_ACTIVITY: Record<string, PhaseName> = {
  checkRecipeText: 'prepare',
  'local activity': 'prepare',
  prepareExperiment: 'prepare',
  deployService: 'deploy',
  backendStatus: 'ready',
  awaitServiceReady: 'ready',
  startMonitoring: 'monitoring',
  addClientTargets: 'monitoring',
  launchClients: 'launch',
  superviseSpan: 'load',
  superviseTick: 'load',
  monitorHealth: 'load',
  exportMetrics: 'export',
  stopHandles: 'teardown',
  teardown: 'teardown',
  collectResults: 'collect',
  finishExperiment: 'collect',
  compareWithBaseline: 'collect',
  finishOutputs: 'report',
};

export function phaseOf(activityType: string): PhaseName {
  return OF_ACTIVITY[activityType] ?? 'other';
}

type Interval = [number, number];

function union(xs: Interval[]): Interval[] {
  const s = xs.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const length = (xs: Interval[]) => xs.reduce((n, [a, b]) => n + (b - a), 0);
const clip = (xs: Interval[], [lo, hi]: Interval): Interval[] => xs.map(([a, b]): Interval => [Math.max(a, lo), Math.min(b, hi)]).filter(([a, b]) => b > a);

export interface RunTimes {
  spawnedAt: number;
  exitedAt: number;
  firstMeasuredAt: number;
  lastMeasuredEndAt: number;
}

/** Seconds per phase before the first measured second and after the last one. */
export function splitByPhase(h: TimedHistory, t: RunTimes): { before: Record<PhaseName, number>; after: Record<PhaseName, number>; reportDelayS: number } {
  const intervals = new Map<PhaseName, Interval[]>();
  const add = (p: PhaseName, i: Interval) => intervals.set(p, [...(intervals.get(p) ?? []), i]);
  add('cli', [t.spawnedAt, h.workflowStartedAt]);
  if (h.pickedUpAt) add('pickup', [h.workflowStartedAt, h.pickedUpAt]);
  for (const a of h.activities) if (a.closedAt !== undefined) add(phaseOf(a.type), [a.scheduledAt, a.closedAt]);
  const launched = Math.max(...h.activities.filter((a) => a.type === 'launchClients' && a.closedAt).map((a) => a.closedAt!));
  if (Number.isFinite(launched)) add('client-start', [launched, t.firstMeasuredAt]);
  if (h.closedAt) add('exit', [h.closedAt, t.exitedAt]);
  const all = union([...intervals.values()].flat());
  const tally = (window: Interval, skip?: PhaseName) => {
    const r = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<PhaseName, number>;
    for (const [p, xs] of intervals) if (p !== skip) r[p] = length(clip(union(xs), window)) / 1000;
    r.other = (window[1] - window[0] - length(clip(all, window))) / 1000;
    return r;
  };
  // How much later the workflow closed because of the report: the part of finishOutputs no other step covered.
  const report = union(intervals.get('report') ?? []);
  const rest = union([...intervals].filter(([p]) => p !== 'report' && p !== 'exit' && p !== 'cli').flatMap(([, xs]) => xs));
  const lastOther = Math.max(...rest.map(([, b]) => b));
  const reportEnd = Math.max(0, ...report.map(([, b]) => b));
  return { before: tally([t.spawnedAt, t.firstMeasuredAt], 'load'), after: tally([t.lastMeasuredEndAt, t.exitedAt]), reportDelayS: Math.max(0, reportEnd - lastOther) / 1000 };
}
