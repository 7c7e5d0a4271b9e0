/**
 * Mann-Whitney U (Wilcoxon rank-sum) test of two independent samples. Rank-based, so it needs no
 * normality: latency is skewed and heavy-tailed, and a few slow seconds move a t-test far more
 * than they move ranks. Tied values share the average of their ranks.
 *
 * p-values: exact (the permutation distribution of U, by recurrence) when both samples are below
 * 50 and nothing is tied, as R's wilcox.test does; otherwise the normal approximation with the tie
 * correction of the variance and a continuity correction of 0.5. Serially correlated samples (the
 * seconds of one run) widen the null variance by a factor (`varianceInflation`).
 */
import { normalCdf, normalSf } from './normal';

export type Alternative = 'two-sided' | 'less' | 'greater';

export interface MannWhitneyOptions {
  /** 'greater': the first sample tends to be larger. Default two-sided. */
  alternative?: Alternative;
  /** 'auto' (default): exact below 50 per sample without ties; true forces exact (no ties allowed), false the normal approximation. */
  exact?: boolean | 'auto';
  /** Continuity correction of the normal approximation (default true). */
  continuity?: boolean;
  /**
   * Serially correlated samples: the null variance of U times this factor (≥ 1, normal approximation
   * only). For samples with autocorrelation times τ1, τ2 of their ranks, (n2·τ1 + n1·τ2)/(n1 + n2):
   * U's variance is n1²n2² (LRV(P1)/n1 + LRV(P2)/n2), P the placements, LRV = τ·variance.
   */
  varianceInflation?: number;
}

export interface MannWhitneyResult {
  /** U of the first sample: pairs (a, b) with a > b, ties counting one half. Ranges 0..n1·n2. */
  u: number;
  n1: number;
  n2: number;
  /** U / (n1·n2): P(a > b) + ½ P(a = b); 0.5 when neither sample tends to be larger. */
  probabilityOfSuperiority: number;
  /** The standardized statistic of the normal approximation (continuity-corrected); null when exact. */
  z: number | null;
  pValue: number;
  method: 'exact' | 'normal';
  /** Σ (t³ − t) over groups of tied values (0 without ties). */
  tieTerm: number;
  /** The variance inflation applied (1: independent samples). */
  varianceInflation: number;
}

/** Average ranks (1-based) of `values`, and the tie term Σ (t³ − t). */
export function rankWithTies(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((v, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  for (let i = 0; i < order.length; ) {
    let j = i + 1;
    while (j < order.length && values[order[j]] === values[order[i]]) j++;
    const avg = (i + 1 + j) / 2; // ranks i+1 .. j
    for (let k = i; k < j; k++) ranks[order[k]] = avg;
    const t = j - i;
    if (t > 1) tieTerm += t * t * t - t;
    i = j;
  }
  return { ranks, tieTerm };
}

export function mannWhitneyU(a: readonly number[], b: readonly number[], opts: MannWhitneyOptions = {}): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU: both samples need at least one value');
  if ([...a, ...b].some((v) => !Number.isFinite(v))) throw new RangeError('mannWhitneyU: samples must be finite numbers');
  const alternative = opts.alternative ?? 'two-sided';
  const { ranks, tieTerm } = rankWithTies([...a, ...b]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u = r1 - (n1 * (n1 + 1)) / 2;

  const inflation = Math.max(1, opts.varianceInflation ?? 1);
  const base = { u, n1, n2, probabilityOfSuperiority: u / (n1 * n2), tieTerm, varianceInflation: inflation };
  const exact = opts.exact === true || ((opts.exact ?? 'auto') === 'auto' && inflation === 1 && n1 < 50 && n2 < 50 && tieTerm === 0);
  if (exact) {
    if (inflation !== 1) throw new RangeError('mannWhitneyU: the exact distribution assumes independent values; a variance inflation needs the normal approximation');
    if (tieTerm !== 0) throw new RangeError('mannWhitneyU: the exact distribution assumes no ties; use the normal approximation');
    const cdf = exactUCdf(n1, n2);
    // P(U ≤ u) and P(U ≥ u); u is an integer without ties.
    const le = cdf[u];
    const ge = 1 - (u > 0 ? cdf[u - 1] : 0);
    const p = alternative === 'less' ? le : alternative === 'greater' ? ge : Math.min(1, 2 * Math.min(le, ge));
    return { ...base, z: null, pValue: clamp01(p), method: 'exact' };
  }

  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))) * inflation;
  if (!(variance > 0)) return { ...base, z: 0, pValue: 1, method: 'normal' };
  const sd = Math.sqrt(variance);
  const cc = opts.continuity === false ? 0 : 0.5;
  const d = u - mean;
  let z: number;
  let p: number;
  if (alternative === 'greater') {
    z = (d - cc) / sd;
    p = normalSf(z);
  } else if (alternative === 'less') {
    z = (d + cc) / sd;
    p = normalCdf(z);
  } else {
    z = Math.sign(d) * Math.max(0, Math.abs(d) - cc) / sd;
    p = Math.min(1, 2 * normalSf(Math.abs(z)));
  }
  return { ...base, z, pValue: clamp01(p), method: 'normal' };
}

const cdfCache = new Map<string, Float64Array>();

/**
 * CDF of U under the null for sample sizes n1, n2 (no ties): P(U ≤ k) for k = 0..n1·n2, from the
 * recurrence p(m, n, k) = m/(m+n)·p(m−1, n, k−n) + n/(m+n)·p(m, n−1, k) on probabilities (no big counts).
 */
export function exactUCdf(n1: number, n2: number): Float64Array {
  const key = `${n1},${n2}`;
  const hit = cdfCache.get(key);
  if (hit) return hit;
  // row[n] = distribution for (m, n) with m the current first-sample size.
  let prev: Float64Array[] = [];
  for (let m = 0; m <= n1; m++) {
    const row: Float64Array[] = [];
    for (let n = 0; n <= n2; n++) {
      const p = new Float64Array(m * n + 1);
      if (m === 0 || n === 0) p[0] = 1;
      else {
        const wa = m / (m + n);
        const wb = n / (m + n);
        const fromA = prev[n]; // (m−1, n): the largest value is from the first sample, beating all n of the second
        const fromB = row[n - 1]; // (m, n−1): the largest value is from the second sample
        for (let k = 0; k < fromA.length; k++) p[k + n] += wa * fromA[k];
        for (let k = 0; k < fromB.length; k++) p[k] += wb * fromB[k];
      }
      row.push(p);
    }
    prev = row;
  }
  const dist = prev[n2];
  const cdf = new Float64Array(dist.length);
  let acc = 0;
  for (let k = 0; k < dist.length; k++) cdf[k] = acc += dist[k];
  if (cdfCache.size > 64) cdfCache.clear();
  cdfCache.set(key, cdf);
  return cdf;
}

const clamp01 = (p: number) => Math.min(1, Math.max(0, p));
