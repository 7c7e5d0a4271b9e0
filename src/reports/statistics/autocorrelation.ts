/**
 * Serial dependence of a series of per-second samples. A benchmark's seconds are not independent:
 * a slow second (a GC pause, a compaction, a noisy neighbour) tends to be followed by another, so n
 * seconds carry less information than n independent values. The integrated autocorrelation time τ
 * says how much less: n seconds are worth about n / τ independent samples. It widens the variance
 * of the Mann-Whitney test and sets the block length of the block bootstrap.
 */

/** Sample autocorrelation at lags 0..maxLag (the usual biased estimator, so the sequence is positive definite). */
export function autocorrelations(x: readonly number[], maxLag: number): number[] {
  const at = autocorrelationAt(x);
  const out: number[] = [];
  for (let k = 0; k <= Math.min(maxLag, x.length - 1); k++) out.push(at(k));
  return out;
}

/** ρ(k) of x, computed lag by lag (a long series need not pay for lags nobody reads). */
function autocorrelationAt(x: readonly number[]): (k: number) => number {
  const n = x.length;
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / n;
  const d = x.map((v) => v - mean);
  let c0 = 0;
  for (const v of d) c0 += v * v;
  // A constant series (rounding may leave a residue of 1e-17 around its mean) has no correlation.
  const constant = !(c0 > n * (Math.abs(mean) * 1e-12) ** 2) || x.every((v) => v === x[0]);
  return (k) => {
    if (k === 0) return 1;
    if (constant) return 0;
    let c = 0;
    for (let i = 0; i + k < n; i++) c += d[i] * d[i + k];
    return c / c0;
  };
}

/**
 * τ = 1 + 2 Σ ρ_k, by Geyer's initial monotone sequence estimator: sums of adjacent pairs of
 * autocorrelations are added while they stay positive and decreasing, which cuts the noisy tail
 * of the estimate off. At least 1 (independent samples); a constant series gives 1.
 */
export function integratedAutocorrelationTime(x: readonly number[]): number {
  const n = x.length;
  if (n < 4) return 1;
  const rho = autocorrelationAt(x);
  const maxLag = Math.floor(n / 2);
  let tau = -1;
  let prevPair = Infinity;
  for (let m = 0; 2 * m + 1 <= maxLag; m++) {
    const pair = rho(2 * m) + rho(2 * m + 1);
    if (!(pair > 0)) break;
    const g = Math.min(pair, prevPair);
    tau += 2 * g;
    prevPair = g;
  }
  return Math.max(1, tau);
}

/**
 * τ for a short series, less optimistic: autocorrelations estimated from n values are biased towards
 * 0 by about τ/n each, so τ̂ runs low; τ̂·n/(n − 2τ̂) undoes most of it (1.15 for 15 independent
 * values, 1.03 for 60). Infinity when the series is too short for its dependence (n ≤ 2τ̂ + 1).
 */
export function conservativeAutocorrelationTime(x: readonly number[]): number {
  const n = x.length;
  const tau = integratedAutocorrelationTime(x);
  return n - 2 * tau > 1 ? (tau * n) / (n - 2 * tau) : Infinity;
}

/**
 * Block length of the block bootstrap for series with autocorrelation time τ: round(2τ − 1), at
 * least 1. Blocks of 1 for independent seconds; for an AR(1) series with φ = 0.5 (τ = 3), blocks of
 * 5, whose means are correlated at about 0.17 instead of 0.5.
 */
export function blockLengthFor(tau: number): number {
  return Math.max(1, Math.round(2 * tau - 1));
}
