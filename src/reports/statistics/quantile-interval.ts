/**
 * A latency percentile compared between two runs from their merged HDR histograms.
 *
 * Distribution-free interval of a quantile (order statistics): the q-quantile of n independent
 * values lies, with probability ≈ 1 − α, between the values at the fractions
 * q ± z·√(q(1 − q)/n) of the sorted sample; a histogram answers "value at a fraction" directly.
 * Requests are not independent (slow requests come in bursts), so n is replaced by an effective
 * count n / deff; `designEffect` estimates deff from the per-second series of a percentile.
 *
 * Two runs: the log ratio of their quantiles, with standard errors from each interval's half-width,
 * gives a z test and an interval of the relative difference that cannot go below −100 %.
 */
import { integratedAutocorrelationTime } from './autocorrelation';
import { normalQuantile, normalSf } from './normal';

/** What the comparison needs from a histogram; hdr-histogram-js histograms fit through a small adapter. */
export interface QuantileSource {
  /** Number of recorded values. */
  count: number;
  /** The value at quantile q (0..1), in the unit compared. */
  valueAt(q: number): number;
}

export interface QuantileInterval {
  q: number;
  value: number;
  low: number;
  high: number;
  /** The count the interval assumed (n / design effect). */
  effectiveCount: number;
}

/** Effective values beyond the quantile needed for an interval: fewer and the order-statistic ranks run off the end. */
export const MIN_TAIL_COUNT = 5;

/** The quantile's interval, or null when the effective count leaves fewer than MIN_TAIL_COUNT values on either side of it. */
export function quantileInterval(h: QuantileSource, q: number, opts: { confidence?: number; effectiveCount?: number } = {}): QuantileInterval | null {
  const n = opts.effectiveCount ?? h.count;
  if (!(n * Math.min(q, 1 - q) >= MIN_TAIL_COUNT)) return null;
  const z = normalQuantile(1 - (1 - (opts.confidence ?? 0.95)) / 2);
  const half = z * Math.sqrt((q * (1 - q)) / n);
  return { q, value: h.valueAt(q), low: h.valueAt(Math.max(0, q - half)), high: h.valueAt(Math.min(1, q + half)), effectiveCount: n };
}

/**
 * deff of a quantile: how much more the run's quantile varies than it would if requests were
 * independent. From the per-second values of a percentile (e.g. p99) over S seconds: the run's
 * quantile behaves like the mean of its per-second quantiles, whose variance is τ·s²/S (τ: their
 * autocorrelation time), against se² from the order-statistic interval at the full count. At least 1.
 */
export function designEffect(h: QuantileSource, q: number, perSecond: readonly number[], confidence = 0.95): number | null {
  const iid = quantileInterval(h, q, { confidence });
  const s = perSecond.length;
  if (!iid || s < 2) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  // Floored at half an HDR bucket (3 significant digits): below that the histogram cannot tell values apart.
  const seIid = Math.max((iid.high - iid.low) / (2 * z), iid.value * 5e-4);
  const m = perSecond.reduce((a, v) => a + v, 0) / s;
  const variance = perSecond.reduce((a, v) => a + (v - m) ** 2, 0) / (s - 1);
  if (!(seIid > 0)) return variance > 0 ? Infinity : 1;
  return Math.max(1, (integratedAutocorrelationTime(perSecond) * variance) / s / (seIid * seIid));
}

export interface QuantileComparison {
  q: number;
  baseline: QuantileInterval;
  run: QuantileInterval;
  /** (run / baseline − 1) · 100. */
  estimatePct: number;
  /** Interval of the relative difference, percent. */
  lowPct: number;
  highPct: number;
  z: number;
  pValue: number;
}

/** Compares one quantile of two runs; null when either side has too few (effective) values for an interval. */
export function compareQuantiles(baseline: QuantileSource, run: QuantileSource, q: number, opts: { confidence?: number; baselineEffectiveCount?: number; runEffectiveCount?: number } = {}): QuantileComparison | null {
  const confidence = opts.confidence ?? 0.95;
  const b = quantileInterval(baseline, q, { confidence, effectiveCount: opts.baselineEffectiveCount });
  const r = quantileInterval(run, q, { confidence, effectiveCount: opts.runEffectiveCount });
  if (!b || !r || !(b.value > 0) || !(r.value > 0)) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  // Standard errors of log(quantile), from each interval's half-width (the delta method).
  const seLog = (i: QuantileInterval) => (Math.log(Math.max(i.high, i.value)) - Math.log(Math.max(Math.min(i.low, i.value), Number.MIN_VALUE))) / (2 * z);
  const se = Math.hypot(seLog(b), seLog(r));
  const logRatio = Math.log(r.value / b.value);
  const stat = se > 0 ? logRatio / se : logRatio === 0 ? 0 : Math.sign(logRatio) * Infinity;
  const pct = (x: number) => (Math.exp(x) - 1) * 100;
  return { q, baseline: b, run: r, estimatePct: pct(logRatio), lowPct: pct(logRatio - z * se), highPct: pct(logRatio + z * se), z: stat, pValue: Math.min(1, 2 * normalSf(Math.abs(stat))) };
}
