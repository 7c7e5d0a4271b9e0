/** Statistics for comparing runs: pure functions, no I/O. See docs/comparison-statistics.md for which test is used where, and why. */
export { autocorrelations, blockLengthFor, conservativeAutocorrelationTime, integratedAutocorrelationTime } from './autocorrelation';
export { bootstrapDifference, mean, median, quantileSorted, type BootstrapInterval, type BootstrapOptions, type LocationStatistic } from './bootstrap';
export { exactUCdf, mannWhitneyU, rankWithTies, type Alternative, type MannWhitneyOptions, type MannWhitneyResult } from './mann-whitney';
export { erfc, normalCdf, normalQuantile, normalSf, studentTQuantile } from './normal';
export { compareQuantiles, designEffect, MIN_TAIL_COUNT, quantileInterval, type QuantileComparison, type QuantileInterval, type QuantileSource } from './quantile-interval';
export { perSecondSamples, type InstanceSeries, type PerSecondSamples, type RunSamples } from './run-samples';
export { testTwoSamples, type Interval, type SampleKind, type TwoSampleOptions, type TwoSampleResult, type TwoSampleTested, type TwoSampleUntested } from './two-sample';
