/**
 * One metric, two samples (baseline, run): is the difference signal or noise? The procedure the
 * comparison uses for every sample-based metric.
 *
 * - Per-run values (repetitions): independent, so the Mann-Whitney U test on the values (exact
 *   below 50 per side without ties) and an ordinary bootstrap interval.
 * - Per-second values of one run: autocorrelated. Mann-Whitney on the seconds with U's null
 *   variance widened by the autocorrelation time of each side's ranks (n seconds count as about
 *   n / τ independent ones), and a circular block bootstrap whose blocks (round(2τ − 1) seconds)
 *   keep the dependence inside them. τ is estimated from the series (Geyer's initial monotone
 *   sequence), with a small-sample correction.
 *
 * Fewer than `minSamples` values (or, per second, n / τ independent ones) on a side: not tested,
 * and the reason says why.
 */
import { blockLengthFor, conservativeAutocorrelationTime } from './autocorrelation';
import { bootstrapDifference, mean, median, type LocationStatistic } from './bootstrap';
import { mannWhitneyU, rankWithTies, type MannWhitneyResult } from './mann-whitney';

export type SampleKind = 'per-second' | 'per-run';

/** Resamples × values per side the bootstrap may draw (at least 500 resamples): a comparison stays within a second or two. */
export const MAX_BOOTSTRAP_DRAWS = 2_000_000;
/** Longer per-second series are first averaged over k-second bins (k = ⌈n / MAX_SECONDS⌉, the same k for both sides). */
export const MAX_SECONDS = 3600;

export interface TwoSampleOptions {
  kind: SampleKind;
  statistic: LocationStatistic;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Interval coverage (default 0.95). */
  confidence?: number;
  /** Fewest values (per-run) or independent seconds (n / τ, per-second) per side for a test (default 5). */
  minSamples?: number;
  resamples?: number;
  seed?: number;
}

export interface Interval {
  low: number;
  high: number;
  /** '%': relative to the baseline's statistic; 'abs': in the metric's unit (the baseline's statistic is 0). */
  unit: '%' | 'abs';
}

export interface TwoSampleTested {
  tested: true;
  /** The difference of the statistic on the samples (same unit as the interval). */
  estimate: number;
  ci: Interval;
  pValue: number;
  significant: boolean;
  n: { baseline: number; run: number };
  /** About how many independent values each side is worth (n / τ). */
  independent: { baseline: number; run: number };
  /** Autocorrelation times of the sides' ranks (1 for per-run values). */
  tau: { baseline: number; run: number };
  blockLength: number;
  mannWhitney: MannWhitneyResult;
  /** One line for a reader: what was tested, on what. */
  detail: string;
}

export interface TwoSampleUntested {
  tested: false;
  n: { baseline: number; run: number };
  reason: string;
}

export type TwoSampleResult = TwoSampleTested | TwoSampleUntested;

export function testTwoSamples(baselineIn: readonly number[], runIn: readonly number[], opts: TwoSampleOptions): TwoSampleResult {
  // Hours of seconds: means of k-second bins (means of adjacent seconds; τ is re-estimated on them).
  const bin = opts.kind === 'per-second' ? Math.ceil(Math.max(baselineIn.length, runIn.length) / MAX_SECONDS) : 1;
  const baseline = bin > 1 ? binMeans(baselineIn, bin) : baselineIn;
  const run = bin > 1 ? binMeans(runIn, bin) : runIn;
  const alpha = opts.alpha ?? 0.05;
  const minSamples = opts.minSamples ?? 5;
  const n = { baseline: baseline.length, run: run.length };
  const unit = opts.kind === 'per-second' ? 'per-second samples' : 'runs';
  if (n.baseline < minSamples || n.run < minSamples) {
    return { tested: false, n, reason: `too few ${unit} to test (baseline ${n.baseline}, run ${n.run}; needs ${minSamples} per side)` };
  }
  const tau = { baseline: 1, run: 1 };
  if (opts.kind === 'per-second') {
    // Ranks in the pooled sample: the test's own view of the series, and robust to outlying seconds.
    const { ranks } = rankWithTies([...run, ...baseline]);
    tau.run = conservativeAutocorrelationTime(ranks.slice(0, n.run));
    tau.baseline = conservativeAutocorrelationTime(ranks.slice(n.run));
  }
  const independent = { baseline: n.baseline / tau.baseline, run: n.run / tau.run };
  if (independent.baseline < minSamples || independent.run < minSamples) {
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'over half the run');
    return {
      tested: false,
      n,
      reason: `per-second samples too autocorrelated for their length (τ ≈ ${f(tau.baseline)} and ${f(tau.run)} s: about ${Math.floor(independent.baseline)} and ${Math.floor(independent.run)} independent seconds; needs ${minSamples} per side)`,
    };
  }
  const inflation = (n.baseline * tau.run + n.run * tau.baseline) / (n.baseline + n.run);
  const mw = mannWhitneyU(run, baseline, opts.kind === 'per-second' ? { varianceInflation: inflation, exact: false } : {});
  const blockLength = opts.kind === 'per-second' ? blockLengthFor(Math.max(tau.baseline, tau.run)) : 1;
  const stat = opts.statistic === 'mean' ? mean : median;
  const relative = stat(baseline) !== 0;
  // Long runs: fewer resamples (at least 500), so a comparison stays quick.
  const resamples = Math.min(opts.resamples ?? 2000, Math.max(500, Math.floor(MAX_BOOTSTRAP_DRAWS / Math.max(n.baseline, n.run))));
  const boot = bootstrapDifference(baseline, run, { statistic: opts.statistic, relative, resamples, confidence: opts.confidence, blockLength, seed: opts.seed, effectiveN: independent });
  const detail =
    opts.kind === 'per-run'
      ? `Mann-Whitney U on ${n.baseline} + ${n.run} runs (${mw.method}); bootstrap of the difference of ${opts.statistic}s (${boot.resamples} resamples)`
      : `Mann-Whitney U on ${n.baseline} + ${n.run} ${bin > 1 ? `means of ${bin} s` : 'per-second values'}, variance × ${inflation.toFixed(2)} for autocorrelation (τ ≈ ${tau.baseline.toFixed(1)} and ${tau.run.toFixed(1)} ${bin > 1 ? 'bins' : 's'}); ` +
        `${blockLength > 1 ? `circular block bootstrap (${blockLength * bin}-s blocks)` : 'bootstrap'} of the difference of ${opts.statistic}s (${boot.resamples} resamples)`;
  return {
    tested: true,
    estimate: boot.estimate,
    ci: { low: boot.low, high: boot.high, unit: relative ? '%' : 'abs' },
    pValue: mw.pValue,
    significant: mw.pValue < alpha,
    n,
    independent,
    tau,
    blockLength,
    mannWhitney: mw,
    detail,
  };
}

function binMeans(x: readonly number[], k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i += k) {
    const end = Math.min(x.length, i + k);
    let sum = 0;
    for (let j = i; j < end; j++) sum += x[j];
    out.push(sum / (end - i));
  }
  return out;
}
