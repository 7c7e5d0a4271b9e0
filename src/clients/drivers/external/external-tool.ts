import type { z } from 'zod';
import type { LatencyHistogram } from '../../results/histogram';
import type { ClientSpec } from '../../spec';
import type { SecondSample } from '../../results/result-file';

/** What a tool reported, in the shape of a ClientResult's measurements. */
export interface ToolOutput {
  ok: number;
  errors: Record<string, number>;
  durationMs: number;
  histogram: LatencyHistogram;
  warnings: string[];
  /** Per-second samples, from tools that report while they run (fio --status-interval). */
  series?: SecondSample[];
}

export interface ToolCommand {
  command: string;
  args: string[];
  /** Threads the tool runs, to judge its CPU use (saturated near 100 % per thread). */
  threads: number;
}

/**
 * A load tool run as a whole process (wrk, redis-benchmark, pgbench, fio) whose output becomes a
 * ClientResult. `workDir` is a private temporary folder for scripts and logs.
 */
export interface ExternalTool {
  readonly kind: string;
  readonly description: string;
  /** Strict schema of workload.clients[].options. */
  readonly options: z.ZodType;
  readonly protocols: string[];
  /** Validates options and builds the command; `phase` warmup runs the same load, discarded. */
  command(spec: ClientSpec, workDir: string, phase: 'warmup' | 'measure'): ToolCommand;
  parse(stdout: string, workDir: string): ToolOutput;
  /** False when the tool cannot run a time-bounded warm-up (then warmupMs is ignored, with a warning). */
  readonly supportsWarmup?: boolean;
  /** Run once before the first command (e.g. pgbench -i), not measured. */
  prepare?(spec: ClientSpec, workDir: string): ToolCommand | undefined;
}

export class ToolOutputError extends Error {
  override name = 'ToolOutputError';
}

/** Seconds for tools that take whole seconds: never less than asked for. */
export function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
