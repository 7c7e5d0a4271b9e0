import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareSummaries, comparisonCsv, comparisonMarkdown, DEFAULT_THRESHOLDS } from '../../../src/reports/compare';
import { compareRuns, CompareInputError } from '../../../src/reports/compare-files';
import { craftedSummary, writeRun } from './crafted-summary';

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

  it('renders markdown and CSV', () => {
    const c = compareSummaries(craftedSummary('a', { p99: 1 }), [craftedSummary('b', { p99: 2 })], DEFAULT_THRESHOLDS);
    expect(comparisonMarkdown(c)).toContain('| p99 latency (ms) | 1.00 | 2.00 | +100.0 % | REGRESSION |');
    const csv = comparisonCsv(c).trim().split('\n');
    expect(csv[0]).toBe('baseline,run,metric,baseline_value,run_value,delta,delta_pct,threshold_pct,regression');
    expect(csv).toContain('a,b,p99,1,2,1,100,10,true');
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

  it('refuses unknown ids, unsafe ids and runs without a summary', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
    writeRun(root, craftedSummary('base'));
    expect(() => compareRuns(root, ['base', 'nope'])).toThrow(new CompareInputError(`no experiment folder nope under ${root} (is the id right? use --output for another experiments folder)`));
    expect(() => compareRuns(root, ['base', '../etc'])).toThrow(CompareInputError);
    expect(() => compareRuns(root, ['base'])).toThrow(/at least one other id/);
    expect(existsSync(path.join(root, 'etc'))).toBe(false);
  });
});
