/** What `bench validate` and `bench sweep plan` say about a sweep: its points and its planned wall time. */
import type { SweepPlan } from '../activities/sweep/plan-sweep';
import { table } from './format';

/**
 * Deployment, readiness, collection and teardown around each run's load, as measured for the local
 * quickstart (about 12 s; issue 14 tracks making it smaller). Cluster queues can add any amount.
 */
export const RUN_OVERHEAD_ESTIMATE_MS = 12_000;

export function plannedWallMs(plan: SweepPlan): { runs: number; loadMs: number; wallMs: number; atMost: boolean } {
  const runs = plan.search ? plan.search.maxRuns * plan.repetitions : plan.points.length * plan.repetitions;
  const waves = plan.search ? runs : Math.ceil(runs / plan.maxParallel);
  return { runs, loadMs: runs * plan.loadMsPerRun, wallMs: waves * (plan.loadMsPerRun + RUN_OVERHEAD_ESTIMATE_MS), atMost: Boolean(plan.search) };
}

export function sweepPlanLine(plan: SweepPlan): string {
  const w = plannedWallMs(plan);
  const about = humanDuration;
  if (plan.search) {
    return `sweep: a search over ${plan.search.parameter} (${plan.search.metric} below ${plan.search.metric === 'errorRate' ? `${plan.search.limit * 100}%` : `${plan.search.limit} ms`}), at most ${w.runs} runs, at most ~${about(w.wallMs)} of wall time`;
  }
  return `sweep: ${plan.points.length} point${plan.points.length === 1 ? '' : 's'} × ${plan.repetitions} repetition${plan.repetitions === 1 ? '' : 's'} = ${w.runs} runs, ${plan.maxParallel} at a time; ${about(w.loadMs)} of load, planned wall time ~${about(w.wallMs)} (with about ${RUN_OVERHEAD_ESTIMATE_MS / 1000} s per run to deploy and tear down; queue waits extra)`;
}

export function sweepPlanTable(plan: SweepPlan): string {
  if (plan.search) return sweepPlanLine(plan) + `\n  starts at ${plan.search.low}, first guess above it ${plan.search.high}; doubles while passing, then bisects to ${plan.search.precision * 100}%`;
  const rows = plan.points.map((p) => [String(p.index), ...plan.columns.map((c) => JSON.stringify(p.values[c] ?? null))]);
  return `${sweepPlanLine(plan)}\n${table(rows, ['point', ...plan.columns])}`;
}

/** 216000 → "3m 36s", 7_380_000 → "2h 3m". */
export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
}
