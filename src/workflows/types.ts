/** Types shared by workflow code and activities. Pure: no runtime imports beyond types. */
import type { Handle } from '../backends/backend';

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

export type Phase = 'validating' | 'preparing' | 'deploying' | 'running' | 'collecting' | 'tearing-down' | 'completed' | 'failed' | 'cancelled';

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
}

/** What the workflow returns: small, never raw samples. The full summary is metrics/summary.json. */
export interface ExperimentResult {
  experimentId: string;
  folder: string;
  status: 'completed' | 'failed' | 'cancelled';
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
