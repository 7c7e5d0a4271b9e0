/**
 * The experiment folder layout. The only code that knows these paths:
 *   experiments/{id}/recipe.yaml, metadata.out, metrics/prometheus_data/, metrics/summary.json,
 *   metrics/clients/ (one spec, progress and result file per client instance), logs/, reports/
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { assertSafeExperimentId } from './experiment-id';

export class ExperimentFolder {
  readonly dir: string;

  constructor(
    readonly root: string,
    readonly id: string,
  ) {
    assertSafeExperimentId(id);
    this.dir = path.join(path.resolve(root), id);
  }

  static at(dir: string): ExperimentFolder {
    return new ExperimentFolder(path.dirname(dir), path.basename(dir));
  }

  get recipeFile() { return path.join(this.dir, 'recipe.yaml'); }
  get metadataFile() { return path.join(this.dir, 'metadata.out'); }
  get metricsDir() { return path.join(this.dir, 'metrics'); }
  get prometheusDataDir() { return path.join(this.metricsDir, 'prometheus_data'); }
  get summaryFile() { return path.join(this.metricsDir, 'summary.json'); }
  get clientsDir() { return path.join(this.metricsDir, 'clients'); }
  get logsDir() { return path.join(this.dir, 'logs'); }
  get reportsDir() { return path.join(this.dir, 'reports'); }
  get reportPdf() { return path.join(this.reportsDir, 'report.pdf'); }
  get rawResultsCsv() { return path.join(this.reportsDir, 'raw_results.csv'); }
  get reportHtml() { return path.join(this.reportsDir, 'report.html'); }
  /** Generated Prometheus configuration and its file_sd targets (clients register after they launch). */
  get prometheusConfigFile() { return path.join(this.metricsDir, 'prometheus.yml'); }
  get prometheusClientTargets() { return path.join(this.metricsDir, 'prometheus_targets', 'clients.json'); }
  /** What the post-run metrics export found (panels, gaps, resources), folded into summary.json. */
  get monitoringFile() { return path.join(this.metricsDir, 'monitoring.json'); }
  /** One visualization-ready CSV per report panel, e.g. metrics/service_cpu.csv. */
  metricsCsv(panel: string) { return path.join(this.metricsDir, `${safeName(panel)}.csv`); }

  /** One log file per component, e.g. logs/service-redis.log, logs/client-load-0.log, logs/orchestrator.log. */
  logFile(component: string): string {
    return path.join(this.logsDir, `${safeName(component)}.log`);
  }
  /**
   * Spec or result path for every task of a multi-task client job: `{rank}` is replaced by each task's
   * rank (SLURM_PROCID) in `bench client`, giving the instance's own file.
   */
  clientFilePerRank(group: string, kind: 'spec' | 'result' | 'progress'): string {
    return path.join(this.clientsDir, `${safeName(group)}-{rank}.${kind}.json`);
  }
  clientSpecFile(instance: string) { return path.join(this.clientsDir, `${safeName(instance)}.spec.json`); }
  clientProgressFile(instance: string) { return path.join(this.clientsDir, `${safeName(instance)}.progress.json`); }
  clientResultFile(instance: string) { return path.join(this.clientsDir, `${safeName(instance)}.result.json`); }

  /** A comparison of this run against a baseline: reports/compare-<baseline id>.json|md|csv. */
  comparisonFile(baselineId: string, ext: 'json' | 'md' | 'csv'): string {
    assertSafeExperimentId(baselineId);
    return path.join(this.reportsDir, `compare-${baselineId}.${ext}`);
  }

  create(): this {
    for (const d of [this.dir, this.metricsDir, this.clientsDir, this.logsDir, this.reportsDir]) mkdirSync(d, { recursive: true });
    return this;
  }
}

function safeName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.includes('..')) throw new Error(`"${name}" cannot be used as a file name`);
  return name;
}

/**
 * Per-schedule state beside the runs: <experiments root>/.schedules/<schedule id>/baseline.json.
 * The leading dot keeps it apart from experiment folders (ids start with a letter or digit).
 */
export function scheduleStateDir(root: string, scheduleId: string): string {
  assertSafeExperimentId(scheduleId);
  return path.join(path.resolve(root), '.schedules', scheduleId);
}

export function scheduleBaselineFile(root: string, scheduleId: string): string {
  return path.join(scheduleStateDir(root, scheduleId), 'baseline.json');
}

export function scheduleTrendFile(root: string, scheduleId: string, ext: 'html' | 'csv'): string {
  return path.join(scheduleStateDir(root, scheduleId), `trend.${ext}`);
}
