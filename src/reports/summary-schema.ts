/**
 * metrics/summary.json, schema version 3. Documented here and in README.md (Experiment folder);
 * readers check schemaVersion. Latencies are milliseconds (3 decimals), rates per second.
 * Version 2 adds, per group, the driver's named `metrics` (TTFT, ITL, recall), `counts` (tokens,
 * bytes) and `prepare` (load and index time), and per service the `version` that ran. Everything a
 * version 1 reader used is where it was, so readers accept both.
 * Version 3 adds the experiment status `completed_with_teardown_errors` (see ExperimentStatusValue);
 * nothing else changed, so a version 2 reader that treats an unknown status as "not completed" reads it.
 */
export const SUMMARY_SCHEMA_VERSION = 3;
export const READABLE_SUMMARY_VERSIONS: readonly number[] = [1, 2, 3];

/**
 * How the experiment ended:
 * - `completed`: it ran as planned and everything it launched was stopped.
 * - `completed_with_teardown_errors` (v3): it ran as planned and the results are valid, but teardown
 *   could not stop everything (named in `warnings` and in logs/orchestrator.log); the reaper removes
 *   what is left once it can be stopped. `partial` is false unless clients failed.
 * - `failed`: it stopped early (a service past restart.maxRetries, all clients failed, a timeout); the
 *   numbers cover what ran (`partial` true).
 * - `cancelled`: cancelled by a user (`bench cancel`, Ctrl-C); the numbers cover what ran.
 */
export type ExperimentStatusValue = 'completed' | 'completed_with_teardown_errors' | 'failed' | 'cancelled';

export interface LatencyMs {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** What a client group, and the whole run, measured. */
export interface LoadCounters {
  requests: number;
  ok: number;
  errors: number;
  dropped: number;
  opsPerSec: number;
  latencyMs: LatencyMs;
  errorsByType: Record<string, number>;
}

export interface GroupSummary extends LoadCounters {
  name: string;
  driver: string;
  executor: string;
  /** closed: each user waits for its reply (latency excludes queueing); open: arrivals on a schedule. */
  loop: string;
  target: string;
  instancesPlanned: number;
  instancesCompleted: number;
  instancesFailed: string[];
  saturatedInstances: string[];
  perInstance: { instance: string; status: string; requests: number; opsPerSec: number; errors: number; target?: string }[];
  /** v2, replicated targets: each replica's share of the load. */
  perReplica?: { replica: string; instances: number; requests: number; errors: number; opsPerSec: number; latencyMs: LatencyMs }[];
  /** v2: the driver's named measurements; 'ms' ones like latencyMs, 'ratio' ones (recall) 0..1. */
  metrics?: Record<string, MetricSummary>;
  /** v2: the driver's counts (output tokens, bytes) over the measured window, and per second. */
  counts?: Record<string, { total: number; perSec: number }>;
  /** v2: the driver's prepare phase, measured apart: milliseconds per step, and facts. */
  prepare?: { phasesMs: Record<string, number>; facts: Record<string, number | string> };
}

export interface MetricSummary extends LatencyMs {
  unit: 'ms' | 'ratio';
  /** How many values were recorded. */
  count: number;
}

export interface Summary {
  schemaVersion: 1 | 2 | 3;
  experiment: {
    id: string;
    recipe: string;
    backend: string;
    status: ExperimentStatusValue;
    error?: string;
    startedAt: string;
    runStartedAt?: string;
    endedAt: string;
    /** True when the run did not finish as planned: numbers cover what ran. */
    partial: boolean;
  };
  totals: LoadCounters & {
    instances: { planned: number; completed: number; failed: number };
    /** completed / planned instances: below 1 the load was reduced. */
    loadShare: number;
  };
  groups: GroupSummary[];
  services: { name: string; kind: string; restarts: number; downIntervals: { from: string; to?: string; reason: string }[]; version?: string }[];
  gaps: { source: string; from: string; to: string; seconds: number }[];
  resources?: Record<string, unknown>;
  warnings: string[];
  /** Scheduled runs only: the comparison with the schedule's baseline (see src/reports/compare.ts). */
  regression?: RegressionRecord;
}

export interface RegressionRecord {
  scheduleId: string;
  baselineId: string;
  /** True when a gated metric crossed its threshold. */
  regressed: boolean;
  /** Why, e.g. "p99 latency +23.4 % (0.5 → 0.6 ms; threshold +10 %)"; empty when it passed. */
  reasons: string[];
  thresholds: { p99IncreasePct: number; throughputDecreasePct: number };
  comparedAt: string;
  /** This run became the baseline (the schedule's first completed run). */
  isBaseline?: boolean;
}
