/**
 * One experiment, start to finish. Deterministic: it decides, activities do. Teardown and result
 * collection run in a non-cancellable finally, so cancel, failure and timeout all leave nothing behind.
 */
import { ApplicationFailure, CancellationScope, isCancellation, patched, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Handle } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import type { createActivities } from '../activities';
import { formatIssues } from '../recipe/errors';
import { parseRecipe } from '../recipe/load';
import { assertSafeExperimentId } from '../store/experiment-id';
import { expandReplicas, replicaNames } from '../recipe/replicas';
import { backendSettingsOf, readyTimeoutBound, schedulingOf, type Recipe } from '../recipe/schema';
import { BACKEND, PHASE, RECIPE_NAME, REGRESSION, SCHEDULE_ID, SERVICE_KINDS } from '../temporal/search-attributes';
import { collectStep, longWait, quickStep, supervision, teardownRetry, teardownStep } from './policies';
import { progressQuery } from './queries';
import { superviseRun } from './supervise-run';
import { exportMonitoring, registerClients, startMonitoring, type Monitoring } from './monitoring';
import { waitUntilScheduled } from './queue-wait';
import type { DeployedService, ExperimentInput, ExperimentProgress, ExperimentResult, HeadlineSummary, LaunchedClient, Phase, TeardownFailure } from './types';

type Activities = ReturnType<typeof createActivities>;

const quick = proxyActivities<Activities>(quickStep);
const collecting = proxyActivities<Activities>(collectStep);
const tearingDown = proxyActivities<Activities>(teardownStep);
const checking = proxyLocalActivities<Activities>({ startToCloseTimeout: '30s', retry: { maximumAttempts: 3 } });

