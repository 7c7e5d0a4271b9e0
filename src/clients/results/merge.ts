import { createLatencyHistogram, decodeHistogram, summarizeLatency, type LatencySummaryUs } from './histogram';
import { RATIO_SCALE } from './measurements';
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
  /** The drivers' named measurements, merged exactly (histograms added, sums added). */
  measurements: Record<string, MergedMeasurement>;
  /** The drivers' counts, totalled, and as a rate: the sum of each instance's own rate. */
  counts: Record<string, { total: number; perSec: number }>;
  /** Longest time per prepare step across instances (they prepare side by side). */
  prepareMs: Record<string, number>;
  prepareFacts: Record<string, number | string>;
}

export interface MergedMeasurement {
  unit: 'us' | 'ratio';
  count: number;
  mean: number;
  summary: LatencySummaryUs;
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
  const extra = new Map<string, { unit: 'us' | 'ratio'; h: ReturnType<typeof createLatencyHistogram>; count: number; sum: number }>();
  const counts: Record<string, { total: number; perSec: number }> = {};
  const prepareMs: Record<string, number> = {};
  const prepareFacts: Record<string, number | string> = {};
  for (const r of results) {
    for (const [name, m] of Object.entries(r.measurements ?? {})) {
      let acc = extra.get(name);
      if (!acc) extra.set(name, (acc = { unit: m.unit, h: createLatencyHistogram(), count: 0, sum: 0 }));
      acc.h.add(decodeHistogram(m.histogram));
      acc.count += m.count;
      acc.sum += m.sum;
    }
    for (const [name, n] of Object.entries(r.counts ?? {})) {
      const c = (counts[name] ??= { total: 0, perSec: 0 });
      c.total += n;
      if (r.durationMs > 0) c.perSec += (n * 1000) / r.durationMs;
    }
    for (const [step, ms] of Object.entries(r.prepare?.phasesMs ?? {})) prepareMs[step] = Math.max(prepareMs[step] ?? 0, ms);
    // Numeric facts (objects uploaded, rows loaded) add up across instances that split the work.
    for (const [k, v] of Object.entries(r.prepare?.facts ?? {})) prepareFacts[k] = typeof v === 'number' && typeof prepareFacts[k] === 'number' ? (prepareFacts[k] as number) + v : v;
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
    measurements: Object.fromEntries(
      [...extra].map(([name, m]) => {
        const scale = m.unit === 'ratio' ? 1 / RATIO_SCALE : 1;
        const s = summarizeLatency(m.h);
        // A ratio's bucket upper bound can pass 1 (10 000 sits in a bucket 8 wide): clamp to what a ratio can be.
        const at = (v: number) => (m.unit === 'ratio' ? Math.min(1, v * scale) : v);
        const scaled = { p50: at(s.p50), p90: at(s.p90), p99: at(s.p99), p999: at(s.p999), max: at(s.max), mean: at(s.mean) };
        return [name, { unit: m.unit, count: m.count, mean: m.count ? m.sum / m.count : 0, summary: scaled }];
      }),
    ),
    counts,
    prepareMs,
    prepareFacts,
  };
}
