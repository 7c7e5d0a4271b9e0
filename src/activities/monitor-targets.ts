import type { Handle } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import { writeFileAtomic } from '../store/atomic-write';
import { monitorFolder } from './start-monitoring';
import { clientTargets } from '../monitors/prometheus-config';
import { ExperimentFolder } from '../store/experiment-folder';
import type { LaunchedClient } from '../workflows/types';
import type { ActivityDeps } from './deps';

/** Registers the launched `bench client` instances' /metrics with Prometheus (file_sd, picked up within seconds). */
export function addClientTargets(deps: ActivityDeps) {
  return async (input: { folder: string; backend: BackendTarget; clients: LaunchedClient[]; monitor?: Handle }): Promise<{ targets: number; file: { path: string; content: string } }> => {
    const folder = ExperimentFolder.at(input.folder);
    const backend = deps.backends.get(input.backend);
    const where = monitorFolder(backend, deps.backends.capabilities(input.backend), folder);
    const targets: { instance: string; group: string; address: string }[] = [];
    for (const c of input.clients) {
      const port = c.metricsPort ?? c.handle.ports.metrics;
      if (!port) continue;
      targets.push({ instance: c.instance, group: c.group, address: `${(await backend.endpoints(c.handle)).host}:${port}` });
    }
    const file = { path: where.prometheusClientTargets, content: clientTargets(targets) };
    // Experiments started before the monitor's handle was passed ran where the worker's files are.
    if (input.monitor) await backend.writeFile(input.monitor, file.path, file.content);
    else writeFileAtomic(folder.prometheusClientTargets, file.content);
    // The workflow keeps the file, so a Prometheus launched again where it runs finds the clients.
    return { targets: targets.length, file };
  };
}
