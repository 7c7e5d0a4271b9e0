import type { BackendKind, Handle } from '../backends/backend';
import { ExperimentFolder } from '../store/experiment-folder';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';

export interface TeardownInput {
  folder?: string;
  experimentId: string;
  backend: BackendKind;
  handles: Handle[];
}

/**
 * Stops clients, then services, then anything else the backend still lists under the experiment's
 * labels (launched by an attempt whose result never reached the workflow). Safe to repeat.
 */
export function teardown(deps: ActivityDeps) {
  return async (input: TeardownInput): Promise<{ stopped: number; orphans: number }> => {
    const backend = deps.backends.get(input.backend);
    const order = ['client', 'monitor', 'exporter', 'service'];
    const known = [...input.handles].sort((a, b) => order.indexOf(a.labels.role) - order.indexOf(b.labels.role));
    for (const handle of known) await backend.stop(handle);
    const knownIds = new Set(known.map((h) => h.id));
    const leftovers = await backend.list({ experiment: input.experimentId });
    for (const handle of leftovers) await backend.stop(handle);
    const orphans = leftovers.filter((h) => !knownIds.has(h.id)).length;
    if (input.folder) {
      orchestratorLog(ExperimentFolder.at(input.folder)).info({ event: 'teardown', stopped: known.length, orphans }, `teardown: ${known.length} stopped, ${orphans} orphan(s) removed`);
    }
    return { stopped: known.length, orphans };
  };
}
