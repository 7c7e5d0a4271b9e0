import { createLatencyHistogram, decodeHistogram, summarizeLatency, type LatencySummaryUs } from './histogram';
import type { ClientResult } from './result-file';

export interface MergedResults {
  instances: number;
  requests: number;
  ok: number;
  errors: number;
  dropped: number;
  errorsByType: Record<string, number>;
  /** The longest instance window: instances run side by side, not one after another. */
  durationMs: number;
  /** Sum of each instance's own rate, so instances that started a little apart still add up. */
  opsPerSec: number;
  latencyUs: LatencySummaryUs;
  loop: 'closed' | 'open' | 'mixed';
  saturatedInstances: string[];
}

/** Exact merge: histograms are added, never percentiles averaged. */
export function mergeResults(results: ClientResult[]): MergedResults {
  const total = createLatencyHistogram();
  const errorsByType: Record<string, number> = {};
  let requests = 0;
  let ok = 0;
  let errors = 0;
  let dropped = 0;
  let durationMs = 0;
  let opsPerSec = 0;
  const loops = new Set<'closed' | 'open'>();
  const saturatedInstances: string[] = [];
  for (const r of results) {
    total.add(decodeHistogram(r.histogram));
    requests += r.counters.requests;
    ok += r.counters.ok;
    errors += r.counters.errors;
    dropped += r.counters.dropped;
    for (const [type, n] of Object.entries(r.errors)) errorsByType[type] = (errorsByType[type] ?? 0) + n;
    durationMs = Math.max(durationMs, r.durationMs);
    if (r.durationMs > 0) opsPerSec += (r.counters.requests * 1000) / r.durationMs;
    loops.add(r.loop);
    if (r.health.saturated) saturatedInstances.push(r.instance);
  }
  const loop = loops.size === 1 ? [...loops][0] : loops.size === 0 ? 'closed' : 'mixed';
  return {
    instances: results.length,
    requests,
    ok,
    errors,
    dropped,
    errorsByType,
    durationMs,
    opsPerSec,
    latencyUs: summarizeLatency(total),
    loop,
    saturatedInstances,
  };
}
