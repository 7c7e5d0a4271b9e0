/** The file one client instance writes when it ends. Versioned: readers check schemaVersion. */

import type { PrepareReport } from '../drivers/driver';
import type { EncodedMeasurement } from './measurements';

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
  /** The driver's counts in this second (output tokens, bytes), when it keeps any. */
  counts?: Record<string, number>;
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
  /** The driver's named measurements (TTFT, ITL, recall): histograms that merge exactly. */
  measurements?: Record<string, EncodedMeasurement>;
  /** The driver's counts over the measured window (output tokens, bytes). */
  counts?: Record<string, number>;
  /** The driver's prepare phase (data load, index build), measured apart from the load. */
  prepare?: PrepareReport;
}

/** Live counters, rewritten about once a second while the instance runs. */
export interface ClientProgress {
  instance: string;
  phase: 'preparing' | 'warmup' | 'measuring' | 'done';
  elapsedMs: number;
  requests: number;
  errors: number;
  opsPerSec: number;
  updatedAt: number;
  /** Where its /metrics listens, once it does. */
  metricsPort?: number;
}
