/**
 * A schedule's baseline: <experiments root>/.schedules/<schedule id>/baseline.json.
 *
 * Why a file beside the runs and not the schedule's memo: the comparison runs in an activity on the
 * worker, which has the experiments root but no Temporal client; the baseline names a folder in that
 * same root, so the two cannot drift apart (copying the root copies the baselines); and pinning one
 * needs no schedule update that could race with a user editing the schedule in the Temporal UI.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../store/atomic-write';
import { scheduleBaselineFile } from '../store/experiment-folder';

export interface Baseline {
  scheduleId: string;
  baselineId: string;
  /** first-run: the schedule's first completed run; user: pinned with `bench baseline set`. */
  pinnedBy: 'first-run' | 'user';
  pinnedAt: string;
}

export function readBaseline(root: string, scheduleId: string): Baseline | undefined {
  const file = scheduleBaselineFile(root, scheduleId);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Baseline;
}

export function writeBaseline(root: string, b: Baseline): string {
  const file = scheduleBaselineFile(root, b.scheduleId);
  mkdirSync(path.dirname(file), { recursive: true });
  writeJsonAtomic(file, b);
  return file;
}
