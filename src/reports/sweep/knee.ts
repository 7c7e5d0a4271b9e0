/**
 * The knee of a latency–throughput curve: where more offered load stops buying throughput and only
 * buys latency.
 *
 * Definition (the rule the report's legend states): walk the points in the order of the swept
 * parameter (increasing load). The knee is the FIRST point i ≥ 1 whose mean p99 exceeds
 * KNEE_P99_FACTOR (2) × the lowest mean p99 of the points before it, while its mean throughput gained
 * less than KNEE_MIN_GAIN (5 %) over the previous point (or fell). Points without both figures are
 * skipped. No such point: no knee (throughput still grows, or p99 stays within 2× its lowest).
 *
 * A threshold rule rather than maximum curvature: sweeps have a handful of points with noise, where
 * curvature picks arbitrary points, and a rule of two numbers can be checked by eye on the table.
 */
export const KNEE_P99_FACTOR = 2;
export const KNEE_MIN_GAIN = 0.05;

export interface KneeInput {
  throughput: number | undefined;
  p99: number | undefined;
}

export interface Knee {
  /** Index into the input of the knee point. */
  index: number;
  /** Index of the point it is compared with (the previous point that has both figures). */
  previous: number;
  /** p99 at the knee over the lowest p99 before it. */
  p99Ratio: number;
  /** Relative throughput change from the previous point (0.03: +3 %). */
  throughputGain: number;
}

export const KNEE_RULE = `knee: the first point whose p99 exceeds ${KNEE_P99_FACTOR}× the lowest p99 of the points before it while throughput gained less than ${Math.round(KNEE_MIN_GAIN * 100)} % over the previous point (in the order of the swept parameter): past it, more load buys latency, not throughput`;

const ok = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function findKnee(points: KneeInput[], factor = KNEE_P99_FACTOR, minGain = KNEE_MIN_GAIN): Knee | undefined {
  let previous = -1;
  let lowestP99 = Infinity;
  for (let i = 0; i < points.length; i++) {
    const { throughput, p99 } = points[i];
    if (!ok(throughput) || !ok(p99)) continue;
    if (previous >= 0) {
      const before = points[previous].throughput as number;
      const gain = before > 0 ? (throughput - before) / before : throughput > 0 ? Infinity : 0;
      if (lowestP99 > 0 && p99 > factor * lowestP99 && gain < minGain) return { index: i, previous, p99Ratio: p99 / lowestP99, throughputGain: gain };
    }
    lowestP99 = Math.min(lowestP99, p99);
    previous = i;
  }
  return undefined;
}
