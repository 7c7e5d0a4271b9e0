/**
 * reporting.alpha: the recipe's significance level reaches the comparison. The schema defaults and
 * bounds it; bench compare (compareRuns) takes it from the baseline's recipe unless --alpha says
 * otherwise; a schedule's baseline check (compareWithBaseline) from the new run's recipe.
 * The runs: throughput -14.6 % with p ≈ 0.022, a regression at 0.05 and noise at 0.01.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareWithBaseline } from '../../../src/activities/compare-with-baseline';
import { parseRecipe } from '../../../src/recipe/load';
import { compareRuns, recipeComparison } from '../../../src/reports/compare-files';
import { writeBaseline } from '../../../src/schedules/baseline';
import { ExperimentFolder } from '../../../src/store/experiment-folder';
import { writeRunWithResults } from './crafted-summary';

const recipe = (reporting = '') => `name: crafted\nbackend: local\nservices:\n  - name: redis\n    kind: redis\nworkload:\n  clients:\n    - name: c\n      driver: redis\n      target: redis\n      executor:\n        type: closed-loop\n      duration: 1s\n${reporting ? `reporting:\n${reporting}` : ''}`;

function runs(baselineRecipe?: string, runRecipe?: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-alpha-'));
  writeRunWithResults(root, 'base', { seconds: 20, opsPerSec: 300, latencyUs: 200, noise: 0.2, seed: 1 });
  writeRunWithResults(root, 'run', { seconds: 20, opsPerSec: 260, latencyUs: 200, noise: 0.2, seed: 3 });
  if (baselineRecipe) writeFileSync(path.join(root, 'base', 'recipe.yaml'), baselineRecipe);
  if (runRecipe) writeFileSync(path.join(root, 'run', 'recipe.yaml'), runRecipe);
  return root;
}

describe('reporting.alpha in the recipe', () => {
  it('defaults to 0.05 and accepts only 0 < alpha < 0.5, naming the field and the fix', () => {
    const ok = parseRecipe(recipe());
    expect(ok.ok && ok.recipe.reporting.alpha).toBe(0.05);
    const set = parseRecipe(recipe('  alpha: 0.01\n'));
    expect(set.ok && set.recipe.reporting.alpha).toBe(0.01);
    for (const bad of ['0', '0.5', '0.9', '-0.1', '"5%"']) {
      const r = parseRecipe(recipe(`  alpha: ${bad}\n`));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.issues.map((i) => i.path)).toEqual(['reporting.alpha']);
      expect(r.issues[0].line).toBe(15);
    }
    const r = parseRecipe(recipe('  alpha: 0.5\n'));
    expect(!r.ok && r.issues[0].message).toMatch(/above 0 and below 0\.5, e\.g\. 0\.05/);
  });

  it("bench compare uses the baseline recipe's alpha; --alpha overrides it", () => {
    const root = runs(recipe('  alpha: 0.01\n'));
    const strict = compareRuns(root, ['base', 'run'], { write: false }).comparison;
    expect(strict.statistics.alpha).toBe(0.01);
    const tp = strict.runs[0].deltas.find((d) => d.metric === 'throughput')!;
    expect(tp.deltaPct).toBeLessThan(-10);
    expect(tp.pValue).toBeGreaterThan(0.01);
    expect(tp.pValue).toBeLessThan(0.05);
    expect(tp).toMatchObject({ significant: false, regression: false });
    expect(strict.regression).toBe(false);
    expect(strict.runs[0].notes.join('\n')).toContain('not significant');

    const overridden = compareRuns(root, ['base', 'run'], { statistics: { alpha: 0.05 }, write: false }).comparison;
    expect(overridden.statistics.alpha).toBe(0.05);
    expect(overridden.regression).toBe(true);
    // No recipe: the default.
    expect(compareRuns(runs(), ['base', 'run'], { write: false }).comparison).toMatchObject({ statistics: { alpha: 0.05 }, regression: true });
  });

  it("the schedule's baseline check uses the new run's recipe alpha", async () => {
    const root = runs(recipe(), recipe('  alpha: 0.01\n'));
    writeBaseline(root, { scheduleId: 'nightly', baselineId: 'base', pinnedBy: 'user', pinnedAt: new Date().toISOString() });
    const verdict = await compareWithBaseline()({ folder: path.join(root, 'run'), scheduleId: 'nightly', status: 'completed' });
    expect(verdict).toEqual({ state: 'pass', baselineId: 'base', reasons: [] });
    expect(JSON.parse(readFileSync(path.join(root, 'run', 'reports', 'compare-base.json'), 'utf8')).statistics.alpha).toBe(0.01);

    const loose = runs(recipe(), recipe());
    writeBaseline(loose, { scheduleId: 'nightly', baselineId: 'base', pinnedBy: 'user', pinnedAt: new Date().toISOString() });
    expect(await compareWithBaseline()({ folder: path.join(loose, 'run'), scheduleId: 'nightly', status: 'completed' })).toMatchObject({ state: 'regressed' });
  });

  it('an older recipe that no longer validates still gives its alpha, when it is in range', () => {
    const root = runs();
    const folder = new ExperimentFolder(root, 'base');
    writeFileSync(folder.recipeFile, `${recipe('  alpha: 0.02\n')}retiredField: true\n`);
    expect(recipeComparison(folder)).toEqual({ thresholds: { p99IncreasePct: 10, throughputDecreasePct: 10 }, alpha: 0.02 });
    writeFileSync(folder.recipeFile, `${recipe('  alpha: 0.7\n')}retiredField: true\n`);
    expect(recipeComparison(folder).alpha).toBe(0.05);
  });
});
