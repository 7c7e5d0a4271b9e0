import { Context } from '@temporalio/activity';
import type { BackendTarget } from '../backends/target';
import type { ClientProgress } from '../clients/results/result-file';
import type { MonitorHealth, MonitorState } from '../monitors/types';
import type { ServiceConfig } from '../recipe/schema';
import { readinessCheck } from '../services/readiness';
import { ExperimentFolder } from '../store/experiment-folder';
import type { ClientState, DeployedService, FailureCount, LaunchedClient, ServiceHealth, SpanEnd, SpanReport, TickReport } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { instanceStatus, statusesByHandle, taskOf } from './instance-state';
import { monitorHealth } from './monitor-health';
import { keepHeartbeating } from './heartbeat';

export interface TickInput {
  folder: string;
  backend: BackendTarget;
  services: { deployed: DeployedService; config: ServiceConfig }[];
  clients: LaunchedClient[];
}

/**
 * One supervision look: each service's health and each client's state and live counters. The workflow
 * decides. (Workflows started before supervision spans call it once per tick.)
 */
export function superviseTick(deps: ActivityDeps) {
  return (input: TickInput): Promise<TickReport> => lookOnce(deps, input);
}

async function lookOnce(deps: ActivityDeps, input: TickInput): Promise<TickReport> {
  return (await look(deps, input, false)).report;
}

/** Planned length (warm-up + measured duration) of each client instance, by spec file (a spec never changes); null: it ends by request count or stages. */
const plannedRunMs = new Map<string, number | null>();

async function plannedRunOf(backend: ReturnType<ActivityDeps['backends']['get']>, workspace: ExperimentFolder, c: LaunchedClient): Promise<number | undefined> {
  const file = workspace.clientSpecFile(c.instance);
  if (!plannedRunMs.has(file)) {
    const text = await backend.readFile(c.handle, file, taskOf(c)).catch(() => undefined);
    if (text === undefined) return undefined;
    let ms: number | null = null;
    try {
      const spec = JSON.parse(text) as { durationMs?: number; warmupMs?: number };
      if (typeof spec.durationMs === 'number') ms = spec.durationMs + (spec.warmupMs ?? 0);
    } catch {
      return undefined; // caught mid-write: next look
    }
    if (plannedRunMs.size > 10_000) plannedRunMs.clear();
    plannedRunMs.set(file, ms);
  }
  return plannedRunMs.get(file) ?? undefined;
}

/** One look; with `ends`, also in how many ms the first running client should end its run (from its progress and spec). */
async function look(deps: ActivityDeps, input: TickInput, ends: boolean): Promise<{ report: TickReport; endsInMs?: number }> {
  const backend = deps.backends.get(input.backend);
  const folder = ExperimentFolder.at(input.folder);
  const workspace = ExperimentFolder.at(backend.workspace(folder.id, folder.dir));
  const services = await Promise.all(
    input.services.map(async ({ deployed, config }): Promise<ServiceHealth> => {
      const status = await backend.status(deployed.handle);
      if (status.state !== 'running') return { name: deployed.name, ok: false, state: status.state, detail: status.reason, nodes: status.nodes };
      const reach = backend.workerEndpoint ? await backend.workerEndpoint(deployed.handle) : await backend.endpoints(deployed.handle);
      const result = await readinessCheck(config, backend.exec && ((argv, ms) => backend.exec!(deployed.handle, argv, ms)))(reach, 2000);
      return { name: deployed.name, ok: result.ok, state: status.state, detail: result.detail, ...(status.incarnation ? { incarnation: status.incarnation } : {}) };
    }),
  );
  const jobs = await statusesByHandle(input.clients, (h) => backend.status(h));
  let endsInMs: number | undefined;
  const clients = await Promise.all(
    input.clients.map(async (c): Promise<ClientState> => {
      const progress = parseProgress(await backend.readFile(c.handle, workspace.clientProgressFile(c.instance), taskOf(c)).catch(() => undefined));
      const status = instanceStatus(jobs.of(c), jobs.shared(c), progress?.phase === 'done');
      if (ends && status.state === 'running' && (progress?.phase === 'warmup' || progress?.phase === 'measuring')) {
        const planned = await plannedRunOf(backend, workspace, c);
        if (planned !== undefined) endsInMs = Math.min(endsInMs ?? Infinity, planned - progress.elapsedMs - (Date.now() - progress.updatedAt));
      }
      return {
        instance: c.instance,
        state: status.state,
        exitCode: status.exitCode,
        reason: status.reason,
        requests: progress?.requests ?? 0,
        errors: progress?.errors ?? 0,
        opsPerSec: status.state === 'running' ? progress?.opsPerSec ?? 0 : 0,
        phase: progress?.phase,
        // Only once it has reported: a client still starting up (slow on a busy node) is not stalled; the run deadline covers one that never starts.
        progressAgeMs: status.state === 'running' && progress ? Math.max(0, Date.now() - progress.updatedAt) : undefined,
      };
    }),
  );
  return { report: { services, clients }, ...(endsInMs !== undefined ? { endsInMs } : {}) };
}

/** How long past its planned end a client is still looked at often (its drain and exit), before looks go back to the tick. */
const END_WATCH_MS = 5000;

/**
 * The wait before the next look: the tick, or shorter when a client's run ends within it, so the end
 * of the load is noticed a few hundred ms after the client exits instead of up to a tick later.
 */
export function nextLookMs(tickMs: number, endsInMs: number | undefined): number {
  if (endsInMs === undefined || endsInMs >= tickMs || endsInMs < -END_WATCH_MS) return tickMs;
  return Math.min(tickMs, Math.max(200, endsInMs + 250));
}

