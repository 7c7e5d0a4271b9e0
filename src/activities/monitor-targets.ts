import type { BackendTarget } from '../backends/target';
import { clientTargets } from '../monitors/prometheus-config';
import { ExperimentFolder } from '../store/experiment-folder';
import type { LaunchedClient } from '../workflows/types';
import type { ActivityDeps } from './deps';

/** Registers the launched `bench client` instances' /metrics with Prometheus (file_sd, picked up within seconds). */
export function addClientTargets(deps: ActivityDeps) {
  return async (input: { folder: string; backend: BackendTarget; clients: LaunchedClient[] }): Promise<number> => {
    const folder = ExperimentFolder.at(input.folder);
    const backend = deps.backends.get(input.backend);
    const targets: { instance: string; group: string; address: string }[] = [];
    for (const c of input.clients) {
      const port = c.handle.ports.metrics;
      if (!port) continue;
      targets.push({ instance: c.instance, group: c.group, address: `${(await backend.endpoints(c.handle)).host}:${port}` });
    }
    await backend.writeFile(folder.prometheusClientTargets, clientTargets(targets));
    return targets.length;
  };
}
