import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SeededRandom } from '../../../src/clients/seeded-random';
import { COMPARISON_SCHEMA_VERSION, compareSummaries, comparisonCsv, comparisonMarkdown, DEFAULT_THRESHOLDS, type Comparison } from '../../../src/reports/compare';
import { compareRuns, CompareInputError, rawResultsSeries, readSamples } from '../../../src/reports/compare-files';
import { ExperimentFolder } from '../../../src/store/experiment-folder';
import { comparePage } from '../../../src/web/compare-page';
import { craftedRun, craftedSummary, writeRun, writeRunWithResults } from './crafted-summary';

describe('compareSummaries', () => {
  it('passes identical runs', () => {
    const c = compareSummaries(craftedSummary('a'), [craftedSummary('b')]);
    expect(c.regression).toBe(false);
    expect(c.runs[0].regressions).toEqual([]);
    expect(c.runs[0].deltas.find((d) => d.metric === 'p99')).toMatchObject({ baseline: 1, value: 1, delta: 0, deltaPct: 0, regression: false });
  });

  it('flags a p99 increase beyond the default +10 % and not one within it', () => {
    expect(compareSummaries(craftedSummary('a', { p99: 1 }), [craftedSummary('b', { p99: 1.09 })]).regression).toBe(false);
    const c = compareSummaries(craftedSummary('a', { p99: 1 }), [craftedSummary('b', { p99: 1.25 })]);
    expect(c.regression).toBe(true);
    expect(c.runs[0].deltas.find((d) => d.metric === 'p99')).toMatchObject({ deltaPct: 25, thresholdPct: 10, regression: true });
    expect(c.runs[0].regressions[0]).toMatch(/^p99 latency \+25\.0 %/);
  });

  it('flags a throughput drop beyond -10 %; a throughput gain is never a regression', () => {
    const c = compareSummaries(craftedSummary('a', { opsPerSec: 1000 }), [craftedSummary('b', { opsPerSec: 850 }), craftedSummary('c', { opsPerSec: 2000 }), craftedSummary('d', { opsPerSec: 950 })]);
    expect(c.runs.map((r) => r.regressions.length > 0)).toEqual([true, false, false]);
    expect(c.runs[0].deltas.find((d) => d.metric === 'throughput')).toMatchObject({ deltaPct: -15, thresholdPct: -10, regression: true });
  });

  it('uses the given thresholds', () => {
    const base = craftedSummary('a', { p99: 1, opsPerSec: 1000 });
    const run = craftedSummary('b', { p99: 1.25, opsPerSec: 850 });
    expect(compareSummaries(base, [run], { p99IncreasePct: 30, throughputDecreasePct: 20 }).regression).toBe(false);
    expect(compareSummaries(base, [run], { p99IncreasePct: 30, throughputDecreasePct: 10 }).runs[0].regressions).toHaveLength(1);
  });

  it('flags new errors and a failed run against a completed baseline', () => {
    const c = compareSummaries(craftedSummary('a'), [craftedSummary('b', { errors: 5 }), craftedSummary('c', { status: 'failed' })]);
    expect(c.runs[0].regressions).toEqual(['errors 0 → 5']);
    expect(c.runs[1].regressions).toEqual(['status failed (baseline completed)']);
  });

  it('a run completed with teardown errors (summary v3) has valid results: no status regression', () => {
    const run = craftedSummary('b');
    (run.experiment as { status: string }).status = 'completed_with_teardown_errors';
    expect(compareSummaries(craftedSummary('a'), [run]).runs[0].regressions).toEqual([]);
  });

  it('renders markdown and CSV', () => {
    const c = compareSummaries(craftedSummary('a', { p99: 1 }), [craftedSummary('b', { p99: 2 })], DEFAULT_THRESHOLDS);
    expect(comparisonMarkdown(c)).toContain('| p99 latency (ms) | 1.00 | 2.00 | +100.0 % |  |  | untested → REGRESSION (threshold alone) |');
    const csv = comparisonCsv(c).trim().split('\n');
    expect(csv[0]).toBe('baseline,run,metric,baseline_value,run_value,delta,delta_pct,threshold_pct,regression,ci95_low,ci95_high,ci95_unit,p_value,significant,test,basis');
    expect(csv).toContain('a,b,p99,1,2,1,100,10,true,,,,,,none,threshold-only');
  });

  it('without samples, says so and falls back to the thresholds (schema version 2)', () => {
    const c = compareSummaries(craftedSummary('a', { p99: 1 }), [craftedSummary('b', { p99: 1.25 })]);
    expect(c.schemaVersion).toBe(COMPARISON_SCHEMA_VERSION);
    expect(COMPARISON_SCHEMA_VERSION).toBe(2);
    expect(c.statistics).toMatchObject({ alpha: 0.05, confidence: 0.95, minSamples: 5 });
    const r = c.runs[0];
    expect(r.sampling).toBe('none');
    expect(r.deltas.find((d) => d.metric === 'p99')).toMatchObject({ significant: null, pValue: null, ci95: null, test: 'none', basis: 'threshold-only', regression: true, reason: 'no per-second series for either run' });
    expect(r.regressions[0]).toBe('p99 latency +25.0 % (1.00 → 1.25 ms; threshold +10 %; threshold alone, not tested: no per-second series for either run)');
    expect(r.notes[0]).toMatch(/^per-second samples .* are missing for one or both runs/);
  });
});

