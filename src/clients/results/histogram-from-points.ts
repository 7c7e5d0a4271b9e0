import { clampLatencyUs, createLatencyHistogram, type LatencyHistogram } from './histogram';

export interface CumulativePoint {
  valueUs: number;
  /** Samples at or below valueUs. */
  cumulativeCount: number;
}

/**
 * Rebuilds a histogram from a tool's cumulative distribution (value, count ≤ value): each step's
 * samples are recorded at the step's value. Exact at the reported points, approximate between them.
 */
export function histogramFromCumulative(points: CumulativePoint[]): LatencyHistogram {
  const h = createLatencyHistogram();
  let seen = 0;
  let floor = 0;
  for (const p of [...points].sort((a, b) => a.cumulativeCount - b.cumulativeCount)) {
    // A value below an earlier one is a tool quirk (wrk reports 0 at the 100th percentile): keep the order.
    floor = Math.max(floor, p.valueUs);
    const n = Math.round(p.cumulativeCount) - seen;
    if (n > 0) {
      h.recordValueWithCount(clampLatencyUs(floor), n);
      seen += n;
    }
  }
  return h;
}

/** The same from percentiles (percent, value) and the total count. */
export function histogramFromPercentiles(points: Array<{ percent: number; valueUs: number }>, total: number): LatencyHistogram {
  return histogramFromCumulative(points.map((p) => ({ valueUs: p.valueUs, cumulativeCount: (p.percent / 100) * total })));
}
