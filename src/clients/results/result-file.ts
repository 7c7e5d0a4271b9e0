/** The file one client instance writes when it ends. Versioned: readers check schemaVersion. */

export const RESULT_SCHEMA_VERSION = 1;

/** Latencies are recorded in microseconds. */
export interface SecondSample {
  /** Epoch milliseconds at the start of the second. */
  t: number;
  requests: number;
  errors: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
}

export interface ClientHealth {
  eventLoopLagP99Ms: number;
  cpuPct: number;
  /** True when the client itself was the bottleneck: its numbers measure the client, not the service. */
  saturated: boolean;
  reason?: string;
}

export interface ClientResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  experiment: string;
  instance: string;
  driver: string;
  executor: string;
  loop: 'closed' | 'open';
  startedAt: string;
  endedAt: string;
  /** Measured window, warm-up excluded. */
  durationMs: number;
  /** Base64 of the HDR histogram (hdr-histogram-js encode), microseconds, 3 significant digits. */
  histogram: string;
  counters: { requests: number; ok: number; errors: number; dropped: number };
  errors: Record<string, number>;
  series: SecondSample[];
  health: ClientHealth;
  warnings: string[];
}

/** Live counters, rewritten about once a second while the instance runs. */
export interface ClientProgress {
  instance: string;
  phase: 'warmup' | 'measuring' | 'done';
  elapsedMs: number;
  requests: number;
  errors: number;
  opsPerSec: number;
  updatedAt: number;
}