export async function experiment(args: ExperimentInput): Promise<ExperimentResult> {
  const input = { ...args, experimentId: args.experimentId ?? workflowInfo().workflowId };
  const progress: ExperimentProgress = {
    experimentId: input.experimentId,
    recipe: '',
    backend: '',
    phase: 'validating',
    startedAt: new Date().toISOString(),
    plannedRunMs: 0,
    services: [],
    clients: { planned: 0, running: 0, completed: 0, failed: 0, requests: 0, errors: 0, opsPerSec: 0 },
    events: [],
    warnings: [],
  };
  setHandler(progressQuery, () => progress);
  const setPhase = (phase: Phase) => {
    progress.phase = phase;
    upsertSearchAttributes([{ key: PHASE, value: phase }]);
  };

  try {
    // The id names the experiment folder: a client starting the workflow directly must not escape it.
    assertSafeExperimentId(input.experimentId);
  } catch (e) {
    setPhase('failed');
    progress.error = (e as Error).message;
    throw ApplicationFailure.create({ type: 'InvalidExperimentId', nonRetryable: true, message: progress.error });
  }
  // The parsed, defaulted recipe goes into the history (a local activity's result): replay never re-parses.
  const parsed = patched('recipe-parsed-in-activity') ? await checking.checkRecipeText({ recipeText: input.recipeText }) : parseRecipe(input.recipeText);
  if (!parsed.ok) {
    setPhase('failed');
    progress.error = 'invalid recipe';
    throw ApplicationFailure.create({ type: 'InvalidRecipe', nonRetryable: true, message: `invalid recipe\n${formatIssues(input.recipeSource ?? 'recipe', parsed.issues)}`, details: [parsed.issues] });
  }
  const recipe: Recipe = parsed.recipe;
  // Each replica is deployed, supervised and restarted as a service of its own.
  const services = expandReplicas(recipe.services);
  const running: Recipe = services.length === recipe.services.length ? recipe : { ...recipe, services };
  progress.recipe = recipe.name;
  progress.backend = recipe.backend;
  progress.plannedRunMs = Math.max(...recipe.workload.clients.map((c) => (c.duration ?? 0) + c.warmup));
  progress.services = services.map((s) => ({ name: s.name, kind: s.kind, state: 'pending', restarts: 0, downIntervals: [] }));
  upsertSearchAttributes([
    { key: RECIPE_NAME, value: recipe.name },
    { key: BACKEND, value: recipe.backend },
    { key: SERVICE_KINDS, value: [...new Set(recipe.services.map((s) => s.kind))] },
    ...(input.scheduleId ? [{ key: SCHEDULE_ID, value: input.scheduleId }] : []),
  ]);

  const target: BackendTarget = { kind: recipe.backend, settings: backendSettingsOf(recipe), baseDir: dirOf(input.recipeSource) };
  const scheduling = schedulingOf(recipe);
  const handles: Handle[] = [];
  const deployed = new Map<string, DeployedService>();
  const clients: LaunchedClient[] = [];
  let folder: string | undefined;
  // Widened: the non-cancellable finally below changes it (teardown errors, a regression).
  let status = 'completed' as ExperimentResult['status'];
  let failure: unknown;
  let timedOut = false;
  let monitoring: Monitoring | undefined;
  /** Prometheus starting beside the readiness waits (patch monitoring-beside-readiness), until awaited. */
  const startingMonitor: { promise?: Promise<Monitoring> } = {};

  const body = async () => {
    setPhase('preparing');
    folder = await quick.prepareExperiment({
      experimentId: input.experimentId,
      outputRoot: input.outputRoot,
      recipeText: input.recipeText,
      recipeName: recipe.name,
      recipeSource: input.recipeSource,
      backend: recipe.backend,
      workflowRunId: workflowInfo().runId,
    });
    progress.folder = folder;

    setPhase('deploying');
    // Prometheus (and the exporters) start once every service runs, beside the readiness waits: its
    // start and first sample no longer come after the slowest service's readiness. Before: after it.
    const monitorBesideReadiness = recipe.monitoring.enabled && patched('monitoring-beside-readiness');
    let scheduled = 0;
    const endpoints = await Promise.all(
      services.map(async (service, i) => {
        const d = await quick.deployService({ folder: folder!, backend: target, service, generation: 0 });
        deployed.set(service.name, d);
        handles.push(d.handle);
        let readyWithin = readyTimeoutBound(service) + (scheduling.maxPending ?? 0);
        if (patched('queue-wait-in-workflow')) {
          progress.services[i].state = 'queued';
          await waitUntilScheduled(target, d, scheduling.maxPending, (waited) => (progress.services[i].state = `queued ${Math.round(waited / 1000)}s`), scheduling.queuePollMax);
          progress.services[i].state = 'starting';
          readyWithin = readyTimeoutBound(service);
        }
        // The exporters need every service's endpoint: where it runs is known once it left the queue.
        if (monitorBesideReadiness && ++scheduled === services.length) {
          startingMonitor.promise = startMonitoring(running, target, folder!, deployed, progress);
          // Awaited below, or in the finally when a readiness wait failed first.
          startingMonitor.promise.catch(() => undefined);
        }
        const ready = proxyActivities<Activities>(longWait(readyWithin));
        const endpoint = await ready.awaitServiceReady({ folder: folder!, backend: target, service, deployed: d });
        progress.services[i].state = 'ready';
        return [service.name, endpoint] as const;
      }),
    );
    const endpointOf = new Map(endpoints);
    if (recipe.monitoring.enabled) {
      const started = startingMonitor.promise;
      startingMonitor.promise = undefined;
      monitoring = await (started ?? startMonitoring(running, target, folder!, deployed, progress));
      if (monitoring.state) handles.push(monitoring.state.handle, ...monitoring.state.exporters);
    }

    setPhase('running');
    progress.runStartedAt = new Date().toISOString();
    for (const group of recipe.workload.clients) {
      const replicas = recipe.services.find((s) => s.name === group.target)!;
      const targets = replicaNames(replicas).map((name) => ({ name, endpoint: endpointOf.get(name)! }));
      const launched = await quick.launchClients({
        folder: folder!,
        backend: target,
        group,
        target: targets[0].endpoint,
        ...(targets.length > 1 ? { replicas: targets } : {}),
        ...(monitoring?.state ? { metrics: true } : {}),
      });
      clients.push(...launched);
      handles.push(...launched.map((c) => c.handle));
    }
    progress.clients.planned = clients.length;
    if (monitoring) await registerClients(monitoring, target, folder!, clients, progress);
    await superviseRun({ recipe: running, target, folder: folder!, deployed, clients, handles, progress, acts: quick, tickMs: supervision.tickMs(progress.plannedRunMs), monitoring });
  };

  try {
    const scope = new CancellationScope();
    const limit = recipe.timeouts.experiment;
    if (limit !== undefined) {
      void sleep(limit).then(() => {
        timedOut = true;
        scope.cancel();
      });
    }
    await scope.run(body);
  } catch (err) {
    failure = err;
    status = isCancellation(err) && !timedOut ? 'cancelled' : 'failed';
    progress.error = timedOut ? `the experiment exceeded timeouts.experiment (${recipe.timeouts.experiment} ms)` : messageOf(err);
  }

  let summary: HeadlineSummary | undefined;
  await CancellationScope.nonCancellable(async () => {
    // Prometheus started beside a readiness wait that failed: nothing to export, its processes are torn down with the rest.
    if (startingMonitor.promise) {
      const early = await startingMonitor.promise.catch(() => undefined);
      if (early?.state) handles.push(early.state.handle, ...early.state.exporters);
    }
    // While Prometheus still runs: panels, resources and gaps into metrics/.
    if (monitoring && folder) await exportMonitoring(monitoring, running, target, folder, progress);
    setPhase('tearing-down');
    const leftBehind = await tearDown({ folder, experimentId: input.experimentId, backend: target, handles });
    if (leftBehind.length) {
      // The results stay valid: the run is not failed for it, but it says so everywhere, and the reaper
      // (it takes every closed experiment whose processes the backend still lists) removes the rest.
      progress.teardownErrors = leftBehind;
      progress.warnings.push(`teardown could not stop ${leftBehind.length} thing(s); \`bench reaper run\` removes them once they can be stopped: ${leftBehind.join('; ')}`);
      if (status === 'completed') status = 'completed_with_teardown_errors';
    }
    if (folder) {
      setPhase('collecting');
      summary = await collecting.collectResults({
        folder,
        experimentId: input.experimentId,
        recipe,
        backend: target,
        status,
        error: progress.error,
        clients,
        services: progress.services,
        warnings: progress.warnings,
        startedAt: progress.startedAt,
        runStartedAt: progress.runStartedAt,
      });
      if (input.scheduleId) {
        // Scheduled runs: compare with the schedule's baseline; a regression is recorded and logged, and fails the run when asked.
        try {
          const verdict = await quick.compareWithBaseline({ folder, scheduleId: input.scheduleId, status });
          upsertSearchAttributes([{ key: REGRESSION, value: verdict.state }]);
          if (verdict.state === 'regressed') {
            progress.warnings.push(`regression against baseline ${verdict.baselineId}: ${verdict.reasons.join('; ')}`);
            if ((input.failOnRegression || recipe.reporting.failOnRegression) && (status === 'completed' || status === 'completed_with_teardown_errors')) {
              status = 'failed';
              progress.error = `performance regression against baseline ${verdict.baselineId}: ${verdict.reasons.join('; ')}`;
              failure = ApplicationFailure.nonRetryable(progress.error, 'PerformanceRegression');
            }
          }
        } catch (e) {
          progress.warnings.push(`baseline comparison failed: ${messageOf(e)}`);
        }
      }
      await quick.finishExperiment({ folder, status, error: progress.error, ...(progress.teardownErrors ? { teardownErrors: progress.teardownErrors } : {}) });
      if (patched('finish-outputs')) {
        // Secrets scrubbed from the folder; report.html/pdf when asked for (failed and cancelled runs too).
        try {
          await collecting.finishOutputs({ folder, recipe, status });
        } catch (e) {
          progress.warnings.push(`outputs not finished: ${messageOf(e)}`);
        }
      }
    }
    setPhase(status);
  });

  if (status === 'completed' || status === 'completed_with_teardown_errors') return { experimentId: input.experimentId, folder: folder!, status, summary: summary! };
  if (timedOut) throw ApplicationFailure.nonRetryable(progress.error!, 'ExperimentTimeout');
  throw failure;
}

