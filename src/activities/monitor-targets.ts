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
  return async (input: { folder: string; backend: BackendTarget; clients: LaunchedClient[]; monitor?: Handle }): Promise<number> => {
    const folder = ExperimentFolder.at(input.folder);
    const backend = deps.backends.get(input.backend);
    const where = monitorFolder(backend, deps.backends.capabilities(input.backend), folder);
    const targets: { instance: string; group: string; address: string }[] = [];
    for (const c of input.clients) {
      const port = c.metricsPort ?? c.handle.ports.metrics;
      if (!port) continue;
      targets.push({ instance: c.instance, group: c.group, address: `${(await backend.endpoints(c.handle)).host}:${port}` });
    }
    // Experiments started before the monitor's handle was passed ran where the worker's files are.
    if (input.monitor) await backend.writeFile(input.monitor, where.prometheusClientTargets, clientTargets(targets));
    else writeFileAtomic(folder.prometheusClientTargets, clientTargets(targets));
    return targets.length;
  };
}
