import { performance } from 'node:perf_hooks';
import { connectWithRetry } from './connect-with-retry';
import { createDriver } from './drivers/create-driver';
import { findExternalTool } from './drivers/external/external-tools';
import { runExternalTool } from './drivers/external/run-external-tool';
import { createExecutor } from './executors/create-executor';
import { HealthMonitor } from './executors/health-monitor';
import { RunClock } from './executors/run-clock';
import { writeProgressFile } from './progress-file';
import { LatencyRecorder } from './results/latency-recorder';
import type { ClientProgress, ClientResult } from './results/result-file';
import { makeClientResult } from './make-client-result';
import { writeResultFile } from './results/result-writer';
import { startMetricsEndpoint } from './metrics-endpoint';
import type { ClientSpec } from './spec';

export { parseClientSpec, ClientSpecError } from './parse-client-spec';

export interface RunClientOptions {
  /** Aborting stops the load; the partial result is still written. */
  signal?: AbortSignal;
}

/** Runs one client instance: drives load per `spec`, writes progress while running and the result to `outFile`. */
export async function runClient(spec: ClientSpec, outFile: string, opts: RunClientOptions = {}): Promise<ClientResult> {
  const tool = findExternalTool(spec.driver.kind);
  if (tool) return runExternalTool(tool, spec, outFile, opts.signal);
  const driver = createDriver(spec.driver.kind, spec.driver.target, spec.driver.options);
  const executor = createExecutor(spec.executor);
  await connectWithRetry(driver, executor.connections, 30_000, opts.signal);

  const recorder = new LatencyRecorder();
  const metrics = spec.metricsPort ? await startMetricsEndpoint(spec, recorder) : undefined;
  const clock = new RunClock({ warmupMs: spec.warmupMs, durationMs: spec.durationMs, requests: spec.requests, signal: opts.signal });
  const health = new HealthMonitor();
  const startedAt = new Date();
  clock.start();
  // Epoch time of the monotonic clock's zero, so per-second samples carry wall-clock stamps.
  const epochOffsetMs = Date.now() - performance.now();

  const progress = (phase: ClientProgress['phase']): void => {
    if (!spec.progressFile) return;
    const now = performance.now();
    const measuredMs = Math.max(0, Math.min(now, clock.endMs) - clock.measureStartMs);
    writeProgressFile(spec.progressFile, {
      instance: spec.instance,
      phase,
      elapsedMs: Math.round(now - clock.startMs),
      requests: recorder.requests,
      errors: recorder.errorCount,
      opsPerSec: measuredMs > 0 ? Math.round((recorder.requests * 1000) / measuredMs) : 0,
      updatedAt: Date.now(),
    });
  };
  progress('warmup');
  const progressTimer = setInterval(() => progress(clock.phase()), 1000);

  let secondStartMs = clock.measureStartMs;
  let secondTimer: NodeJS.Timeout | undefined;
  const closeSecond = (): void => {
    recorder.closeSecond(Math.round(epochOffsetMs + secondStartMs));
    secondStartMs += 1000;
  };
  // The client's own health counts over the measured window only, like its numbers (JIT warm-up excluded).
  const secondsStart = setTimeout(() => {
    health.start();
    secondTimer = setInterval(closeSecond, 1000);
  }, spec.warmupMs);

  try {
    await executor.run({ driver: metrics ? metrics.instrument(driver) : driver, clock, recorder, drainTimeoutMs: spec.drainTimeoutMs });
  } finally {
    clearInterval(progressTimer);
    clearTimeout(secondsStart);
    clearInterval(secondTimer);
    await driver.close();
    await metrics?.close();
  }
  recorder.closeSecond(Math.round(epochOffsetMs + secondStartMs), false);

  const warnings = [...executor.warnings()];
  const durationMs = clock.measuredWindowMs();
  if (clock.stopReason === 'aborted') warnings.push(`aborted after ${Math.round(durationMs)} ms of the measured window: this is a partial result`);
  if (recorder.requests === 0) warnings.push('no measured requests: check warmupMs against the run length and the target');

  const result = makeClientResult(spec, {
    executor: executor.type,
    loop: executor.loop,
    startedAt,
    durationMs,
    histogram: recorder.total,
    ok: recorder.ok,
    errors: recorder.errors,
    dropped: recorder.dropped,
    series: recorder.series,
    health: health.stop(executor.loop === 'closed', executor.saturation?.()),
    warnings,
  });
  writeResultFile(outFile, result);
  progress('done');
  return result;
}
