/**
 * The comparison's statistics against known answers: R's documented wilcox.test outputs, brute-force
 * permutation p-values, Python's math.erfc / NormalDist, and coverage of intervals over many seeds.
 */
import { SeededRandom } from '../../../src/clients/seeded-random';
import {
  autocorrelations,
  conservativeAutocorrelationTime,
  blockLengthFor,
  bootstrapDifference,
  compareQuantiles,
  designEffect,
  erfc,
  exactUCdf,
  integratedAutocorrelationTime,
  mannWhitneyU,
  median,
  normalCdf,
  normalQuantile,
  normalSf,
  perSecondSamples,
  studentTQuantile,
  quantileInterval,
  rankWithTies,
  testTwoSamples,
  type QuantileSource,
} from '../../../src/reports/statistics';

// Math bound once: every lookup of the global Math costs about a microsecond under Jest's vm context.
const { log, sqrt, round } = Math;
const normals = (rng: SeededRandom, n: number, mean = 0, sd = 1) => Array.from({ length: n }, () => mean + sd * rng.normal());
/** AR(1): x_t = φ x_{t−1} + e_t, scaled to a stationary sd of `sd`. */
function ar1(rng: SeededRandom, n: number, phi: number, mean = 0, sd = 1): number[] {
  const out: number[] = [];
  let x = rng.normal();
  const innov = sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) {
    x = phi * x + innov * rng.normal();
    out.push(mean + sd * x);
  }
  return out;
}
/** A sorted sample as a histogram would answer it (lower value at each rank). */
const sortedSource = (values: number[]): QuantileSource => {
  const s = Float64Array.from(values).sort();
  return { count: s.length, valueAt: (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] };
};

describe('normal distribution', () => {
  it('matches Python math.erfc and statistics.NormalDist to 1e-7 (relative), tails included', () => {
    const erfcRef: [number, number][] = [[-3, 1.9999779095030015], [-1, 1.842700792949715], [0, 1], [0.5, 0.4795001221869535], [1, 0.15729920705028513], [2, 0.004677734981047265], [5, 1.5374597944280351e-12], [10, 2.088487583762545e-45]];
    for (const [x, ref] of erfcRef) expect(Math.abs(erfc(x) - ref) / ref).toBeLessThan(2e-7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalSf(8) / 6.22096057427178e-16).toBeCloseTo(1, 5);
    const quantRef: [number, number][] = [[1e-10, -6.361340902404056], [0.001, -3.090232306167813], [0.025, -1.9599639845400538], [0.3, -0.5244005127080407], [0.5, 0], [0.975, 1.9599639845400536], [0.999, 3.090232306167813]];
    for (const [p, ref] of quantRef) expect(normalQuantile(p)).toBeCloseTo(ref, 7);
  });

  it("Student's t quantiles match R's qt to 0.3 % for 3 and more degrees of freedom", () => {
    const ref: [number, number, number][] = [[0.975, 3, 3.182446], [0.975, 4, 2.776445], [0.975, 9, 2.262157], [0.975, 30, 2.042272], [0.995, 5, 4.032143], [0.995, 30, 2.749996]];
    for (const [p, nu, q] of ref) expect(Math.abs(studentTQuantile(p, nu) / q - 1)).toBeLessThan(0.003);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959964, 5);
  });
});

