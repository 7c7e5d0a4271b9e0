/**
 * A sweep's rows grouped by point (the same parameter values), with the mean and the 95 % confidence
 * interval of each figure over the point's completed repetitions: mean ± t(0.975, n−1)·s/√n (Student t,
 * s the sample standard deviation). One repetition gives a mean and no interval. Failed, cancelled and
 * running repetitions are counted but not measured.
 */
import { studentTQuantile } from './student-t';
import type { ParameterValue, SweepPointRow, SweepSummary } from './sweep-summary';

export interface MeanCi {
  /** How many values the mean is over. */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); absent for n = 1. */
  sd?: number;
  /** Half-width of the 95 % confidence interval; absent for n = 1. */
  ci?: number;
  lo?: number;
  hi?: number;
}

export type PointStatus = 'completed' | 'running' | 'partial' | 'failed' | 'cancelled' | 'planned';

export interface PointStatistics {
  /** Canonical key of the parameter values (JSON of the values in the sweep's parameter order). */
  key: string;
  /** The lowest plan index among the point's rows. */
  point: number;
  parameters: Record<string, ParameterValue>;
  /** Rows of this point, any status, by repetition. */
  rows: SweepPointRow[];
  /** Repetitions that completed (their figures are the statistics). */
  n: number;
  /**
   * completed: every row completed; running: a row is still running; partial: some completed, some
   * failed; failed / cancelled: none completed.
   */
  status: PointStatus;
  opsPerSec?: MeanCi;
  p50?: MeanCi;
  p90?: MeanCi;
  p99?: MeanCi;
  p999?: MeanCi;
  /** errors / requests, a ratio 0..1. */
  errorRate?: MeanCi;
  /** Each `extra` figure of the rows, by name. */
  extra: Record<string, MeanCi>;
  /** Search points: whether every repetition that was judged met the limit. */
  passed?: boolean;
  /** Why repetitions failed. */
  errors: string[];
}

const COMPLETED = new Set(['completed', 'completed_with_teardown_errors']);

/** A repetition whose figures count: it ran to the end (teardown trouble does not spoil the measurement). */
export function isCompletedRun(status: unknown): boolean {
  return typeof status === 'string' && COMPLETED.has(status);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Mean and 95 % Student-t confidence interval of the finite numbers among values; undefined when there are none. */
export function meanCi(values: unknown[], confidence = 0.95): MeanCi | undefined {
  const xs = values.filter(finite);
  const n = xs.length;
  if (n === 0) return undefined;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const ci = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci, lo: mean - ci, hi: mean + ci };
}

/** The parameters of a row in the sweep's order (then any others the row has, sorted), as a key. */
export function pointKey(summary: Pick<SweepSummary, 'parameters'>, parameters: Record<string, ParameterValue>): string {
  const names = [...summary.parameters, ...Object.keys(parameters ?? {}).filter((k) => !summary.parameters.includes(k)).sort()];
  return JSON.stringify(names.map((k) => parameters?.[k] ?? null));
}

function pointStatus(rows: SweepPointRow[], n: number): PointStatus {
  if (rows.some((r) => r.status === 'running')) return 'running';
  if (n === rows.length) return 'completed';
  if (n > 0) return 'partial';
  return rows.every((r) => r.status === 'cancelled') ? 'cancelled' : 'failed';
}

/** One entry per point, in plan order. */
export function sweepStatistics(summary: Pick<SweepSummary, 'parameters' | 'rows'>): PointStatistics[] {
  const groups = new Map<string, SweepPointRow[]>();
  for (const row of summary.rows ?? []) {
    const key = pointKey(summary, row.parameters);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  const points = [...groups.entries()].map(([key, unsorted]): PointStatistics => {
    const rows = [...unsorted].sort((a, b) => Number(a.repetition) - Number(b.repetition));
    const done = rows.filter((r) => isCompletedRun(r.status));
    const extraNames = [...new Set(done.flatMap((r) => Object.keys(r.extra ?? {})))].sort();
    const judged = rows.filter((r) => typeof r.passed === 'boolean');
    return {
      key,
      point: Math.min(...rows.map((r) => (finite(r.point) ? r.point : Number.MAX_SAFE_INTEGER))),
      parameters: rows[0].parameters ?? {},
      rows,
      n: done.length,
      status: pointStatus(rows, done.length),
      opsPerSec: meanCi(done.map((r) => r.opsPerSec)),
      p50: meanCi(done.map((r) => r.latencyMs?.p50)),
      p90: meanCi(done.map((r) => r.latencyMs?.p90)),
      p99: meanCi(done.map((r) => r.latencyMs?.p99)),
      p999: meanCi(done.map((r) => r.latencyMs?.p999)),
      errorRate: meanCi(done.map((r) => r.errorRate)),
      extra: Object.fromEntries(extraNames.flatMap((name) => {
        const s = meanCi(done.map((r) => r.extra?.[name]));
        return s ? [[name, s]] : [];
      })),
      passed: judged.length ? judged.every((r) => r.passed) : undefined,
      errors: [...new Set(rows.map((r) => r.error).filter((e): e is string => typeof e === 'string' && e.length > 0))],
    };
  });
  return points.sort((a, b) => a.point - b.point);
}

/** The figures a search can judge by (SweepSearchSummary.metric), as named in PointStatistics. */
export const SEARCH_METRICS = ['p50', 'p90', 'p99', 'p999', 'errorRate'] as const;

/** A point's figure for a search metric; undefined for a metric that is not one (a hand-edited summary). */
export function searchFigure(p: PointStatistics, metric: unknown): MeanCi | undefined {
  return (SEARCH_METRICS as readonly unknown[]).includes(metric) ? p[metric as (typeof SEARCH_METRICS)[number]] : undefined;
}

/** Names of every extra figure over the points (sorted). */
export function extraNames(points: PointStatistics[]): string[] {
  return [...new Set(points.flatMap((p) => Object.keys(p.extra)))].sort();
}
