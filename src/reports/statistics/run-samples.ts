/**
 * The samples a comparison tests with, from one run: its per-second series (all client instances
 * together) and its merged latency histogram. Pure: the I/O that finds them lives in compare-files.ts.
 */
import type { QuantileSource } from './quantile-interval';

export interface PerSecondSamples {
  /** Requests per second, all instances summed. */
  opsPerSec: number[];
  /** Per-second latency percentiles (ms): exact for one instance; with several, the request-weighted mean of theirs (seconds without requests are left out). */
  p50Ms: number[];
  p90Ms: number[];
  p99Ms: number[];
}

export interface RunSamples {
  perSecond: PerSecondSamples;
  /** The merged latency histogram (ms), for intervals of percentiles the series lacks (p99.9). */
  latency?: QuantileSource;
  /** Where the samples came from, e.g. "metrics/clients/*.result.json (2 instances)". */
  source: string;
}

/** One instance's series as a result file or raw_results.csv has it (latencies in microseconds). */
export interface InstanceSeries {
  /** The measured window: a trailing partial second (requests finishing after it) is left out. */
  durationMs?: number;
  series: { requests: number; p50Us: number; p90Us: number; p99Us: number }[];
}

/**
 * Instances are aligned by their own second index (instances start a moment apart). Seconds that
 * only some instances reached are left out, unless that would leave fewer than half of them.
 */
export function perSecondSamples(instances: readonly InstanceSeries[]): PerSecondSamples {
  const series = instances
    .map((i) => (i.durationMs !== undefined && i.durationMs > 0 ? i.series.slice(0, Math.max(1, Math.round(i.durationMs / 1000))) : i.series))
    .filter((s) => s.length > 0);
  const out: PerSecondSamples = { opsPerSec: [], p50Ms: [], p90Ms: [], p99Ms: [] };
  if (!series.length) return out;
  const longest = Math.max(...series.map((s) => s.length));
  const shortest = Math.min(...series.map((s) => s.length));
  const seconds = shortest >= longest / 2 ? shortest : longest;
  for (let k = 0; k < seconds; k++) {
    let requests = 0;
    const w = { p50: 0, p90: 0, p99: 0 };
    for (const s of series) {
      const x = s[k];
      if (!x) continue;
      requests += x.requests;
      w.p50 += x.requests * x.p50Us;
      w.p90 += x.requests * x.p90Us;
      w.p99 += x.requests * x.p99Us;
    }
    out.opsPerSec.push(requests);
    if (requests > 0) {
      out.p50Ms.push(w.p50 / requests / 1000);
      out.p90Ms.push(w.p90 / requests / 1000);
      out.p99Ms.push(w.p99 / requests / 1000);
    }
  }
  return out;
}
