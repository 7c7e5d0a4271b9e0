/** A sweep for the terminal: the table (one line per point, mean and 95 % interval over its repetitions) and the planned runs with their state. */
import { sweepStatistics, type MeanCi } from '../reports/sweep/sweep-statistics';
import type { SweepPointRow, SweepSummary } from '../reports/sweep/sweep-summary';
import type { SweepProgress } from '../workflows/sweep-types';
import { num, table } from './format';

const short = (p: string) => p.split('.').at(-1)!.replace(/\[.*$/, '');

export function renderSweepTable(summary: SweepSummary, folder: string): string {
  const points = sweepStatistics(summary);
  const fmt = (m: MeanCi | undefined, digits: number, scale = 1) => (m ? `${(m.mean * scale).toFixed(digits)}${m.ci !== undefined ? ` ±${(m.ci * scale).toFixed(digits)}` : ''}` : '-');
  const rows = points.map((p) => [
    ...summary.parameters.map((k) => String(p.parameters[k] ?? '')),
    `${p.n}/${p.rows.length}`,
    fmt(p.opsPerSec, 0),
    fmt(p.p50, 3),
    fmt(p.p99, 3),
    fmt(p.errorRate, 2, 100),
    p.status,
  ]);
  const head = [...summary.parameters.map(short), 'n', 'ops/s', 'p50 ms', 'p99 ms', 'errors %', 'status'];
  const lines = [`sweep ${summary.sweepId} (${summary.recipe}): ${summary.status}, ${summary.rows.length} runs`, table(rows, head)];
  if (summary.search) {
    const s = summary.search;
    lines.push(`search ${s.parameter}: ${s.found !== undefined ? `highest passing value ${s.found}` : 'no value passed'}${s.failedAt !== undefined ? `, lowest failing ${s.failedAt}` : ''} (${s.metric} below ${s.below}${s.metric === 'errorRate' ? '' : ' ms'}; ${s.state})`);
  }
  lines.push(`folder: ${folder} (points.csv, reports/report.html${summary.rows.length ? ', reports/report.pdf when the recipe asks for pdf' : ''})`);
  return lines.join('\n');
}

/** What the sweep folder's plan.json says (activities/sweep/record-sweep.ts prepareSweep): the points without their recipes. */
export interface PlanFile {
  columns: string[];
  repetitions: number;
  points: { index: number; values: Record<string, unknown>; label: string }[];
}

/** done: it completed (its figures count); failed/cancelled: it ran and did not; running; waiting: not started yet; not run: the sweep ended first. */
export type RunState = 'done' | 'failed' | 'cancelled' | 'running' | 'waiting' | 'not run';

export interface PlannedRunState {
  point: number;
  repetition: number;
  values: Record<string, unknown>;
  state: RunState;
  experimentId?: string;
  /** The run's status as recorded when it is not plain "completed" (e.g. completed_with_teardown_errors). */
  status?: string;
  opsPerSec?: number;
  p50Ms?: number;
  p99Ms?: number;
  errorRate?: number;
}

/**
 * Every planned run (point × repetition) with its state, from the plan, the rows recorded so far and
 * the runs the workflow says are running. A search has no plan: its runs are the ones recorded or running.
 */
export function plannedRunStates(plan: PlanFile | undefined, rows: SweepPointRow[], running: SweepProgress['running'], sweepOpen: boolean): PlannedRunState[] {
  const key = (p: number, r: number) => `${p}/${r}`;
  const byRun = new Map(rows.map((row) => [key(row.point, row.repetition), row]));
  const active = new Map(running.filter((r) => r.point !== undefined).map((r) => [key(r.point!, r.repetition), r]));
  const planned = plan?.points.length
    ? plan.points.flatMap((p) => Array.from({ length: plan.repetitions }, (_, repetition) => ({ point: p.index, repetition, values: p.values })))
    : [...rows.map((r) => ({ point: r.point, repetition: r.repetition, values: r.parameters as Record<string, unknown> })), ...running.filter((r) => r.point !== undefined && !byRun.has(key(r.point, r.repetition))).map((r) => ({ point: r.point!, repetition: r.repetition, values: {} }))];
  return planned
    .map(({ point, repetition, values }): PlannedRunState => {
      const row = byRun.get(key(point, repetition));
      const run = active.get(key(point, repetition));
      // A row is written once the run has finished; a retried run replaces it, so running wins.
      if (run) return { point, repetition, values, state: 'running', experimentId: run.experimentId };
      if (!row) return { point, repetition, values, state: sweepOpen ? 'waiting' : 'not run' };
      const ok = row.status === 'completed' || row.status === 'completed_with_teardown_errors';
      return {
        point,
        repetition,
        values: Object.keys(values).length ? values : row.parameters,
        state: ok ? 'done' : row.status === 'cancelled' ? 'cancelled' : 'failed',
        experimentId: row.experimentId,
        ...(row.status !== 'completed' ? { status: row.status } : {}),
        ...(ok || row.requests > 0 ? { opsPerSec: row.opsPerSec, p50Ms: row.latencyMs.p50, p99Ms: row.latencyMs.p99, errorRate: row.errorRate } : {}),
      };
    })
    .sort((a, b) => a.point - b.point || a.repetition - b.repetition);
}

/** One line per planned run: its parameters, repetition, state and, once it ran, its headline figures (or the experiment running it). */
export function renderPlannedRuns(runs: PlannedRunState[], parameters: string[], repetitions: number): string {
  const counts = (['done', 'failed', 'cancelled', 'running', 'waiting', 'not run'] as const).map((s) => [s, runs.filter((r) => r.state === s).length] as const).filter(([, n]) => n > 0);
  const rows = runs.map((r) => [
    String(r.point),
    ...parameters.map((p) => (r.values[p] === undefined ? '' : String(r.values[p]))),
    `${r.repetition + 1}/${repetitions}`,
    r.status && r.state !== 'failed' && r.state !== 'cancelled' ? `${r.state} (${r.status})` : r.state,
    r.opsPerSec !== undefined ? num(r.opsPerSec, 0) : '',
    r.p50Ms !== undefined ? r.p50Ms.toFixed(3) : '',
    r.p99Ms !== undefined ? r.p99Ms.toFixed(3) : '',
    r.errorRate !== undefined ? (r.errorRate * 100).toFixed(2) : '',
    r.state === 'running' || r.state === 'failed' || r.state === 'cancelled' ? (r.experimentId ?? '') : '',
  ]);
  const head = ['point', ...parameters.map(short), 'rep', 'state', 'ops/s', 'p50 ms', 'p99 ms', 'errors %', 'experiment'];
  return [`planned runs: ${runs.length} (${counts.map(([s, n]) => `${n} ${s}`).join(', ') || 'none'})`, table(rows, head).split('\n').map((l) => l.trimEnd()).join('\n')].join('\n');
}
