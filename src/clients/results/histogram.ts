import * as hdr from 'hdr-histogram-js';

/** Latencies are microseconds from 1 µs to 1 h, at 3 significant digits. */
export const MIN_LATENCY_US = 1;
export const MAX_LATENCY_US = 3_600_000_000;
const BIT_BUCKET_SIZE = 32;

export type LatencyHistogram = hdr.Histogram;

export function createLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    lowestDiscernibleValue: MIN_LATENCY_US,
    highestTrackableValue: MAX_LATENCY_US,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: BIT_BUCKET_SIZE,
    // A fixed range keeps every histogram the same shape, so adding them is exact.
    autoResize: false,
    useWebAssembly: false,
  });
}

/** Rounds and clamps into the trackable range: sub-µs replies count as 1 µs, beyond 1 h as 1 h. */
export function clampLatencyUs(us: number): number {
  if (!(us >= MIN_LATENCY_US)) return MIN_LATENCY_US;
  if (us > MAX_LATENCY_US) return MAX_LATENCY_US;
  return Math.round(us);
}

export function encodeHistogram(h: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(base64: string): LatencyHistogram {
  const decoded = hdr.decodeFromCompressedBase64(base64, BIT_BUCKET_SIZE, false);
  // Re-home into the standard shape so every merge adds like-for-like histograms.
  const h = createLatencyHistogram();
  h.add(decoded);
  return h;
}

export interface LatencySummaryUs {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function summarizeLatency(h: LatencyHistogram): LatencySummaryUs {
  if (h.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  return {
    p50: h.getValueAtPercentile(50),
    p90: h.getValueAtPercentile(90),
    p99: h.getValueAtPercentile(99),
    p999: h.getValueAtPercentile(99.9),
    // At bucket precision, like the percentiles: a decoded histogram no longer knows the exact max.
    max: h.getValueAtPercentile(100),
    mean: h.mean,
  };
}
