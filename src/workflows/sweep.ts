/**
 * A sweep: one recipe at many parameter points, each run an `experiment` child workflow with an id
 * derived from the sweep and the point, so a replayed or retried start finds its child instead of
 * starting a second one. Completed runs are never run again: after a worker or server restart the
 * history says which are done, and across continue-as-new the list travels in the input. The folder
 * is rewritten after every run, so an interrupted sweep still reports what it did.
 */
import {
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  continueAsNew,
  executeChild,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { PlannedPoint, SweepPlan } from '../activities/sweep/plan-sweep';
import type { RecordedRun, SweepHeader } from '../activities/sweep/record-sweep';
import { formatIssues } from '../recipe/errors';
import type { SweepSearchSummary, SweepStatus } from '../reports/sweep/sweep-summary';
import { assertSafeExperimentId, sweepRunId } from '../store/experiment-id';
import { BACKEND, PHASE, RECIPE_NAME, SERVICE_KINDS, SWEEP_ID } from '../temporal/search-attributes';
import { experiment } from './experiment';
import { quickStep } from './policies';
import { sweepProgressQuery } from './queries';
import { nextValue, recordTry, startSearch, type RateSearchState } from './rate-search';
import type { ExperimentResult } from './types';
import type { SweepInput, SweepProgress, SweepResult, SweepRunDone } from './sweep-types';

type Activities = ReturnType<typeof createActivities>;

const quick = proxyActivities<Activities>(quickStep);
const planning = proxyLocalActivities<Activities>({ startToCloseTimeout: '60s', retry: { maximumAttempts: 3 } });

/** Runs kept in one history before the sweep continues as new (each run adds about a dozen events). */
const DEFAULT_RUNS_PER_HISTORY = 200;

export async function sweep(input: SweepInput): Promise<SweepResult> {
  const sweepId = input.sweepId ?? workflowInfo().workflowId;
  const carried = input.carried;
  const done: SweepRunDone[] = [...(carried?.done ?? [])];
  const progress: SweepProgress = { sweepId, recipe: '', status: 'running', plannedRuns: 0, done: done.length, failed: done.filter((d) => !resultsValid(d.status)).length, running: [], last: [] };
  setHandler(sweepProgressQuery, () => progress);

  try {
    assertSafeExperimentId(sweepId);
  } catch (e) {
    throw ApplicationFailure.create({ type: 'InvalidExperimentId', nonRetryable: true, message: (e as Error).message });
  }
  const checked = await planning.planSweep({ recipeText: input.recipeText });
  if (!checked.ok) {
    progress.status = 'failed';
    upsertSearchAttributes([{ key: PHASE, value: 'failed' }]);
    throw ApplicationFailure.create({ type: 'InvalidRecipe', nonRetryable: true, message: `invalid recipe\n${formatIssues(input.recipeSource ?? 'recipe', checked.issues)}`, details: [checked.issues] });
  }
  const plan: SweepPlan = checked.plan;
  const attributes: SearchAttributePair[] = [
    { key: RECIPE_NAME, value: plan.name },
    { key: BACKEND, value: plan.backend },
    { key: SERVICE_KINDS, value: plan.serviceKinds },
    { key: SWEEP_ID, value: sweepId },
  ];
  upsertSearchAttributes([...attributes, { key: PHASE, value: 'running' }]);
  progress.recipe = plan.name;
  progress.plannedRuns = plan.search ? plan.search.maxRuns * plan.repetitions : plan.points.length * plan.repetitions;
  progress.plannedPoints = plan.points.length;
  progress.repetitions = plan.repetitions;

  let search: RateSearchState | undefined = plan.search ? (carried?.search ?? startSearch()) : undefined;
  const header = (): SweepHeader => ({
    sweepId,
    outputRoot: input.outputRoot,
    recipe: plan.name,
    ...(plan.description ? { description: plan.description } : {}),
    backend: plan.backend,
    parameters: plan.columns,
    repetitions: plan.repetitions,
    plannedRuns: plan.search ? done.length + progress.running.length : progress.plannedRuns,
    startedAt: carried?.startedAt ?? progress.startedAt!,
    pdf: plan.pdf,
    ...(plan.search && search ? { search: searchSummary(plan, search) } : {}),
  });
  progress.startedAt = carried?.startedAt ?? new Date(workflowInfo().startTime).toISOString();

  const folder = await quick.prepareSweep({ sweepId, outputRoot: input.outputRoot, recipeText: input.recipeText, plan, workflowRunId: workflowInfo().firstExecutionRunId });
  progress.folder = folder;

  // Rows are written one at a time: the summary file is read, changed and written by each.
  let writes: Promise<unknown> = Promise.resolve();
  const record = (status: SweepStatus, run?: Parameters<Activities['recordSweep']>[0]['run']): Promise<RecordedRun | undefined> => {
    const next = writes.then(() => CancellationScope.nonCancellable(() => quick.recordSweep({ header: header(), status, run })));
    writes = next.catch(() => undefined);
    return next;
  };

  const runsThisHistory = { count: 0 };
  const runsPerHistory = input.runsPerHistory ?? DEFAULT_RUNS_PER_HISTORY;
  const historyFull = () => runsThisHistory.count >= runsPerHistory || workflowInfo().continueAsNewSuggested;

  /** One run of a point: the child experiment, then its row. Cancellation is rethrown once the row is written. */
  const runOnce = async (point: PlannedPoint | { index: number; values: Record<string, unknown>; label: string; recipeText: string }, repetition: number, isSearch: boolean): Promise<RecordedRun | undefined> => {
    const experimentId = sweepRunId(sweepId, point.index, repetition, isSearch);
    const startedAt = new Date().toISOString();
    progress.running.push({ experimentId, label: point.label, repetition, point: point.index });
    runsThisHistory.count++;
    let status: ExperimentResult['status'] | string = 'completed';
    let error: string | undefined;
    let cancelled: unknown;
    try {
      const result = await executeChild(experiment, {
        workflowId: experimentId,
        args: [{ experimentId, recipeText: point.recipeText, recipeSource: input.recipeSource, outputRoot: input.outputRoot }],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        typedSearchAttributes: [...attributes, { key: PHASE, value: 'validating' }],
      });
      status = result.status;
    } catch (e) {
      if (isCancellation(e)) {
        status = 'cancelled';
        cancelled = e;
      } else {
        status = 'failed';
        error = failureMessage(e);
      }
    }
    progress.running = progress.running.filter((r) => r.experimentId !== experimentId);
    const judge = isSearch && plan.search ? { judge: { metric: plan.search.metric, limit: plan.search.limit } } : {};
    const recorded = await record('running', { point: point.index, repetition, values: point.values, experimentId, status, error, startedAt, finishedAt: new Date().toISOString(), ...judge });
    done.push({ point: point.index, repetition, status, search: isSearch || undefined });
    progress.done = done.length;
    if (!resultsValid(status)) progress.failed++;
    progress.last = [{ experimentId, label: point.label, repetition, point: point.index, status, opsPerSec: recorded?.opsPerSec ?? 0, p99Ms: recorded?.latencyMs.p99 ?? 0 }, ...progress.last].slice(0, 5);
    if (cancelled) throw cancelled;
    return recorded;
  };

  let status: SweepStatus = 'completed';
  try {
    if (plan.search) {
      search = await runSearch(plan, search!, done, runOnce, historyFull, input.recipeText);
    } else {
      const isDone = (p: number, r: number) => done.some((d) => !d.search && d.point === p && d.repetition === r);
      const queue = plan.points.flatMap((p) => Array.from({ length: plan.repetitions }, (_, r) => ({ p, r }))).filter(({ p, r }) => !isDone(p.index, r));
      const active = new Set<Promise<unknown>>();
      let firstError: unknown;
      while ((queue.length > 0 && !historyFull() && firstError === undefined) || active.size > 0) {
        while (queue.length > 0 && active.size < plan.maxParallel && !historyFull() && firstError === undefined) {
          const { p, r } = queue.shift()!;
          const run: Promise<unknown> = runOnce(p, r, false)
            .catch((e) => (firstError ??= e))
            .finally(() => active.delete(run));
          active.add(run);
        }
        if (active.size > 0) await Promise.race(active);
      }
      if (firstError !== undefined) throw firstError;
      if (queue.length > 0) {
        await writes;
        progress.continuing = true;
        return await continueAsNew<typeof sweep>({ ...input, sweepId, carried: { startedAt: progress.startedAt!, done } });
      }
    }
    status = done.length > 0 && done.every((d) => !resultsValid(d.status)) ? 'failed' : 'completed';
  } catch (e) {
    if (isContinueAsNew(e)) throw e;
    status = isCancellation(e) ? 'cancelled' : 'failed';
    if (!isCancellation(e)) progress.error = failureMessage(e);
    throw e;
  } finally {
    if (!progress.continuing) {
      progress.status = status;
      await CancellationScope.nonCancellable(async () => {
        await writes;
        await record(status);
        upsertSearchAttributes([{ key: PHASE, value: status }]);
      });
    }
  }
  return {
    sweepId,
    folder,
    status,
    runs: { completed: done.filter((d) => resultsValid(d.status)).length, failed: done.filter((d) => d.status === 'failed').length, cancelled: done.filter((d) => d.status === 'cancelled').length },
    ...(plan.search && search ? { search: searchSummary(plan, search) } : {}),
  };

  /** The search, one value at a time (each repeated), until the bracket is narrow enough. */
  async function runSearch(
    plan: SweepPlan,
    state: RateSearchState,
    doneRuns: SweepRunDone[],
    run: typeof runOnce,
    full: () => boolean,
    recipeText: string,
  ): Promise<RateSearchState> {
    const s = plan.search!;
    for (;;) {
      const next = nextValue(state, s);
      state = { ...state, phase: next.phase };
      search = state;
      if (next.value === undefined) return state;
      if (full()) {
        await writes;
        progress.continuing = true;
        await continueAsNew<typeof sweep>({ ...input, sweepId, carried: { startedAt: progress.startedAt!, done: doneRuns, search: state } });
      }
      const index = state.tried.length;
      const recipe = await planning.searchPointRecipe({ recipeText, parameter: s.parameter, value: next.value });
      const point = { index, values: { [s.parameter]: next.value }, label: `${lastSegment(s.parameter)}=${next.value}`, recipeText: recipe };
      const metrics: number[] = [];
      for (let r = 0; r < plan.repetitions; r++) {
        const recorded = await run(point, r, true);
        metrics.push(recorded && recorded.hasResults ? metricOf(recorded, s.metric) : Infinity);
      }
      const mean = metrics.reduce((a, b) => a + b, 0) / metrics.length;
      state = recordTry(state, next.value, mean < s.limit);
      search = state;
    }
  }
}

/** A run whose measurements count: it completed (teardown trouble afterwards does not spoil them). */
function resultsValid(status: string): boolean {
  return status === 'completed' || status === 'completed_with_teardown_errors';
}

function metricOf(r: RecordedRun, metric: NonNullable<SweepPlan['search']>['metric']): number {
  return metric === 'errorRate' ? r.errorRate : r.latencyMs[metric];
}

function searchSummary(plan: SweepPlan, state: RateSearchState): SweepSearchSummary {
  const s = plan.search!;
  return {
    parameter: s.parameter,
    metric: s.metric,
    below: s.limit,
    precision: s.precision,
    ...(state.pass !== undefined ? { found: state.pass } : {}),
    ...(state.fail !== undefined ? { failedAt: state.fail } : {}),
    state: state.phase,
  };
}

function lastSegment(key: string): string {
  return key.split('.').at(-1)!.replace(/\[.*$/, '');
}

function failureMessage(e: unknown): string {
  const parts: string[] = [];
  let cause = e as { message?: string; cause?: unknown } | undefined;
  while (cause && parts.length < 4) {
    if (cause.message && !parts.includes(cause.message)) parts.push(cause.message);
    cause = cause.cause as typeof cause;
  }
  return parts.join(': ') || String(e);
}

function isContinueAsNew(e: unknown): boolean {
  return (e as Error)?.name === 'ContinueAsNew';
}
