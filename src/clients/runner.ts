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
import { Measurements } from './results/measurements';
import { findDriver } from './drivers/catalog';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const measurements = new Measurements(findDriver(spec.driver.kind)?.measurements);
  const driverWarnings: string[] = [];
  const workDir = mkdtempSync(join(tmpdir(), `bench-${spec.driver.kind}-`));
  try {
    const driver = createDriver(spec.driver.kind, spec.driver.target, spec.driver.options, {
      measure: measurements,
      rank: spec.rank,
      instances: spec.instances,
      workDir,
      warn: (m) => driverWarnings.push(m),
    });
    const executor = createExecutor(spec.executor);
    await connectWithRetry(driver, executor.connections, 30_000, opts.signal);
    let prepare;
    if (driver.prepare) {
      if (spec.progressFile) writeProgressFile(spec.progressFile, { instance: spec.instance, phase: 'preparing', elapsedMs: 0, requests: 0, errors: 0, opsPerSec: 0, updatedAt: Date.now() });
      // Progress keeps being written while a long prepare runs, so supervision does not take it for a stall.
      const beat = setInterval(() => spec.progressFile && writeProgressFile(spec.progressFile, { instance: spec.instance, phase: 'preparing', elapsedMs: 0, requests: 0, errors: 0, opsPerSec: 0, updatedAt: Date.now() }), 1000);
      try {
        prepare = await driver.prepare();
      } finally {
        clearInterval(beat);
      }
    }
    return await measure(spec, outFile, opts, { driver, executor, measurements, driverWarnings, prepare });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

interface Prepared {
  driver: ReturnType<typeof createDriver>;
  executor: ReturnType<typeof createExecutor>;
  measurements: Measurements;
  driverWarnings: string[];
  prepare?: ClientResult['prepare'];
}

async function measure(spec: ClientSpec, outFile: string, opts: RunClientOptions, p: Prepared): Promise<ClientResult> {
  const { driver, executor, measurements } = p;

  const recorder = new LatencyRecorder();
  const metrics = spec.metricsPort || spec.metricsAnyPort ? await startMetricsEndpoint(spec, recorder) : undefined;
  const clock = new RunClock({ warmupMs: spec.warmupMs, durationMs: spec.durationMs, requests: spec.requests, signal: opts.signal });
  const health = new HealthMonitor();
  const startedAt = new Date();
  clock.start();
  void clock.stopped.then(() => (measurements.active = false));
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
      ...(metrics ? { metricsPort: metrics.port } : {}),
    });
  };
  progress('warmup');
  const progressTimer = setInterval(() => progress(clock.phase()), 1000);

  let secondStartMs = clock.measureStartMs;
  let secondTimer: NodeJS.Timeout | undefined;
  const closeSecond = (): void => {
    recorder.closeSecond(Math.round(epochOffsetMs + secondStartMs), true, measurements.closeSecond());
    secondStartMs += 1000;
  };
  // The client's own health counts over the measured window only, like its numbers (JIT warm-up excluded).
  const secondsStart = setTimeout(() => {
    measurements.active = true;
    health.start();
    secondTimer = setInterval(closeSecond, 1000);
  }, spec.warmupMs);

  try {
    await executor.run({ driver: metrics ? metrics.instrument(driver) : driver, clock, recorder, drainTimeoutMs: spec.drainTimeoutMs });
  } finally {
    measurements.active = false;
    clearInterval(progressTimer);
    clearTimeout(secondsStart);
    clearInterval(secondTimer);
    await driver.close();
    await metrics?.close();
  }
  recorder.closeSecond(Math.round(epochOffsetMs + secondStartMs), false, measurements.closeSecond());

  const warnings = [...executor.warnings(), ...p.driverWarnings];
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
    measurements: measurements.encode(),
    counts: measurements.totals,
    prepare: p.prepare,
  });
  writeResultFile(outFile, result);
  progress('done');
  return result;
}