describe('compareSummaries with per-second samples', () => {
  const delta = (c: Comparison, metric: string) => c.runs[0].deltas.find((d) => d.metric === metric)!;

  it('same distribution: a throughput delta beyond the threshold that is noise is not significant, so not a regression', () => {
    // Very noisy seconds (30 %): 20 seconds of the same load can differ by more than 10 % on average.
    const base = craftedRun('base', { seconds: 20, noise: 0.3, seed: 1 });
    const run = craftedRun('run', { seconds: 20, noise: 0.3, seed: 41 });
    const c = compareSummaries(base, [run]);
    const tp = delta(c, 'throughput');
    expect(tp.deltaPct!).toBeLessThan(-10);
    expect(tp).toMatchObject({ significant: false, regression: false, basis: 'threshold+significance', test: 'mann-whitney+block-bootstrap' });
    expect(tp.pValue!).toBeGreaterThan(0.05);
    expect(tp.ci95!.low).toBeLessThan(0);
    expect(tp.ci95!.high).toBeGreaterThan(0);
    expect(c.regression).toBe(false);
    expect(c.runs[0].notes.join('\n')).toMatch(/^throughput -\d+\.\d % is beyond its threshold but not significant \(95 % CI \[/m);
    // The old rule (threshold alone) would have flagged it.
    expect(compareSummaries(base.summary, [run.summary]).regression).toBe(true);
  });

  it('shifted distribution: 15 % less throughput and 30 % higher p99 are significant regressions with their intervals', () => {
    const base = craftedRun('base', { seconds: 30, noise: 0.05, phi: 0.5, seed: 3 });
    const run = craftedRun('run', { seconds: 30, noise: 0.05, phi: 0.5, seed: 4, opsPerSec: 850, p99: 1.3 });
    const c = compareSummaries(base, [run]);
    const tp = delta(c, 'throughput');
    expect(tp).toMatchObject({ significant: true, regression: true, basis: 'threshold+significance' });
    expect(tp.ci95!.unit).toBe('%');
    expect(tp.ci95!.low).toBeLessThan(-15);
    expect(tp.ci95!.high).toBeGreaterThan(-15);
    expect(tp.ci95!.high).toBeLessThan(-10);
    expect(tp.pValue!).toBeLessThan(0.01);
    expect(delta(c, 'p99')).toMatchObject({ significant: true, regression: true });
    expect(c.runs[0].regressions[0]).toMatch(/^throughput -1\d\.\d % \(\d+ → \d+ ops\/s; threshold -10 %; 95 % CI \[-\d+\.\d, -\d+\.\d\] %, p(<0\.001|=0\.00\d)\)$/);
    // p99.9 from the histograms, with the requests' clustering taken from the per-second p99.
    expect(delta(c, 'p999')).toMatchObject({ test: 'hdr-quantile', significant: true, regression: false });
    expect(c.regression).toBe(true);
  });

  it('a significant change within the threshold is reported but not flagged', () => {
    const c = compareSummaries(craftedRun('base', { seconds: 60, noise: 0.02, seed: 5 }), [craftedRun('run', { seconds: 60, noise: 0.02, seed: 6, opsPerSec: 950 })]);
    expect(delta(c, 'throughput')).toMatchObject({ significant: true, regression: false });
    expect(c.regression).toBe(false);
  });

  it('too few seconds to test: significant null with the reason, and the threshold alone decides', () => {
    const c = compareSummaries(craftedRun('base', { seconds: 3, seed: 7 }), [craftedRun('run', { seconds: 3, seed: 8, opsPerSec: 700 })]);
    const tp = delta(c, 'throughput');
    expect(tp).toMatchObject({ significant: null, regression: true, basis: 'threshold-only', reason: 'too few per-second samples to test (baseline 3, run 3; needs 5 per side)' });
    expect(c.runs[0].regressions[0]).toMatch(/^throughput -\d\d\.\d % \(.*; threshold alone, not tested: too few per-second samples/);
  });

  it('alpha is configurable', () => {
    const base = craftedRun('base', { seconds: 30, noise: 0.05, seed: 3 });
    const run = craftedRun('run', { seconds: 30, noise: 0.05, seed: 4, opsPerSec: 880 });
    expect(compareSummaries(base, [run]).regression).toBe(true);
    const strict = compareSummaries(base, [run], DEFAULT_THRESHOLDS, { alpha: 1e-30 });
    expect(strict.statistics.alpha).toBe(1e-30);
    expect(delta(strict, 'throughput')).toMatchObject({ significant: false, regression: false });
    expect(() => compareSummaries(base, [run], DEFAULT_THRESHOLDS, { alpha: 0 })).toThrow(/alpha/);
  });

  it('is reproducible: the same runs give the same intervals', () => {
    const mk = () => compareSummaries(craftedRun('base', { seconds: 30, seed: 9 }), [craftedRun('run', { seconds: 30, seed: 10 })], DEFAULT_THRESHOLDS, { now: new Date(0) });
    expect(mk()).toEqual(mk());
  });

  it('over 200 pairs of runs from one distribution, the new rule flags far fewer false regressions than the threshold alone', () => {
    let thresholdOnly = 0;
    let withSignificance = 0;
    for (let seed = 1; seed <= 200; seed++) {
      // 30 noisy seconds (35 %, AR(1) φ = 0.2) per run: the threshold is crossed by noise alone.
      const base = craftedRun('base', { seconds: 30, noise: 0.35, phi: 0.2, seed: seed * 7919 });
      const run = craftedRun('run', { seconds: 30, noise: 0.35, phi: 0.2, seed: seed * 104729 + 13 });
      const tp = delta(compareSummaries(base, [run], DEFAULT_THRESHOLDS, { resamples: 200 }), 'throughput');
      if (tp.deltaPct! < -10) thresholdOnly++;
      if (tp.regression) withSignificance++;
    }
    // Seen: 41 of 200 (20.5 %) by the threshold alone, 6 (3 %) with significance (alpha 0.05, one direction of two).
    expect(thresholdOnly).toBeGreaterThan(30);
    expect(withSignificance).toBeLessThanOrEqual(10);
  });
});

describe('compareSummaries with repetitions', () => {
  const reps = (prefix: string, n: number, o: { opsPerSec?: number; p99?: number }, seed: number) => {
    const rng = new SeededRandom(seed);
    return Array.from({ length: n }, (_, i) => craftedSummary(`${prefix}-${i}`, { opsPerSec: (o.opsPerSec ?? 1000) * (1 + 0.03 * rng.normal()), p99: (o.p99 ?? 1) * (1 + 0.03 * rng.normal()) }));
  };

  it('uses one value per run: 6 against 6, a 15 % throughput drop is a significant regression', () => {
    const c = compareSummaries(reps('b', 6, {}, 1), [reps('r', 6, { opsPerSec: 850 }, 2)]);
    const r = c.runs[0];
    expect(r.sampling).toBe('per-run');
    expect(r.ids).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4', 'r-5']);
    expect(c.baseline.ids).toHaveLength(6);
    const tp = r.deltas.find((d) => d.metric === 'throughput')!;
    expect(tp).toMatchObject({ test: 'mann-whitney+bootstrap', significant: true, regression: true, samples: { baseline: 6, run: 6, unit: 'runs' } });
    // Every run of 6 below every run of 6: the exact two-sided p is 2 / C(12, 6).
    expect(tp.pValue!).toBeCloseTo(2 / 924, 6);
    expect(tp.testDetail).toContain('Mann-Whitney U on 6 + 6 runs (exact)');
  });

  it('repetitions of one distribution pass; too few repetitions are decided by the threshold', () => {
    expect(compareSummaries(reps('b', 6, {}, 3), [reps('r', 6, {}, 4)]).regression).toBe(false);
    const few = compareSummaries(reps('b', 3, {}, 5), [reps('r', 3, { p99: 1.5 }, 6)]);
    expect(few.runs[0].deltas.find((d) => d.metric === 'p99')).toMatchObject({ significant: null, basis: 'threshold-only', regression: true, reason: 'too few runs to test (baseline 3, run 3; needs 5 per side)' });
  });
});

describe('compareRuns (folders)', () => {
  const recipe = (p99: number, tp: number) => `name: crafted\nbackend: local\nservices:\n  - name: redis\n    kind: redis\nworkload:\n  clients:\n    - name: c\n      driver: redis\n      target: redis\n      executor:\n        type: closed-loop\n      duration: 1s\nreporting:\n  thresholds:\n    p99IncreasePct: ${p99}\n    throughputDecreasePct: ${tp}\n`;

  it("takes thresholds from the baseline's recipe, lets options override, and writes json/md/csv into the compared run", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
    writeRun(root, craftedSummary('base', { p99: 1 }), recipe(50, 10));
    writeRun(root, craftedSummary('run:1', { p99: 1.3 }));
    const { comparison, files } = compareRuns(root, ['base', 'run:1']);
    expect(comparison.thresholds).toEqual({ p99IncreasePct: 50, throughputDecreasePct: 10 });
    expect(comparison.regression).toBe(false);
    expect(files.map((f) => path.relative(root, f))).toEqual(['run:1/reports/compare-base.json', 'run:1/reports/compare-base.md', 'run:1/reports/compare-base.csv'].map((p) => p.split('/').join(path.sep)));
    expect(JSON.parse(readFileSync(files[0], 'utf8')).baseline.id).toBe('base');
    expect(compareRuns(root, ['base', 'run:1'], { thresholds: { p99IncreasePct: 20 }, write: false }).comparison.regression).toBe(true);
  });

  it('reads per-second samples and histograms from the result files, and compares repetitions joined with "+"', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
    writeRunWithResults(root, 'base', { seconds: 20, opsPerSec: 400, latencyUs: 200, noise: 0.03, seed: 1, instances: 2 });
    writeRunWithResults(root, 'same', { seconds: 20, opsPerSec: 400, latencyUs: 200, noise: 0.03, seed: 2, instances: 2 });
    writeRunWithResults(root, 'slow', { seconds: 20, opsPerSec: 300, latencyUs: 300, noise: 0.03, seed: 3, instances: 2 });
    const samples = readSamples(new ExperimentFolder(root, 'base'))!;
    expect(samples.source).toBe('metrics/clients/*.result.json (2 instances)');
    expect(samples.perSecond.opsPerSec).toHaveLength(20);
    expect(samples.latency!.count).toBeGreaterThan(7000);
    const { comparison } = compareRuns(root, ['base', 'same', 'slow'], { write: false });
    expect(comparison.runs.map((r) => [r.id, r.sampling, r.regressions.length > 0])).toEqual([['same', 'per-second', false], ['slow', 'per-second', true]]);
    const slowTp = comparison.runs[1].deltas.find((d) => d.metric === 'throughput')!;
    expect(slowTp).toMatchObject({ significant: true, basis: 'threshold+significance' });
    expect(comparison.runs[1].deltas.find((d) => d.metric === 'p999')!.test).toBe('hdr-quantile');

    // Repetitions: five runs per side.
    for (let i = 0; i < 5; i++) {
      writeRunWithResults(root, `b-${i}`, { seconds: 5, opsPerSec: 300, latencyUs: 200, noise: 0.03, seed: 10 + i });
      writeRunWithResults(root, `r-${i}`, { seconds: 5, opsPerSec: 240, latencyUs: 200, noise: 0.03, seed: 20 + i });
    }
    const reps = compareRuns(root, ['b-0+b-1+b-2+b-3+b-4', 'r-0+r-1+r-2+r-3+r-4'], { write: true });
    expect(reps.comparison.baseline).toMatchObject({ id: 'b-0', ids: ['b-0', 'b-1', 'b-2', 'b-3', 'b-4'] });
    expect(reps.comparison.runs[0]).toMatchObject({ sampling: 'per-run', ids: ['r-0', 'r-1', 'r-2', 'r-3', 'r-4'] });
    expect(reps.comparison.regression).toBe(true);
    expect(reps.files.filter((f) => f.endsWith('compare-b-0.json'))).toHaveLength(5);
    // A "+" becomes a space in a URL query: accepted as the same separator.
    expect(compareRuns(root, ['b-0 b-1 b-2 b-3 b-4', 'r-0 r-1 r-2 r-3 r-4'], { write: false }).comparison.runs[0].sampling).toBe('per-run');
    expect(() => compareRuns(root, ['base', 'same'], { statistics: { alpha: 2 } })).toThrow(CompareInputError);
  });

  it('falls back to reports/raw_results.csv for the per-second series', () => {
    const csv = 'timestamp,second,group,instance,requests,errors,ops_per_sec,p50_ms,p90_ms,p99_ms,max_ms\n' + 't,0,"g,1",a-0,10,0,10,1,2,3,4\nt,0,"g,1",a-1,30,1,30,2,3,5,6\nt,1,"g,1",a-0,20,0,20,1,1,1,1\nt,1,"g,1",a-1,20,0,20,1,1,1,1\n';
    expect(rawResultsSeries(csv)).toEqual([
      { series: [{ second: 0, requests: 10, p50Us: 1000, p90Us: 2000, p99Us: 3000 }, { second: 1, requests: 20, p50Us: 1000, p90Us: 1000, p99Us: 1000 }] },
      { series: [{ second: 0, requests: 30, p50Us: 2000, p90Us: 3000, p99Us: 5000 }, { second: 1, requests: 20, p50Us: 1000, p90Us: 1000, p99Us: 1000 }] },
    ]);
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
    writeRun(root, craftedSummary('csv-only'));
    writeFileSync(path.join(root, 'csv-only', 'reports', 'raw_results.csv'), csv);
    const s = readSamples(new ExperimentFolder(root, 'csv-only'))!;
    expect(s.source).toBe('reports/raw_results.csv (2 instances)');
    expect(s.perSecond.opsPerSec).toEqual([40, 40]);
    expect(s.perSecond.p99Ms).toEqual([4.5, 1]);
    expect(s.latency).toBeUndefined();
  });

  it('refuses unknown ids, unsafe ids and runs without a summary', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
    writeRun(root, craftedSummary('base'));
    expect(() => compareRuns(root, ['base', 'nope'])).toThrow(new CompareInputError(`no experiment folder nope under ${root} (is the id right? use --output for another experiments folder)`));
    expect(() => compareRuns(root, ['base', '../etc'])).toThrow(CompareInputError);
    expect(() => compareRuns(root, ['base'])).toThrow(/at least one other id/);
    expect(existsSync(path.join(root, 'etc'))).toBe(false);
  });
});

