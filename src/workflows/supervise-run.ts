/**
 * The supervision loop while load runs (workflow code): looks at services and clients every tick and
 * applies the failure table. A service failing its health check `failureThreshold` times in a row is
 * restarted on the same ports, up to restart.maxRetries; failed clients are recorded and the rest go on.
 *
 * The ticks run inside supervision spans (activity superviseSpan): one heartbeating activity looks every
 * tick and comes back only when something needs a decision here (a service down, a client failed or
 * stalled, Prometheus down, every client ended, the deadline) or at the checkpoint that refreshes the
 * progress query (supervision.checkpointMs). The history grows by a few events per span, not per tick:
 * a 24 h run stays far under Temporal's event limit. Workflows started before spans keep their
 * timer-and-tick loop (patched 'supervision-spans').
 */
import { ApplicationFailure, patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { Handle } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import { waitUntilScheduled } from './queue-wait';
import type { createActivities } from '../activities';
import { readyTimeoutBound, schedulingOf, type Recipe } from '../recipe/schema';
import { capabilitiesOf } from '../backends/descriptors';
import { longWait, spanStep, supervision, tickStep } from './policies';
import { superviseMonitor, type Monitoring } from './monitoring';
import type { DeployedService, ExperimentProgress, LaunchedClient, ServiceHealth, SpanReport, TickReport } from './types';

type Activities = ReturnType<typeof createActivities>;

const ticks = proxyActivities<Activities>(tickStep);

export interface SuperviseArgs {
  recipe: Recipe;
  target: BackendTarget;
  folder: string;
  deployed: Map<string, DeployedService>;
  clients: LaunchedClient[];
  handles: Handle[];
  progress: ExperimentProgress;
  acts: Activities;
  tickMs: number;
  /** Set when recipe.monitoring.enabled: Prometheus is looked at every tick too, and restarted when down. */
  monitoring?: Monitoring;
}

const FINAL = new Set(['exited', 'failed', 'lost', 'stopped']);
const FAILED = new Set(['failed', 'lost', 'stopped']);

export async function superviseRun(args: SuperviseArgs): Promise<void> {
  const { recipe, progress, acts } = args;
  const failures = new Map<string, number>();
  /** When each service's current run of failed checks began: the start of its down interval. */
  const failingSince = new Map<string, string>();
  /** Instances that stopped reporting progress: failed from then on, stopped with the rest at teardown. */
  const stalled = new Map<string, number>();
  /** Each service's process as the backend last reported it healthy (Status.incarnation), and when. */
  const serving = new Map<string, { incarnation: string; at: string }>();
  const deadline = Date.now() + progress.plannedRunMs + supervision.clientGraceMs;
  const note = (message: string) => {
    progress.events.push({ at: new Date().toISOString(), message });
    if (progress.events.length > 50) progress.events.shift();
  };

  const inSpans = patched('supervision-spans');
  const checkpointMs = supervision.checkpointMs(progress.plannedRunMs);
  const watching = proxyActivities<Activities>(spanStep(args.tickMs, checkpointMs));
  /** Instances counted failed at the last look (stalled ones included): news to no further span. */
  let failedInstances: string[] = [];

  for (;;) {
    const look = {
      folder: args.folder,
      backend: args.target,
      services: recipe.services.map((config) => ({ deployed: args.deployed.get(config.name)!, config })),
      clients: args.clients,
    };
    let report: TickReport;
    let span: SpanReport | undefined;
    if (inSpans) {
      const m = args.monitoring;
      const watched = m?.state && !m.gaveUp ? m.state : undefined;
      span = await watching.superviseSpan({
        ...look,
        tickMs: args.tickMs,
        checkpointAt: Date.now() + checkpointMs,
        deadline,
        clientStallTimeoutMs: recipe.workload.clientStallTimeout,
        failed: failedInstances,
        failures: Object.fromEntries([...failures].filter(([name, n]) => n > 0 && failingSince.has(name)).map(([name, count]) => [name, { count, since: failingSince.get(name)! }])),
        ...(watched ? { monitor: watched, monitorOkAt: m!.lastOkAt } : {}),
        ...(serving.size ? { incarnations: Object.fromEntries([...serving].map(([name, s]) => [name, s.incarnation])) } : {}),
      });
      report = span.report;
      progress.checkedAt = span.at;
      if (watched && span.monitorOkAt) m!.lastOkAt = span.monitorOkAt;
      if (watched && span.monitor) await superviseMonitor(m!, args.target, args.folder, progress, span.monitor);
    } else {
      await sleep(args.tickMs);
      report = await ticks.superviseTick(look);
      if (args.monitoring) await superviseMonitor(args.monitoring, args.target, args.folder, progress);
    }
    markStalled(report, stalled, recipe.workload.clientStallTimeout);
    applyClients(report, progress, note);
    failedInstances = report.clients.filter((c) => FAILED.has(c.state)).map((c) => c.instance);
    checkClientShare(recipe, progress);
    if (progress.clients.completed + progress.clients.failed === progress.clients.planned) break;

    for (const health of report.services) {
      let count: number;
      if (span) {
        // The span counted this run of failed checks tick by tick, and when it began.
        const run = span.failures[health.name];
        count = run?.count ?? 0;
        if (run) failingSince.set(health.name, run.since);
        else failingSince.delete(health.name);
      } else {
        count = health.ok ? 0 : (failures.get(health.name) ?? 0) + 1;
        if (health.ok) failingSince.delete(health.name);
        else if (!failingSince.has(health.name)) failingSince.set(health.name, new Date().toISOString());
      }
      failures.set(health.name, count);
      const config = recipe.services.find((s) => s.name === health.name)!;
      if (count >= config.healthCheck.failureThreshold) {
        await restartService(args, config, health, note, failingSince.get(health.name));
        failures.set(health.name, 0);
        failingSince.delete(health.name);
        serving.delete(health.name); // a new launch: its process is not a replacement
      } else if (health.ok && health.incarnation) {
        const at = span?.at ?? new Date().toISOString();
        const before = serving.get(health.name);
        if (before && before.incarnation !== health.incarnation) recordReplacement(args, config, before.at, at, note);
        serving.set(health.name, { incarnation: health.incarnation, at });
      }
    }

    if (span?.reason === 'deadline' || Date.now() > deadline) {
      const late = args.clients.filter((c) => !FINAL.has(report.clients.find((r) => r.instance === c.instance)?.state ?? ''));
      progress.warnings.push(`${late.length} client instance(s) ran past the planned time plus ${supervision.clientGraceMs / 1000}s and were stopped: ${late.map((c) => c.instance).join(', ')}`);
      await acts.stopHandles({ backend: args.target, handles: late.map((c) => c.handle) });
      break;
    }
  }
  if (progress.clients.completed === 0 && progress.clients.planned > 0) {
    throw ApplicationFailure.nonRetryable(`all ${progress.clients.planned} client instance(s) failed; see logs/client-*.log`, 'AllClientsFailed');
  }
}

/** A running instance whose progress file has not changed for `timeoutMs` is reported failed from then on. */
function markStalled(report: TickReport, stalled: Map<string, number>, timeoutMs: number): void {
  for (const s of report.clients) {
    if (!stalled.has(s.instance) && s.state === 'running' && (s.progressAgeMs ?? 0) > timeoutMs) stalled.set(s.instance, s.progressAgeMs!);
    const age = stalled.get(s.instance);
    if (age === undefined) continue;
    s.state = 'failed';
    s.reason = `stopped reporting: no progress for ${Math.round(age / 1000)} s (workload.clientStallTimeout ${Math.round(timeoutMs / 1000)} s)`;
    s.opsPerSec = 0;
  }
}

/** Below workload.minClientShare of instances able to complete, the experiment fails (partial results are kept). */
function checkClientShare(recipe: Recipe, progress: ExperimentProgress): void {
  const { planned, failed } = progress.clients;
  const min = recipe.workload.minClientShare;
  if (min <= 0 || failed === 0 || planned === 0) return;
  const share = (planned - failed) / planned;
  if (share < min) {
    throw ApplicationFailure.nonRetryable(
      `only ${planned - failed} of ${planned} client instances can complete (load share ${share.toFixed(2)}), below workload.minClientShare ${min}; partial results kept`,
      'ClientShareTooLow',
    );
  }
}

function applyClients(
report: TickReport, progress: ExperimentProgress, note: (m: string) => void): void {
  const before = progress.clients.failed;
  const c = progress.clients;
  c.running = report.clients.filter((s) => s.state === 'running' || s.state === 'pending').length;
  c.completed = report.clients.filter((s) => s.state === 'exited').length;
  c.failed = report.clients.filter((s) => s.state === 'failed' || s.state === 'lost' || s.state === 'stopped').length;
  c.requests = report.clients.reduce((n, s) => n + s.requests, 0);
  c.errors = report.clients.reduce((n, s) => n + s.errors, 0);
  c.opsPerSec = report.clients.reduce((n, s) => n + s.opsPerSec, 0);
  if (c.failed > before) {
    for (const s of report.clients.filter((x) => x.state === 'failed' || x.state === 'lost')) {
      const msg = `client ${s.instance} ${s.state}${s.reason ? `: ${s.reason}` : ''}; continuing with the remaining clients`;
      if (!progress.warnings.includes(msg)) {
        progress.warnings.push(msg);
        note(msg);
      }
    }
  }
}

/**
 * The backend replaced the service's process by itself (a Deployment's new pod, a container restarted
 * by kubelet) between two looks, faster than the health checks' failure threshold: a restart all the
 * same, with its down interval, counted against restart.maxRetries like bench's own.
 */
function recordReplacement(args: SuperviseArgs, config: Recipe['services'][number], lastSeenAt: string, backAt: string, note: (m: string) => void): void {
  const record = args.progress.services.find((s) => s.name === config.name)!;
  const reason = `replaced by the ${args.target.kind} backend (a new process serves since the look at ${backAt})`;
  record.downIntervals.push({ from: lastSeenAt, to: backAt, reason });
  record.restarts += 1;
  note(`service ${config.name} ${reason}; counted as restart ${record.restarts}/${config.restart.maxRetries}`);
  if (record.restarts > config.restart.maxRetries) {
    record.state = 'failed';
    throw ApplicationFailure.nonRetryable(`service ${config.name} was restarted ${record.restarts} time(s), more than restart.maxRetries=${config.restart.maxRetries}: ${reason}`, 'ServiceFailed');
  }
}

async function restartService(args: SuperviseArgs, config: Recipe['services'][number], health: ServiceHealth, note: (m: string) => void, downSince?: string): Promise<void> {
  const { progress, acts } = args;
  const reason = health.detail ?? health.state;
  const record = progress.services.find((s) => s.name === config.name)!;
  const old = args.deployed.get(config.name)!;
  const down = { from: downSince ?? new Date().toISOString(), to: undefined as string | undefined, reason };
  record.downIntervals.push(down);
  if (record.restarts >= config.restart.maxRetries) {
    record.state = 'failed';
    throw ApplicationFailure.nonRetryable(
      `service ${config.name} failed its health check and was already restarted ${record.restarts} time(s) (restart.maxRetries=${config.restart.maxRetries}): ${reason}`,
      'ServiceFailed',
    );
  }
  record.state = 'restarting';
  note(`service ${config.name} unhealthy (${reason}); restart ${record.restarts + 1}/${config.restart.maxRetries}`);
  await sleep(config.restart.backoff * 2 ** record.restarts);
  let next: DeployedService;
  if (health.state === 'lost' && health.nodes?.length && capabilitiesOf(args.target).reschedule) {
    // Node failure: the same job again, on healthy nodes.
    next = await acts.rescheduleService({ folder: args.folder, backend: args.target, deployed: old, badNodes: health.nodes });
    note(`service ${config.name}: node ${health.nodes.join(', ')} failed; rescheduled on healthy nodes`);
  } else {
    await acts.stopHandles({ backend: args.target, handles: [old.handle] });
    next = await acts.deployService({ folder: args.folder, backend: args.target, service: config, generation: old.generation + 1, ports: old.handle.ports });
  }
  args.deployed.set(config.name, next);
  args.handles.push(next.handle);
  const scheduling = schedulingOf(args.recipe);
  await waitUntilScheduled(args.target, next, scheduling.maxPending, () => (record.state = 'queued'), scheduling.queuePollMax);
  const ready = proxyActivities<Activities>(longWait(readyTimeoutBound(config)));
  await ready.awaitServiceReady({ folder: args.folder, backend: args.target, service: config, deployed: next });
  record.restarts += 1;
  record.state = 'ready';
  down.to = new Date().toISOString();
  note(`service ${config.name} back after ${Date.parse(down.to) - Date.parse(down.from)} ms`);
}
