/**
 * A sweep's folder, beside its experiments:
 *   experiments/{sweepId}/sweep.yaml (the recipe as given), plan.json, points.csv,
 *   metrics/summary.json (SweepSummary), reports/report.html, reports/report.pdf
 * Each run of a point is an experiment folder of its own (experiments/{sweepId}-p{point}-r{repetition}).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { assertSafeExperimentId } from './experiment-id';

export class SweepFolder {
  readonly dir: string;

  constructor(
    readonly root: string,
    readonly id: string,
  ) {
    assertSafeExperimentId(id);
    this.dir = path.join(path.resolve(root), id);
  }

  static at(dir: string): SweepFolder {
    return new SweepFolder(path.dirname(dir), path.basename(dir));
  }

  /** Whether a folder is a sweep's (and not an experiment's). */
  static isSweep(dir: string): boolean {
    return existsSync(path.join(dir, 'sweep.yaml'));
  }

  get recipeFile() { return path.join(this.dir, 'sweep.yaml'); }
  get planFile() { return path.join(this.dir, 'plan.json'); }
  get pointsCsv() { return path.join(this.dir, 'points.csv'); }
  get summaryFile() { return path.join(this.dir, 'metrics', 'summary.json'); }
  get reportsDir() { return path.join(this.dir, 'reports'); }
  get reportPdf() { return path.join(this.reportsDir, 'report.pdf'); }
  get reportHtml() { return path.join(this.reportsDir, 'report.html'); }
  get logFile() { return path.join(this.dir, 'sweep.log'); }

  create(): this {
    mkdirSync(path.join(this.dir, 'metrics'), { recursive: true });
    mkdirSync(this.reportsDir, { recursive: true });
    return this;
  }
}