describe('compare page', () => {
  it('shows the interval, p-value and verdict beside each delta, and the notes', () => {
    const base = craftedRun('base', { seconds: 20, noise: 0.3, seed: 1 });
    const noisy = craftedRun('noisy', { seconds: 20, noise: 0.3, seed: 41 });
    const html = comparePage(compareSummaries(base, [noisy]));
    expect(html).toMatch(/<td class="n delta [a-z]*" data-metric="throughput" data-run="noisy">-\d+\.\d %<\/td>/);
    expect(html).toMatch(/<td class="n ci" data-metric="throughput" data-run="noisy" title="Mann-Whitney U on 20 \+ 20 per-second values[^"]*">\[-\d+\.\d, [+-]\d+\.\d\] %<\/td>/);
    expect(html).toMatch(/<td class="n p" data-metric="throughput" data-run="noisy">p&#x3D;0\.\d{3}<\/td>/); // handlebars escapes "="
    expect(html).toContain('data-metric="throughput" data-run="noisy" title="Mann-Whitney');
    expect(html).toContain('>not significant → pass (beyond threshold, noise)</td>');
    expect(html).toMatch(/<ul id="notes"><li><b>noisy<\/b>: throughput -\d+\.\d % is beyond its threshold but not significant/);
    expect(html).toContain('significance level 0.05');
  });
});
