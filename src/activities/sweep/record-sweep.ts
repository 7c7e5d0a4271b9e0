import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { redactRecipeText } from '../../logs/redact-folder';
import { SWEEP_SUMMARY_SCHEMA_VERSION, type SweepStatus, type SweepSummary } from '../../reports/sweep/sweep-summary';
import { writeSweepReport } from '../../reports/sweep/write-sweep-report';
import { writeJsonAtomic } from '../../store/atomic-write';
import { SweepFolder } from '../../store/sweep-folder';
import type { SweepPlan } from './plan-sweep';
import { sweepRow, type SweepRunRecord } from './sweep-row';

/** What the sweep workflow knows of its summary's header, plus where to write it. */
export type SweepHeader = Pick<SweepSummary, 'sweepId' | 'recipe' | 'description' | 'backend' | 'parameters' | 'repetitions' | 'plannedRuns' | 'startedAt' | 'search'> & {
  outputRoot: string;
  pdf: boolean;
};

export interface RecordedRun {
  opsPerSec: number;
  errorRate: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number };
  hasResults: boolean;
}

/** Creates the sweep folder with the recipe as given and the plan. Idempotent. */
export function prepareSweep() {
  return async (input: { sweepId: string; outputRoot: string; recipeText: string; plan: SweepPlan; workflowRunId: string }): Promise<string> => {
    const folder = new SweepFolder(input.outputRoot, input.sweepId).create();
    if (!existsSync(folder.recipeFile)) writeFileSync(folder.recipeFile, redactRecipeText(input.recipeText));
    if (!existsSync(folder.planFile)) {
      writeJsonAtomic(folder.planFile, { sweepId: input.sweepId, workflowRunId: input.workflowRunId, ...input.plan, points: input.plan.points.map(({ recipeText: _t, ...p }) => p) });
      log(folder, { event: 'prepared', points: input.plan.points.length, repetitions: input.plan.repetitions });
    }
    return folder.dir;
  };
}

/**
 * Adds (or replaces) one run's row in metrics/summary.json and rewrites points.csv and the report, so
 * the folder describes the sweep after every run. Without a run, records the sweep's status only.
 * Idempotent: a retry replaces the same row. The workflow calls it one at a time.
 */
export function recordSweep() {
  return async (input: { header: SweepHeader; status: SweepStatus; run?: SweepRunRecord }): Promise<RecordedRun | undefined> => {
    const h = input.header;
    const folder = new SweepFolder(h.outputRoot, h.sweepId).create();
    const previous = readSweepSummary(folder.summaryFile);
    let rows = previous?.rows ?? [];
    let recorded: RecordedRun | undefined;
    if (input.run) {
      const row = sweepRow(h.outputRoot, input.run);
      rows = rows.filter((r) => !(r.point === row.point && r.repetition === row.repetition)).concat(row);
      rows.sort((a, b) => a.point - b.point || a.repetition - b.repetition);
      recorded = { opsPerSec: row.opsPerSec, errorRate: row.errorRate, latencyMs: row.latencyMs, hasResults: row.requests > 0 };
      log(folder, { event: 'run-finished', point: row.point, repetition: row.repetition, experiment: row.experimentId, status: row.status, opsPerSec: row.opsPerSec, p99Ms: row.latencyMs.p99, ...(row.error ? { error: row.error } : {}) });
    } else {
      log(folder, { event: 'status', status: input.status });
    }
    const summary: SweepSummary = {
      schemaVersion: SWEEP_SUMMARY_SCHEMA_VERSION,
      sweepId: h.sweepId,
      recipe: h.recipe,
      ...(h.description ? { description: h.description } : {}),
      backend: h.backend,
      parameters: h.parameters,
      repetitions: h.repetitions,
      plannedRuns: h.plannedRuns,
      status: input.status,
      startedAt: h.startedAt,
      updatedAt: new Date().toISOString(),
      ...(h.search ? { search: h.search } : {}),
      rows,
    };
    writeJsonAtomic(folder.summaryFile, summary);
    try {
      await writeSweepReport(folder.dir, summary, { pdf: h.pdf });
    } catch (e) {
      // The table is written; a report that failed to render is said in the log, not a reason to stop the sweep.
      log(folder, { event: 'report-failed', error: (e as Error).message });
    }
    return recorded;
  };
}

export function readSweepSummary(file: string): SweepSummary | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SweepSummary;
  } catch {
    return undefined;
  }
}

function log(folder: SweepFolder, entry: Record<string, unknown>): void {
  appendFileSync(folder.logFile, JSON.stringify({ time: new Date().toISOString(), sweep: folder.id, ...entry }) + '\n');
}
