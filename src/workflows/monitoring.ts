/**
 * Monitoring inside the experiment workflow (deterministic): start Prometheus, watch it every tick,
 * restart it with the data gap recorded, export after the run. Monitoring failures never fail an
 * experiment: each step degrades to a warning.
 */
import { isCancellation, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { BackendTarget } from '../backends/target';
import type { DataGap, MonitorHealth, MonitorState } from '../monitors/types';
import type { Recipe } from '../recipe/schema';
import { collectStep, longWait, tickStep } from './policies';
import type { DeployedService, ExperimentProgress, LaunchedClient } from './types';

type Activities = ReturnType<typeof createActivities>;

const starting = proxyActivities<Activities>({ ...longWait(90_000), retry: { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: 3 } });
const looking = proxyActivities<Activities>({ ...tickStep, retry: { initialInterval: '1s', maximumAttempts: 2 } });
const exporting = proxyActivities<Activities>({ ...collectStep, retry: { initialInterval: '1s', maximumAttempts: 2 } });

/** How often a dead Prometheus is restarted before monitoring gives up for the rest of the run. */
export const MONITOR_MAX_RESTARTS = 3;

export interface Monitoring {
  state?: MonitorState;
  restarts: number;
  gaps: DataGap[];
  lastOkAt?: string;
  gaveUp: boolean;
}

function warn(progress: ExperimentProgress, message: string): void {
  progress.warnings.push(message);
  progress.events.push({ at: new Date().toISOString(), message });
  if (progress.events.length > 50) progress.events.shift();
}

export async function startMonitoring(
  recipe: Recipe,
  target: BackendTarget,
  folder: string,
  deployed: Map<string, DeployedService>,
  progress: ExperimentProgress,
): Promise<Monitoring> {
  const m: Monitoring = { restarts: 0, gaps: [], gaveUp: false };
  try {
    m.state = await starting.startMonitoring({
      folder,
      backend: target,
      monitoring: recipe.monitoring,
      services: recipe.services.map((config) => ({ config, deployed: deployed.get(config.name)! })),
    });
    m.lastOkAt = new Date().toISOString();
  } catch (e) {
    if (isCancellation(e)) throw e;
    m.gaveUp = true;
    warn(progress, `monitoring could not start; the experiment runs without it: ${(e as Error).message}`);
  }
  return m;
}

export async function registerClients(m: Monitoring, target: BackendTarget, folder: string, clients: LaunchedClient[], progress: ExperimentProgress): Promise<void> {
  if (!m.state) return;
  try {
    const registered: unknown = await looking.addClientTargets({ folder, backend: target, clients, monitor: m.state.handle });
    // Histories from before it returned the file hold a number here.
    const file = typeof registered === 'object' && registered !== null ? (registered as { file: { path: string; content: string } }).file : undefined;
    if (file && m.state.files) m.state.files = [...m.state.files.filter((f) => f.path !== file.path), file];
  } catch (e) {
    if (isCancellation(e)) throw e;
    warn(progress, `client metrics not registered with prometheus: ${(e as Error).message}`);
  }
}

/**
 * One supervision look at Prometheus; restarts it when it is down (the failure table: restart monitor,
 * mark data gap). `seen`: the look a supervision span already took (it sets m.lastOkAt itself).
 */
export async function superviseMonitor(m: Monitoring, target: BackendTarget, folder: string, progress: ExperimentProgress, seen?: MonitorHealth): Promise<void> {
  if (!m.state || m.gaveUp) return;
  let health = seen;
  if (!health) {
    try {
      health = await looking.monitorHealth({ backend: target, monitor: m.state });
    } catch (e) {
      if (isCancellation(e)) throw e;
      return; // the look itself failed (worker busy): next tick looks again
    }
  }
  if (health.ok) {
    if (!seen) m.lastOkAt = new Date().toISOString();
    return;
  }
  const from = m.lastOkAt ?? m.state.startedAt;
  const reason = health.detail ?? health.state;
  if (m.restarts >= MONITOR_MAX_RESTARTS) {
    m.gaveUp = true;
    m.gaps.push({ source: 'prometheus', from, to: new Date().toISOString(), seconds: 0 });
    warn(progress, `prometheus is down (${reason}) and was already restarted ${m.restarts} time(s); the run continues without monitoring`);
    return;
  }
  progress.events.push({ at: new Date().toISOString(), message: `prometheus down (${reason}); restarting (${m.restarts + 1}/${MONITOR_MAX_RESTARTS})` });
  try {
    m.state = await starting.restartMonitoring({ folder, backend: target, monitor: m.state, reason });
    m.restarts += 1;
    const to = new Date().toISOString();
    const seconds = Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10;
    m.gaps.push({ source: 'prometheus', from, to, seconds });
    m.lastOkAt = to;
    warn(progress, `prometheus restarted; no metrics from ${from} to ${to} (about ${seconds} s, marked as a data gap)`);
  } catch (e) {
    if (isCancellation(e)) throw e;
    m.gaveUp = true;
    m.gaps.push({ source: 'prometheus', from, to: new Date().toISOString(), seconds: 0 });
    warn(progress, `prometheus could not be restarted; the run continues without monitoring: ${(e as Error).message}`);
  }
}

/** After the run, before teardown stops Prometheus: CSVs, resources and gaps into metrics/. */
export async function exportMonitoring(m: Monitoring, recipe: Recipe, target: BackendTarget, folder: string, progress: ExperimentProgress): Promise<void> {
  if (!m.state) return;
  const fixed = m.gaps.map((g) => (g.seconds ? g : { ...g, seconds: Math.round((Date.now() - Date.parse(g.from)) / 100) / 10, to: g.seconds ? g.to : new Date().toISOString() }));
  try {
    const out = await exporting.exportMetrics({ folder, backend: target, monitor: m.state, recipe: { services: recipe.services, monitoring: recipe.monitoring }, observedGaps: fixed });
    for (const w of out.warnings) progress.warnings.push(w);
  } catch (e) {
    progress.warnings.push(`metrics export failed: ${(e as Error).message}`);
  }
}
