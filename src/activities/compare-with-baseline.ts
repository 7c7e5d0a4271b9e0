/**
 * After a scheduled run: compare it with the schedule's baseline (pinning the first completed run as the
 * baseline when there is none), record the verdict in summary.json `regression`, write the comparison
 * files into reports/, and log it. Idempotent: a retry recomputes and rewrites the same files (the
 * bootstrap is seeded, so the same runs give the same intervals and verdict).
 */
import { existsSync } from 'node:fs';
import { compareSummaries, resultsValid } from '../reports/compare';
import { readRun, readSamples, readSummary, recipeComparison, writeComparison } from '../reports/compare-files';
import type { RegressionRecord } from '../reports/summary-schema';
import { readBaseline, writeBaseline } from '../schedules/baseline';
import { writeJsonAtomic } from '../store/atomic-write';
import { ExperimentFolder } from '../store/experiment-folder';
import type { BaselineVerdict } from '../workflows/types';
import { orchestratorLog } from './orchestrator-log';

export function compareWithBaseline() {
  return async (input: { folder: string; scheduleId: string; status: string }): Promise<BaselineVerdict> => {
    const folder = ExperimentFolder.at(input.folder);
    const log = orchestratorLog(folder);
    if (!existsSync(folder.summaryFile)) return { state: 'none', reasons: ['no summary.json'] };
    const summary = readSummary(folder);
    const { thresholds, alpha } = recipeComparison(folder);
    const record = (r: Omit<RegressionRecord, 'scheduleId' | 'thresholds' | 'comparedAt'>) => {
      summary.regression = { scheduleId: input.scheduleId, thresholds, comparedAt: new Date().toISOString(), ...r };
      writeJsonAtomic(folder.summaryFile, summary);
    };

    let baseline = readBaseline(folder.root, input.scheduleId);
    if (!baseline) {
      if (!resultsValid(input.status)) {
        log.info({ event: 'baseline', schedule: input.scheduleId }, `no baseline for schedule ${input.scheduleId} yet, and this run did not complete: not pinned`);
        return { state: 'none', reasons: ['no baseline yet'] };
      }
      baseline = { scheduleId: input.scheduleId, baselineId: folder.id, pinnedBy: 'first-run', pinnedAt: new Date().toISOString() };
      writeBaseline(folder.root, baseline);
      log.info({ event: 'baseline', schedule: input.scheduleId, baseline: folder.id }, `first completed run of schedule ${input.scheduleId}: pinned as its baseline`);
    }
    if (baseline.baselineId === folder.id) {
      record({ baselineId: folder.id, regressed: false, reasons: [], isBaseline: true });
      return { state: 'baseline', baselineId: folder.id, reasons: [] };
    }
    const baseFolder = new ExperimentFolder(folder.root, baseline.baselineId);
    if (!existsSync(baseFolder.summaryFile)) {
      log.warn({ event: 'baseline', schedule: input.scheduleId, baseline: baseline.baselineId }, `baseline ${baseline.baselineId} has no summary.json under ${folder.root}: not compared (pin another with \`bench baseline set\`)`);
      return { state: 'none', baselineId: baseline.baselineId, reasons: [`baseline ${baseline.baselineId} has no summary.json`] };
    }
    // With the runs' per-second samples: a regression is a delta beyond its threshold that is also
    // significant at the recipe's reporting.alpha (compare.ts); a run too short to test is judged by the threshold alone.
    const comparison = compareSummaries(readRun(baseFolder), [{ summary, samples: readSamples(folder) }], thresholds, { alpha });
    writeComparison(folder, comparison);
    const reasons = comparison.runs[0].regressions;
    const notes = comparison.runs[0].notes;
    record({ baselineId: baseline.baselineId, regressed: reasons.length > 0, reasons });
    if (reasons.length) log.warn({ event: 'regression', schedule: input.scheduleId, baseline: baseline.baselineId, reasons }, `REGRESSION against baseline ${baseline.baselineId}: ${reasons.join('; ')}`);
    else log.info({ event: 'regression', schedule: input.scheduleId, baseline: baseline.baselineId, notes }, `no regression against baseline ${baseline.baselineId}${notes.length ? ` (${notes.join('; ')})` : ''}`);
    return { state: reasons.length ? 'regressed' : 'pass', baselineId: baseline.baselineId, reasons };
  };
}
