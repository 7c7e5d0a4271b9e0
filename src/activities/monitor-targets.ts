import { Context } from '@temporalio/activity';
import type { Backend, Handle } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import type { ClientProgress } from '../clients/results/result-file';
import { writeFileAtomic } from '../store/atomic-write';
import { monitorFolder } from './start-monitoring';
import { clientTargets } from '../monitors/prometheus-config';
import { ExperimentFolder } from '../store/experiment-folder';
import type { LaunchedClient } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { taskOf } from './instance-state';
import { orchestratorLog } from './orchestrator-log';

/** How long registration waits for clients that pick their /metrics port where they run to report it. */
// Within the start-to-close of the look that runs it (tickStep, 20 s).
const PICKED_PORT_WAIT_MS = 15_000;

/** Registers the launched `bench client` instances' /metrics with Prometheus (file_sd, picked up within seconds). */
export function addClientTargets(deps: ActivityDeps) {
  return async (input: { folder: string; backend: BackendTarget; clients: LaunchedClient[]; monitor?: Handle }): Promise<{ targets: number; file: { path: string; content: string } }> => {
    const folder = ExperimentFolder.at(input.folder);
    const backend = deps.backends.get(input.backend);
    const can = deps.backends.capabilities(input.backend);
    const where = monitorFolder(backend, can, folder);
    const picked = can.portsPickedWhereRun ? await pickedPorts(backend, folder, input.clients.filter((c) => !(c.metricsPort ?? c.handle.ports.metrics))) : new Map<string, number>();
    const targets: { instance: string; group: string; address: string }[] = [];
    // The instances of a task group share one handle: ask for its host once (a round trip on a cluster).
    const hosts = new Map<string, Promise<string>>();
    for (const c of input.clients) {
      const port = c.metricsPort ?? c.handle.ports.metrics ?? picked.get(c.instance);
      if (!port) continue;
      if (!hosts.has(c.handle.id)) hosts.set(c.handle.id, backend.endpoints(c.handle).then((e) => e.host));
      targets.push({ instance: c.instance, group: c.group, address: `${await hosts.get(c.handle.id)!}:${port}` });
    }
    const file = { path: where.prometheusClientTargets, content: clientTargets(targets) };
    // Experiments started before the monitor's handle was passed ran where the worker's files are.
    if (input.monitor) await backend.writeFile(input.monitor, file.path, file.content);
    else writeFileAtomic(folder.prometheusClientTargets, file.content);
    // The workflow keeps the file, so a Prometheus launched again where it runs finds the clients.
    return { targets: targets.length, file };
  };
}

/**
 * The /metrics ports clients picked where they run, from their progress files (written once their
 * endpoint listens). Waits a bounded time: an instance still queued or preparing is left out, and said so.
 */
async function pickedPorts(backend: Backend, folder: ExperimentFolder, clients: LaunchedClient[]): Promise<Map<string, number>> {
  const workspace = ExperimentFolder.at(backend.workspace(folder.id, folder.dir));
  const found = new Map<string, number>();
  const deadline = Date.now() + PICKED_PORT_WAIT_MS;
  for (;;) {
    for (const c of clients) {
      if (found.has(c.instance)) continue;
      const text = await backend.readFile(c.handle, workspace.clientProgressFile(c.instance), taskOf(c)).catch(() => undefined);
      const port = text ? portIn(text) : undefined;
      if (port) found.set(c.instance, port);
    }
    if (found.size === clients.length || Date.now() > deadline) break;
    Context.current().heartbeat();
    await new Promise((r) => setTimeout(r, 250));
  }
  const missing = clients.filter((c) => !found.has(c.instance)).map((c) => c.instance);
  if (missing.length) orchestratorLog(folder).warn({ event: 'client-metrics-unregistered', instances: missing }, `client /metrics not registered with prometheus (no port reported within ${PICKED_PORT_WAIT_MS / 1000} s): ${missing.join(', ')}`);
  return found;
}

function portIn(progressText: string): number | undefined {
  try {
    return (JSON.parse(progressText) as ClientProgress).metricsPort;
  } catch {
    return undefined; // a file caught mid-write by a non-atomic file system: the next look reads it whole
  }
}
