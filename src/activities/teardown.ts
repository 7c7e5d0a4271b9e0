import type { Handle } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import { ExperimentFolder } from '../store/experiment-folder';
import { keepHeartbeating } from './heartbeat';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';

export interface TeardownInput {
  folder?: string;
  experimentId: string;
  backend: BackendTarget;
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
    // Instances of a client group share one job on a cluster: stop (and copy the output of) each handle once.
    const known = [...new Map(input.handles.map((h) => [h.id, h])).values()].sort((a, b) => order.indexOf(a.labels.role) - order.indexOf(b.labels.role));
    // A stop may wait out a grace period per handle: heartbeat so a worker dying here is noticed in seconds.
    const stopBeating = keepHeartbeating();
    let orphans: number;
    try {
      for (const handle of known) await backend.stop(handle);
      const knownIds = new Set(known.map((h) => h.id));
      const leftovers = await backend.list({ experiment: input.experimentId });
      for (const handle of leftovers) await backend.stop(handle);
      orphans = leftovers.filter((h) => !knownIds.has(h.id)).length;
      await backend.cleanup?.(input.experimentId);
    } finally {
      stopBeating();
    }
    // On a cluster the jobs' output sits on the shared file system: copy it into logs/ (best effort).
    const copyFailures: string[] = [];
    if (backend.downloadLogs) {
      for (const handle of known) await backend.downloadLogs(handle).catch((e: Error) => copyFailures.push(`${handle.id}: ${e.message}`));
    }
    if (input.folder) {
      const log = orchestratorLog(ExperimentFolder.at(input.folder));
      log.info({ event: 'teardown', stopped: known.length, orphans }, `teardown: ${known.length} stopped, ${orphans} orphan(s) removed`);
      for (const f of copyFailures) log.warn({ event: 'log-copy-failed', detail: f }, `job output not copied: ${f}`);
    }
    return { stopped: known.length, orphans };
  };
}
