/** Types shared by workflow code and activities. Pure: no runtime imports beyond types. */
import type { Handle } from '../backends/backend';
import type { MonitorHealth } from '../monitors/types';

export interface ExperimentInput {
  /** Defaults to the workflow id (scheduled runs get theirs from the schedule). */
  experimentId?: string;
  recipeText: string;
  /** Where the recipe came from, for messages (a path or "api"). */
  recipeSource?: string;
  /** Absolute path of the experiments folder on the worker's machine. */
  outputRoot: string;
  /** Schedule that started this run, if any. */
  scheduleId?: string;
  /** Scheduled runs: fail the run when the comparison with the schedule's baseline finds a regression. */
  failOnRegression?: boolean;
}

/** What the comparison of a scheduled run with its schedule's baseline found (activity compareWithBaseline). */
export interface BaselineVerdict {
  /** baseline: this run is (now) the baseline; none: nothing to compare (no summary, no baseline yet). */
  state: 'baseline' | 'pass' | 'regressed' | 'none';
  baselineId?: string;
  reasons: string[];
}

/**
 * completed_with_teardown_errors: the run completed and its results are valid, but teardown could not
 * stop everything it launched (named in progress.teardownErrors, the log and summary.json warnings);
 * the reaper removes what is left once it can be stopped.
 */
export type Phase = 'validating' | 'preparing' | 'deploying' | 'running' | 'collecting' | 'tearing-down' | 'completed' | 'completed_with_teardown_errors' | 'failed' | 'cancelled';

/** How an experiment ended (ExperimentResult, summary.json, metadata.out). */
export type ExperimentStatus = 'completed' | 'completed_with_teardown_errors' | 'failed' | 'cancelled';

export interface DeployedService {
  name: string;
  kind: string;
  handle: Handle;
  /** 0 for the first launch, +1 per restart. */
  generation: number;
}

export interface LaunchedClient {
  group: string;
  instance: string;
  handle: Handle;
  /** The replica this instance loads, when its target service has several. */
  target?: string;
  /** Its /metrics port, when instances share one handle (a task group) and so not handle.ports. */
  metricsPort?: number;
}

export interface ServiceHealth {
  name: string;
  ok: boolean;
  state: string;
  detail?: string;
  /** Nodes the service ran on, where the backend knows them (a lost one is rescheduled away from them). */
  nodes?: string[];
  /** The backend's Status.incarnation, when the service is running. */
  incarnation?: string;
}

export interface ClientState {
  instance: string;
  state: string;
  exitCode?: number;
  reason?: string;
  requests: number;
  errors: number;
  opsPerSec: number;
  phase?: string;
  /** How long ago a running instance last wrote its progress file (undefined until it first does). */
  progressAgeMs?: number;
}

export interface TickReport {
  services: ServiceHealth[];
  clients: ClientState[];
}

/** A service's current run of failed health checks: how many in a row, since when (the down interval's start). */
export interface FailureCount {
  count: number;
  since: string;
}

/**
 * Why a supervision span (many ticks in one activity) came back to the workflow: something needs a
 * decision (a service failed its checks failureThreshold times, a client failed or stalled, Prometheus
 * is down, every client ended, the run's deadline passed), or the checkpoint came (progress refresh).
 */
export type SpanEnd = 'service-down' | 'service-replaced' | 'client-failed' | 'monitor-down' | 'clients-done' | 'deadline' | 'checkpoint';

export interface SpanReport {
  reason: SpanEnd;
  /** The last tick's look. */
  report: TickReport;
  /** Per service, its current run of failed checks (absent: its last check passed). */
  failures: Record<string, FailureCount>;
  /** Prometheus' last look, when the span watched it (and the look itself worked). */
  monitor?: MonitorHealth;
  /** Prometheus' last healthy look (the start of a data gap should it be down). */
  monitorOkAt?: string;
  /** When the last tick looked. */
  at: string;
  ticks: number;
}

/** Something teardown could not stop (or could not list): named in the log, summary.json and metadata.out. */
export interface TeardownFailure {
  id: string;
  role: string;
  name: string;
  error: string;
}

export interface ServiceRecord {
  name: string;
  kind: string;
  state: string;
  restarts: number;
  downIntervals: { from: string; to?: string; reason: string }[];
}

export interface ExperimentProgress {
  experimentId: string;
  recipe: string;
  backend: string;
  phase: Phase;
  startedAt: string;
  /** Planned measured time of the longest client group, warm-up included. */
  plannedRunMs: number;
  runStartedAt?: string;
  services: ServiceRecord[];
  clients: { planned: number; running: number; completed: number; failed: number; requests: number; errors: number; opsPerSec: number };
  events: { at: string; message: string }[];
  warnings: string[];
  folder?: string;
  error?: string;
  /** When supervision last looked at services and clients (the counters above are from then). */
  checkedAt?: string;
  /** What teardown could not stop, one line each (role name (handle id): error). */
  teardownErrors?: string[];
}

/** What the workflow returns: small, never raw samples. The full summary is metrics/summary.json. */
export interface ExperimentResult {
  experimentId: string;
  folder: string;
  status: ExperimentStatus;
  summary: HeadlineSummary;
}

export interface HeadlineSummary {
  requests: number;
  errors: number;
  opsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  errorsByType: Record<string, number>;
  instances: { planned: number; completed: number; failed: number };
  loop: string;
  saturatedInstances: string[];
  warnings: string[];
}
