/**
 * experiments/{sweepId}/metrics/summary.json of a sweep: one row per point and repetition, rewritten
 * after every finished point so an interrupted sweep still describes what it did. Versioned like the
 * experiment summary; points.csv carries the same rows flattened.
 */
export const SWEEP_SUMMARY_SCHEMA_VERSION = 1;

export type ParameterValue = string | number | boolean;

export type SweepStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface SweepSearchSummary {
  /** The swept recipe path, e.g. workload.clients[load].executor.rate. */
  parameter: string;
  /** What must stay within the limit: a latency percentile (p50, p90, p99, p999: ms) or errorRate (a ratio, 0..1). */
  metric: 'p50' | 'p90' | 'p99' | 'p999' | 'errorRate';
  /** The limit, in the metric's unit (ms, or a ratio for errorRate). */
  below: number;
  /** Relative precision the bisection stops at (0.05: the bracket is within 5 %). */
  precision: number;
  /** The highest value that met the limit, once found (or the best so far while searching). */
  found?: number;
  /** The lowest value that failed it. */
  failedAt?: number;
  state: 'bracketing' | 'bisecting' | 'done' | 'none-passed' | 'all-passed';
}

export interface SweepPointRow {
  /** 0-based index of the point in the plan (search points are numbered in the order they ran). */
  point: number;
  /** 0-based repetition of that point. */
  repetition: number;
  /** The value of every swept parameter at this point, keyed by recipe path. */
  parameters: Record<string, ParameterValue>;
  experimentId: string;
  /** The child experiment's folder (absolute). */
  folder: string;
  status: 'completed' | 'failed' | 'cancelled' | 'completed_with_teardown_errors' | string;
  requests: number;
  errors: number;
  /** errors / requests (0 when no request was made). */
  errorRate: number;
  /** Throughput, operations per second over the measured window. */
  opsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; mean: number; max: number };
  /**
   * Service-specific headline figures from the child's summary (e.g. "ttft.p50" in ms, "output_tokens.perSec"),
   * flattened as "<metric>.<stat>"; absent when the child wrote no summary.
   */
  extra: Record<string, number>;
  /** Why a point failed, when it did. */
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  /** For search points: whether this point met the search limit. */
  passed?: boolean;
}

export interface SweepSummary {
  schemaVersion: typeof SWEEP_SUMMARY_SCHEMA_VERSION;
  sweepId: string;
  /** The recipe's name. */
  recipe: string;
  description?: string;
  backend: string;
  /** The swept recipe paths, in the recipe's order. */
  parameters: string[];
  repetitions: number;
  /** Points planned (a fixed plan: points × repetitions; a search: the points run so far). */
  plannedRuns: number;
  status: SweepStatus;
  startedAt: string;
  updatedAt: string;
  search?: SweepSearchSummary;
  rows: SweepPointRow[];
}
