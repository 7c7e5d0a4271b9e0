import type { Handle } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import { ExperimentFolder } from '../store/experiment-folder';
import type { TeardownFailure } from '../workflows/types';
import { keepHeartbeating } from './heartbeat';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';

export interface TeardownInput {
  folder?: string;
  experimentId: string;
  backend: BackendTarget;
  handles: Handle[];
}

export interface TeardownResult {
  stopped: number;
  orphans: number;
  /** What could not be stopped (or listed): empty when everything is gone. */
  failures: TeardownFailure[];
}

/**
 * Stops clients, then services, then anything else the backend still lists under the experiment's
 * labels (launched by an attempt whose result never reached the workflow). Safe to repeat.
 *
 * A handle that cannot be stopped (a process that survives SIGKILL, a backend that cannot be reached)
 * does not stop the others: each failure is logged by name and returned, and the workflow decides
 * (try again, then end completed_with_teardown_errors; the reaper removes what is left).
 */
export function teardown(deps: ActivityDeps) {
  return async (input: TeardownInput): Promise<TeardownResult> => {
    const backend = deps.backends.get(input.backend);
    const log = input.folder ? orchestratorLog(ExperimentFolder.at(input.folder)) : undefined;
    const order = ['client', 'monitor', 'exporter', 'service'];
    // Instances of a client group share one job on a cluster: stop (and copy the output of) each handle once.
    const known = [...new Map(input.handles.map((h) => [h.id, h])).values()].sort((a, b) => order.indexOf(a.labels.role) - order.indexOf(b.labels.role));
    const failures = new Map<string, TeardownFailure>();
    const stop = async (handle: Handle) => {
      try {
        await backend.stop(handle);
      } catch (e) {
        failures.set(handle.id, { id: handle.id, role: handle.labels.role, name: handle.labels.name, error: (e as Error).message });
      }
    };
    // A stop may wait out a grace period per handle: heartbeat so a worker dying here is noticed in seconds.
    const stopBeating = keepHeartbeating();
    let orphans = 0;
    try {
      for (const handle of known) await stop(handle);
      const knownIds = new Set(known.map((h) => h.id));
      let leftovers: Handle[] = [];
      try {
        leftovers = await backend.list({ experiment: input.experimentId });
      } catch (e) {
        failures.set('*list', { id: '*', role: 'any', name: `what runs under experiment=${input.experimentId}`, error: `could not be listed: ${(e as Error).message}` });
      }
      // What failed to stop above is still listed: one attempt per handle per teardown.
      for (const handle of leftovers) if (!failures.has(handle.id)) await stop(handle);
      orphans = leftovers.filter((h) => !knownIds.has(h.id)).length;
      if (failures.size === 0) {
        try {
          await backend.cleanup?.(input.experimentId);
        } catch (e) {
          failures.set('*cleanup', { id: '*', role: 'any', name: `what launches of ${input.experimentId} shared`, error: `cleanup failed: ${(e as Error).message}` });
        }
      }
    } finally {
      stopBeating();
    }
    // On a cluster the jobs' output sits on the shared file system: copy it into logs/ (best effort).
    const copyFailures: string[] = [];
    if (backend.downloadLogs) {
      for (const handle of known) await backend.downloadLogs(handle).catch((e: Error) => copyFailures.push(`${handle.id}: ${e.message}`));
    }
    const failed = [...failures.values()];
    if (log) {
      for (const f of failed) log.error({ event: 'teardown-failed', id: f.id, role: f.role, name: f.name, error: f.error }, `teardown: could not stop ${describeFailure(f)}`);
      const stopped = known.filter((h) => !failures.has(h.id)).length;
      log.info({ event: 'teardown', stopped, orphans, failed: failed.length }, `teardown: ${stopped} stopped, ${orphans} orphan(s) removed${failed.length ? `, ${failed.length} could not be stopped` : ''}`);
      for (const f of copyFailures) log.warn({ event: 'log-copy-failed', detail: f }, `job output not copied: ${f}`);
    }
    return { stopped: known.length - known.filter((h) => failures.has(h.id)).length, orphans, failures: failed };
  };
}

/** One line per failure, as the log, summary.json and metadata.out name it: `service redis (service.redis.0): why`. */
function describeFailure(f: TeardownFailure): string {
  return f.id === '*' ? `${f.name}: ${f.error}` : `${f.role} ${f.name} (${f.id}): ${f.error}`;
}