/**
 * Teardown, tried again (teardownRetry) while something could not be stopped; returns what still could
 * not, one line each. Workflows started before teardown errors were kept failed when teardown did.
 */
async function tearDown(input: Parameters<Activities['teardown']>[0]): Promise<string[]> {
  const keep = patched('teardown-errors-kept');
  let failures: TeardownFailure[] = [];
  for (let round = 1; ; round++) {
    try {
      // Results recorded before teardown reported failures have none.
      failures = (await tearingDown.teardown(input)).failures ?? [];
    } catch (e) {
      if (!keep) throw e;
      // Its retries are spent (the backend unreachable throughout): no further round.
      return [`teardown did not finish: ${messageOf(e)}`];
    }
    if (failures.length === 0 || !keep || round >= teardownRetry.rounds) break;
    await sleep(teardownRetry.pauseMs);
  }
  return failures.map((f) => (f.id === '*' ? `${f.name}: ${f.error}` : `${f.role} ${f.name} (${f.id}): ${f.error}`));
}

function messageOf(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  const parts: string[] = [];
  while (e && parts.length < 4) {
    if (e.message) parts.push(e.message);
    e = e.cause as typeof e;
  }
  return parts.join(': ') || String(err);
}

/** The folder of a recipe path (pure: no path module in workflow code). */
function dirOf(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const i = file.lastIndexOf('/');
  return i > 0 ? file.slice(0, i) : i === 0 ? '/' : undefined;
}