describe('Mann-Whitney U', () => {
  it('ranks ties by their average and counts the tie term', () => {
    expect(rankWithTies([10, 20, 20, 30, 20])).toEqual({ ranks: [1, 3, 3, 5, 3], tieTerm: 24 });
  });

  it("R's wilcox.test example (Hollander & Wolfe, permeability): W = 35, exact p = 0.1272 one-sided", () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const greater = mannWhitneyU(x, y, { alternative: 'greater' });
    expect(greater).toMatchObject({ u: 35, method: 'exact' });
    expect(greater.pValue).toBeCloseTo(0.1272, 4);
    expect(mannWhitneyU(x, y).pValue).toBeCloseTo(0.2544, 4);
    // The normal approximation with continuity correction, as R's exact = FALSE gives.
    expect(mannWhitneyU(x, y, { alternative: 'greater', exact: false }).pValue).toBeCloseTo(0.1223, 4);
  });

  it("R's wilcox.test(Ozone ~ Month, airquality, May vs August), with ties: W = 127.5, p = 0.0001208", () => {
    const may = [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37];
    const aug = [39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85];
    const r = mannWhitneyU(may, aug);
    expect(r.u).toBe(127.5);
    expect(r.method).toBe('normal');
    expect(r.tieTerm).toBeGreaterThan(0);
    expect(r.pValue).toBeCloseTo(0.0001208, 7);
  });

  it('the tortoise and the hare (THHHHHTTTTTH): U = 11 and 25, exact p equal to brute-force enumeration', () => {
    const order = 'THHHHHTTTTTH';
    // Finishing position = time: the smaller the faster.
    const t = [...order].flatMap((c, i) => (c === 'T' ? [i + 1] : []));
    const h = [...order].flatMap((c, i) => (c === 'H' ? [i + 1] : []));
    // U_T = 11: pairs where the tortoise was faster (a hare's time is larger).
    expect(mannWhitneyU(t, h).u).toBe(25);
    const r = mannWhitneyU(h, t);
    expect(r.u).toBe(11);
    // All C(12, 6) = 924 ways to give 6 of the 12 places to the tortoises.
    let asExtreme = 0;
    let total = 0;
    const mean = 18;
    for (let mask = 0; mask < 1 << 12; mask++) {
      let bits = 0;
      for (let i = 0; i < 12; i++) if (mask & (1 << i)) bits++;
      if (bits !== 6) continue;
      total++;
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < 12; i++) (mask & (1 << i) ? a : b).push(i + 1);
      let u = 0;
      for (const x of a) for (const y of b) if (x > y) u++;
      if (Math.abs(u - mean) >= Math.abs(11 - mean)) asExtreme++;
    }
    expect(total).toBe(924);
    expect(r.pValue).toBeCloseTo(asExtreme / total, 12);
    expect(r.pValue).toBeGreaterThan(0.05);
  });

  it('the exact distribution sums to 1, is symmetric, and the normal approximation agrees at n = 40', () => {
    const cdf = exactUCdf(7, 4);
    expect(cdf[cdf.length - 1]).toBeCloseTo(1, 12);
    for (let k = 0; k < 28; k++) expect(cdf[k]).toBeCloseTo(1 - (cdf[27 - k] ?? 0), 12);
    const rng = new SeededRandom(3);
    const a = normals(rng, 40, 0.3);
    const b = normals(rng, 40);
    const exact = mannWhitneyU(a, b, { exact: true });
    const approx = mannWhitneyU(a, b, { exact: false });
    expect(exact.u).toBe(approx.u);
    expect(Math.abs(exact.pValue - approx.pValue)).toBeLessThan(0.005);
    expect(mannWhitneyU(a, b).u + mannWhitneyU(b, a).u).toBe(1600);
  });

  it('gives p = 1 for identical constant samples and refuses empty ones', () => {
    expect(mannWhitneyU([5, 5, 5, 5, 5], [5, 5, 5, 5, 5]).pValue).toBe(1);
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
  });
});

describe('bootstrap interval of a difference', () => {
  it('selects medians like a sort does', () => {
    const rng = new SeededRandom(9);
    for (let i = 0; i < 200; i++) {
      const x = Array.from({ length: 1 + Math.floor(rng.next() * 40) }, () => round(rng.next() * 20));
      const s = [...x].sort((a, b) => a - b);
      const m = s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
      expect(median(x)).toBe(m);
    }
  });

  it('is reproducible for a seed', () => {
    const rng = new SeededRandom(1);
    const a = normals(rng, 30);
    const b = normals(rng, 30, 1);
    const o = { statistic: 'mean' as const, relative: false, seed: 42 };
    expect(bootstrapDifference(a, b, o)).toEqual(bootstrapDifference(a, b, o));
  });

  it('covers the true difference of means of normal data at about the nominal 95 % over 300 seeds', () => {
    let covered = 0;
    const seeds = 300;
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = new SeededRandom(seed * 7919);
      const a = normals(rng, 40, 10, 2);
      const b = normals(rng, 40, 11, 2);
      const ci = bootstrapDifference(a, b, { statistic: 'mean', relative: false, seed, resamples: 1000 });
      if (ci.low <= 1 && 1 <= ci.high) covered++;
    }
    // Binomial(300, 0.95): sd 1.3 %; the percentile bootstrap runs a little short at n = 40.
    expect(covered / seeds).toBeGreaterThan(0.91);
    expect(covered / seeds).toBeLessThan(0.98);
  });

  it('expanded for small samples, covers at about 95 % with 5 values per side (the plain percentile interval: about 89 %)', () => {
    let expanded = 0;
    let plain = 0;
    const seeds = 300;
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = new SeededRandom(seed * 7919 + 5);
      const a = normals(rng, 5, 10, 2);
      const b = normals(rng, 5, 11, 2);
      const e = bootstrapDifference(a, b, { statistic: 'mean', relative: false, seed, resamples: 1000, effectiveN: { baseline: 5, run: 5 } });
      const p = bootstrapDifference(a, b, { statistic: 'mean', relative: false, seed, resamples: 1000 });
      if (e.low <= 1 && 1 <= e.high) expanded++;
      if (p.low <= 1 && 1 <= p.high) plain++;
    }
    expect(expanded / seeds).toBeGreaterThan(0.92);
    expect(plain / seeds).toBeLessThan(expanded / seeds);
  });

  it('covers the relative difference of medians too', () => {
    let covered = 0;
    const seeds = 200;
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = new SeededRandom(seed * 104729);
      const a = normals(rng, 60, 100, 10);
      const b = normals(rng, 60, 90, 10);
      const ci = bootstrapDifference(a, b, { statistic: 'median', relative: true, seed, resamples: 500 });
      if (ci.low <= -10 && -10 <= ci.high) covered++;
    }
    expect(covered / seeds).toBeGreaterThan(0.9);
  });

  it('with autocorrelated seconds, blocks restore the coverage an ordinary bootstrap loses', () => {
    let withBlocks = 0;
    let withoutBlocks = 0;
    const seeds = 150;
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = new SeededRandom(seed * 15485863);
      const a = ar1(rng, 240, 0.6, 1000, 50);
      const b = ar1(rng, 240, 0.6, 1000, 50);
      const b0 = blockLengthFor(Math.max(integratedAutocorrelationTime(a), integratedAutocorrelationTime(b)));
      const blocked = bootstrapDifference(a, b, { statistic: 'mean', relative: false, seed, resamples: 500, blockLength: b0 });
      const plain = bootstrapDifference(a, b, { statistic: 'mean', relative: false, seed, resamples: 500 });
      if (blocked.low <= 0 && 0 <= blocked.high) withBlocks++;
      if (plain.low <= 0 && 0 <= plain.high) withoutBlocks++;
    }
    // AR(1) with φ = 0.6: τ = 4, so the ordinary bootstrap's interval is about half as wide as it should be.
    expect(withoutBlocks / seeds).toBeLessThan(0.8);
    expect(withBlocks / seeds).toBeGreaterThan(0.88);
  });
});

