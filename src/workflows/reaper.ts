/**
 * The reaper: finds what the backends still run for experiments whose workflows are closed
 * (completed, failed, cancelled, terminated, timed out) and stops it. A terminated workflow never runs
 * its teardown; a Temporal Schedule (`bench reaper install`) runs this every few minutes, `bench reaper
 * run` once. Experiments whose workflow is running, or unknown to this Temporal, are left alone.
 */
import { log, proxyActivities } from '@temporalio/workflow';
import type { BackendTarget } from '../backends/target';
import type { reaperActivities, Removal } from '../activities/reaper';
import { quickStep, teardownStep } from './policies';

type Activities = ReturnType<typeof reaperActivities>;

const quick = proxyActivities<Activities>(quickStep);
const stopping = proxyActivities<Activities>(teardownStep);

export interface ReaperInput {
  /** Backends to look at (default: the worker's local backend). */
  targets?: BackendTarget[];
}

export interface ReaperResult {
  /** What was stopped, and (with `error`) what could not be, left for the next pass. */
  removed: Removal[];
  /** Experiments with live processes that were left alone, and why (their workflow status). */
  kept: { experiment: string; workflowStatus: string; handles: number }[];
}

export const CLOSED_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT', 'CONTINUED_AS_NEW'];

export async function reaper(input: ReaperInput = {}): Promise<ReaperResult> {
  const targets = input.targets?.length ? input.targets : [{ kind: 'local' as const }];
  const groups = await quick.listLeftovers({ targets });
  const result: ReaperResult = { removed: [], kept: [] };
  if (groups.length === 0) return result;
  const statuses = await quick.workflowStatuses({ ids: [...new Set(groups.map((g) => g.experiment))] });
  for (const group of groups) {
    const workflowStatus = statuses[group.experiment] ?? 'NOT_FOUND';
    if (!CLOSED_STATUSES.includes(workflowStatus)) {
      result.kept.push({ experiment: group.experiment, workflowStatus, handles: group.handles.length });
      continue;
    }
    const removed = await stopping.removeLeftovers({ target: group.target, experiment: group.experiment, workflowStatus });
    for (const r of removed) {
      if (r.error) log.warn(`reaper could not stop ${r.role} ${r.name} of ${r.experiment}: ${r.error}`);
      else log.info(`reaper removed ${r.role} ${r.name} of ${r.experiment} (${workflowStatus})`);
    }
    result.removed.push(...removed);
  }
  return result;
}