export interface SpanInput extends TickInput {
  tickMs: number;
  /** Epoch ms: report back by then even when nothing needs a decision (the progress refresh). */
  checkpointAt: number;
  /** Epoch ms: the planned run plus grace; past it the workflow stops late clients. */
  deadline: number;
  /** workload.clientStallTimeout: a running instance whose progress is older has stalled. */
  clientStallTimeoutMs: number;
  /** Instances the workflow already counts as failed (stalled ones included): not news. */
  failed: string[];
  /** Runs of failed health checks carried over from the previous span. */
  failures: Record<string, FailureCount>;
  /** Prometheus, when it is watched: one failed look is news (the workflow restarts it). */
  monitor?: MonitorState;
  monitorOkAt?: string;
  /** Each service's Status.incarnation at the workflow's last look: another one is news (the backend replaced it). */
  incarnations?: Record<string, string>;
}

/** What a span heartbeats after every tick: a retry on another worker resumes from it. */
interface SpanProgress {
  failures: Record<string, FailureCount>;
  monitorOkAt?: string;
  ticks: number;
}

/** Time as a span sees it: the wall clock, or a test's time-skipping server. */
export interface SpanClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The wall clock; the sleep ends early when the activity is cancelled (Context.sleep). */
export const wallClock: SpanClock = { now: () => Date.now(), sleep: (ms) => Context.current().sleep(ms) };

const FINAL = new Set(['exited', 'failed', 'lost', 'stopped']);
const FAILED = new Set(['failed', 'lost', 'stopped']);

/**
 * Supervision while load runs, many ticks in one activity: it looks every tickMs (services' health,
 * clients' states, Prometheus), heartbeats after each look, and returns only when the workflow must
 * decide something or at the checkpoint. The workflow applies the failure table to what it returns,
 * exactly as it did per tick; its history grows per decision and checkpoint, not per tick.
 */
export function superviseSpan(deps: ActivityDeps, clock: SpanClock = wallClock) {
  const lookAtMonitor = monitorHealth(deps);
  return async (input: SpanInput): Promise<SpanReport> => {
    const ctx = Context.current();
    const resumed = ctx.info.heartbeatDetails as SpanProgress | undefined;
    const state: SpanProgress = { failures: { ...(resumed?.failures ?? input.failures) }, monitorOkAt: resumed?.monitorOkAt ?? input.monitorOkAt, ticks: resumed?.ticks ?? 0 };
    // Beats between ticks too, on the wall clock: a tick can be 10 s and a look over ssh slow, and the heartbeat timeout is short.
    const stopBeating = keepHeartbeating(undefined, () => state);
    try {
      return await ticks();
    } finally {
      stopBeating();
    }
    async function ticks(): Promise<SpanReport> {
      let waitMs = input.tickMs;
      for (;;) {
        await clock.sleep(waitMs);
        const { report, endsInMs } = await look(deps, input, true);
        waitMs = nextLookMs(input.tickMs, endsInMs);
        const at = new Date(clock.now()).toISOString();
        state.ticks += 1;
        for (const h of report.services) {
          if (h.ok) delete state.failures[h.name];
          else state.failures[h.name] = { count: (state.failures[h.name]?.count ?? 0) + 1, since: state.failures[h.name]?.since ?? at };
        }
        let monitor: MonitorHealth | undefined;
        if (input.monitor) {
          // A look that itself fails (worker busy) is no news: the next tick looks again.
          monitor = await lookAtMonitor({ backend: input.backend, monitor: input.monitor }).catch(() => undefined);
          if (monitor?.ok) state.monitorOkAt = at;
        }
        ctx.heartbeat(state);
        const reason = spanEnd(input, report, state.failures, monitor, clock.now());
        // A checkpoint just before the clients end waits for their end (a few looks, within a tick) instead.
        if (reason === 'checkpoint' && waitMs < input.tickMs) continue;
        if (reason) return { reason, report, failures: state.failures, ...(monitor ? { monitor } : {}), ...(state.monitorOkAt ? { monitorOkAt: state.monitorOkAt } : {}), at, ticks: state.ticks };
      }
    }
  };
}

/** Whether this look needs the workflow (and why), in the order the workflow would act on it. */
export function spanEnd(input: Pick<SpanInput, 'services' | 'checkpointAt' | 'deadline' | 'clientStallTimeoutMs' | 'failed' | 'incarnations'>, report: TickReport, failures: Record<string, FailureCount>, monitor: MonitorHealth | undefined, now: number): SpanEnd | undefined {
  const known = new Set(input.failed);
  const stalled = (c: ClientState) => c.state === 'running' && (c.progressAgeMs ?? 0) > input.clientStallTimeoutMs;
  const failedNow = (c: ClientState) => FAILED.has(c.state) || stalled(c) || known.has(c.instance);
  if (report.clients.every((c) => FINAL.has(c.state) || failedNow(c))) return 'clients-done';
  if (report.clients.some((c) => failedNow(c) && !known.has(c.instance))) return 'client-failed';
  for (const { config } of input.services) if ((failures[config.name]?.count ?? 0) >= config.healthCheck.failureThreshold) return 'service-down';
  const before = input.incarnations ?? {};
  if (report.services.some((h) => h.ok && h.incarnation && before[h.name] && before[h.name] !== h.incarnation)) return 'service-replaced';
  if (monitor && !monitor.ok) return 'monitor-down';
  if (now > input.deadline) return 'deadline';
  if (now >= input.checkpointAt) return 'checkpoint';
  return undefined;
}

function parseProgress(text: string | undefined): ClientProgress | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as ClientProgress;
  } catch {
    return undefined; // caught mid-rename on a shared file system: next tick reads it
  }
}
