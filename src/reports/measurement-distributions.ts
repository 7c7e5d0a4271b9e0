/** Percentile curves of the drivers' millisecond measurements (TTFT, per-operation latency), per client group, from the exact merge of the instances' histograms. */
import { createLatencyHistogram, decodeHistogram, type LatencyHistogram } from '../clients/results/histogram';
import type { ClientResult } from '../clients/results/result-file';

export interface PercentilePoint {
  percentile: number;
  ms: number;
}

export interface MeasurementDistribution {
  group: string;
  name: string;
  count: number;
  points: PercentilePoint[];
}

const PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999];

/** A microsecond histogram at fixed percentiles, in ms to 3 significant digits (1 µs stays visible on a log axis). */
export function percentileCurve(h: LatencyHistogram): PercentilePoint[] {
  if (h.totalCount === 0) return [];
  return PERCENTILES.map((p) => ({ percentile: p, ms: Number((h.getValueAtPercentile(p) / 1000).toPrecision(3)) }));
}

/** Only microsecond ('us') measurements: ratios (recall) are not latencies. `order` sorts names within a group. */
export function measurementDistributions(results: { group: string; result: ClientResult }[], order: (names: string[]) => string[] = (n) => n): MeasurementDistribution[] {
  const merged = new Map<string, Map<string, LatencyHistogram>>();
  for (const { group, result } of results) {
    for (const [name, m] of Object.entries(result.measurements ?? {})) {
      if (m.unit !== 'us' || m.count === 0) continue;
      const byName = merged.get(group) ?? merged.set(group, new Map()).get(group)!;
      const h = byName.get(name) ?? byName.set(name, createLatencyHistogram()).get(name)!;
      try {
        h.add(decodeHistogram(m.histogram));
      } catch {
        // undecodable histogram: the curve shows the instances that decode
      }
    }
  }
  return [...merged].flatMap(([group, byName]) =>
    order([...byName.keys()]).flatMap((name) => {
      const h = byName.get(name)!;
      return h.totalCount ? [{ group, name, count: h.totalCount, points: percentileCurve(h) }] : [];
    }),
  );
}