describe('autocorrelation', () => {
  it('estimates τ ≈ 1 for white noise and (1 + φ)/(1 − φ) for AR(1)', () => {
    const rng = new SeededRandom(5);
    expect(integratedAutocorrelationTime(normals(rng, 20_000))).toBeLessThan(1.1);
    expect(integratedAutocorrelationTime(ar1(rng, 20_000, 0.5))).toBeCloseTo(3, 0);
    expect(integratedAutocorrelationTime([4, 4, 4, 4, 4, 4])).toBe(1);
    expect(autocorrelations([1, 2, 3, 4], 1)[0]).toBe(1);
    expect(blockLengthFor(1)).toBe(1);
    expect(blockLengthFor(3)).toBe(5);
    // The small-sample correction: τ̂·n/(n − 2τ̂).
    expect(conservativeAutocorrelationTime(normals(rng, 15))).toBeGreaterThanOrEqual(15 / 13);
    // A trend: 8 seconds worth fewer than 2 independent ones.
    expect(conservativeAutocorrelationTime([1, 2, 3, 4, 5, 6, 7, 8])).toBeGreaterThan(4);
  });
});

describe('testTwoSamples', () => {
  it('says why it cannot test too few samples', () => {
    expect(testTwoSamples([1, 2, 3], [1, 2, 3, 4, 5], { kind: 'per-second', statistic: 'mean' })).toMatchObject({ tested: false, reason: 'too few per-second samples to test (baseline 3, run 5; needs 5 per side)' });
    expect(testTwoSamples([1, 2, 3, 4, 5, 6], [1, 2, 3, 4], { kind: 'per-run', statistic: 'median' })).toMatchObject({ tested: false, reason: expect.stringContaining('too few runs') });
  });

  it('keeps the false-positive rate near alpha on autocorrelated seconds, where a plain Mann-Whitney does not', () => {
    let flagged = 0;
    let naive = 0;
    const seeds = 300;
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = new SeededRandom(seed * 32452843);
      const a = ar1(rng, 120, 0.6, 1000, 50);
      const b = ar1(rng, 120, 0.6, 1000, 50);
      const r = testTwoSamples(a, b, { kind: 'per-second', statistic: 'mean', resamples: 100, seed });
      if (r.tested && r.significant) flagged++;
      if (mannWhitneyU(b, a).pValue < 0.05) naive++;
    }
    // AR(1), φ = 0.6 (τ = 4), 120 s per side. Seen: 5.7 % with the widened variance, 33 % with the seconds taken as independent.
    expect(flagged / seeds).toBeLessThan(0.1);
    expect(naive / seeds).toBeGreaterThan(0.2);
  });

  it('widens the null variance by the given inflation', () => {
    const rng = new SeededRandom(8);
    const a = normals(rng, 80, 0.5);
    const b = normals(rng, 80);
    const plain = mannWhitneyU(a, b, { exact: false });
    const wide = mannWhitneyU(a, b, { varianceInflation: 4 });
    expect(wide.method).toBe('normal');
    expect(wide.z!).toBeCloseTo(plain.z! / 2, 1);
    expect(wide.pValue).toBeGreaterThan(plain.pValue);
    expect(() => mannWhitneyU(a, b, { exact: true, varianceInflation: 2 })).toThrow(RangeError);
  });

  it('finds a 5 % shift in 60 noisy seconds and gives its interval', () => {
    const rng = new SeededRandom(11);
    const a = ar1(rng, 60, 0.3, 1000, 30);
    const b = ar1(rng, 60, 0.3, 950, 30);
    const r = testTwoSamples(a, b, { kind: 'per-second', statistic: 'mean' });
    if (!r.tested) throw new Error(r.reason);
    expect(r.significant).toBe(true);
    expect(r.ci.unit).toBe('%');
    expect(r.ci.low).toBeLessThan(-5 + 3);
    expect(r.ci.high).toBeLessThan(0);
    expect(r.estimate).toBeCloseTo((mean(b) / mean(a) - 1) * 100, 6);
  });
});

