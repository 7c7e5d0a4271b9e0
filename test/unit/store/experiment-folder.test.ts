import { ExperimentFolder } from '../../../src/store/experiment-folder';
import { newExperimentId } from '../../../src/store/experiment-id';

describe('experiment folder', () => {
  it('lays out the documented paths', () => {
    const f = new ExperimentFolder('/data/experiments', 'quickstart-1');
    expect(f.recipeFile).toBe('/data/experiments/quickstart-1/recipe.yaml');
    expect(f.metadataFile).toBe('/data/experiments/quickstart-1/metadata.out');
    expect(f.prometheusDataDir).toBe('/data/experiments/quickstart-1/metrics/prometheus_data');
    expect(f.summaryFile).toBe('/data/experiments/quickstart-1/metrics/summary.json');
    expect(f.reportPdf).toBe('/data/experiments/quickstart-1/reports/report.pdf');
    expect(f.rawResultsCsv).toBe('/data/experiments/quickstart-1/reports/raw_results.csv');
    expect(f.logFile('service-redis')).toBe('/data/experiments/quickstart-1/logs/service-redis.log');
  });

  it.each(['../etc', 'a/b', '..', '.hidden', 'a/../../b', '', 'x'.repeat(201)])('refuses the id %p', (id) => {
    expect(() => new ExperimentFolder('/data/experiments', id)).toThrow(/not allowed/);
  });

  it('refuses component names that would leave logs/', () => {
    expect(() => new ExperimentFolder('/e', 'ok').logFile('../../x')).toThrow();
  });

  it('makes ids from the recipe name and the time', () => {
    expect(newExperimentId('quickstart', new Date('2026-11-29T08:15:00.123Z'))).toMatch(/^quickstart-20261129T081500Z-[a-z0-9]{4}$/);
  });
});