const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;

describe('percentiles from histograms', () => {
  it('the order-statistic interval covers the true p99 of exponential latencies about 95 % of the time', () => {
    const trueP99 = Math.log(100);
    let covered = 0;
    const seeds = 300;
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = new SeededRandom(seed * 49979687);
      const sample = Array.from({ length: 5000 }, () => -log(1 - rng.next()));
      const i = quantileInterval(sortedSource(sample), 0.99)!;
      if (i.low <= trueP99 && trueP99 <= i.high) covered++;
    }
    expect(covered / seeds).toBeGreaterThan(0.92);
    expect(covered / seeds).toBeLessThan(0.99);
    expect(quantileInterval(sortedSource([1, 2, 3]), 0.999)).toBeNull();
  });

  it('compares a quantile of two runs: same distribution mostly not significant, 20 % slower significant', () => {
    let falsePositives = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const rng = new SeededRandom(seed * 86028121);
      const base = sortedSource(Array.from({ length: 20_000 }, () => -log(1 - rng.next())));
      const run = sortedSource(Array.from({ length: 20_000 }, () => -log(1 - rng.next())));
      if (compareQuantiles(base, run, 0.999)!.pValue < 0.05) falsePositives++;
    }
    expect(falsePositives / 150).toBeLessThan(0.1);
    const rng = new SeededRandom(2);
    const base = sortedSource(Array.from({ length: 20_000 }, () => -log(1 - rng.next())));
    const slow = sortedSource(Array.from({ length: 20_000 }, () => -1.2 * log(1 - rng.next())));
    const c = compareQuantiles(base, slow, 0.99)!;
    expect(c.pValue).toBeLessThan(0.05);
    expect(c.lowPct).toBeLessThan(20);
    expect(c.highPct).toBeGreaterThan(20);
  });

  it('measures the design effect: about 1 for independent requests, large when slow requests cluster by second', () => {
    const rng = new SeededRandom(4);
    const seconds = 60;
    const perSecond = 500;
    const iid: number[] = [];
    const iidP99: number[] = [];
    const clustered: number[] = [];
    const clusteredP99: number[] = [];
    for (let s = 0; s < seconds; s++) {
      const scale = s % 10 < 2 ? 3 : 1; // two slow seconds in ten
      const a = Array.from({ length: perSecond }, () => -log(1 - rng.next()));
      const b = Array.from({ length: perSecond }, () => -scale * log(1 - rng.next()));
      iid.push(...a);
      clustered.push(...b);
      iidP99.push(sortedSource(a).valueAt(0.99));
      clusteredP99.push(sortedSource(b).valueAt(0.99));
    }
    const dIid = designEffect(sortedSource(iid), 0.99, iidP99)!;
    const dClustered = designEffect(sortedSource(clustered), 0.99, clusteredP99)!;
    expect(dIid).toBeLessThan(3);
    expect(dClustered).toBeGreaterThan(10);
  });
});

describe('perSecondSamples', () => {
  it('sums requests by second index, weights percentiles by requests, drops the trailing partial second', () => {
    const sec = (requests: number, p99Us: number) => ({ requests, p50Us: p99Us / 4, p90Us: p99Us / 2, p99Us });
    const s = perSecondSamples([
      { durationMs: 2000, series: [sec(100, 1000), sec(100, 2000), sec(5, 9000)] },
      { durationMs: 2000, series: [sec(300, 2000), sec(100, 2000)] },
    ]);
    expect(s.opsPerSec).toEqual([400, 200]);
    expect(s.p99Ms).toEqual([1.75, 2]);
  });
});
