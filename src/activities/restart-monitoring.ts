import type { BackendTarget } from '../backends/target';
import type { MonitorState } from '../monitors/types';
import { ExperimentFolder } from '../store/experiment-folder';
import type { ActivityDeps } from './deps';
import { relaunchPrometheus } from './start-monitoring';
import { orchestratorLog } from './orchestrator-log';

/**
 * Restarts a dead Prometheus on the same port and TSDB (its config file is kept) and waits for a fresh
 * sample. The interval without samples is measured from the TSDB after the run.
 */
export function restartMonitoring(deps: ActivityDeps) {
  return async (input: { folder: string; backend: BackendTarget; monitor: MonitorState; reason: string }): Promise<MonitorState> => {
    const folder = ExperimentFolder.at(input.folder);
    const backend = deps.backends.get(input.backend);
    const log = orchestratorLog(folder);
    log.warn({ event: 'monitor-restart', generation: input.monitor.generation + 1, reason: input.reason }, `prometheus unhealthy (${input.reason}); restarting`);
    const t0 = Date.now();
    await backend.stop(input.monitor.handle);
    const stopMs = Date.now() - t0;
    const next = await relaunchPrometheus(backend, deps.backends.capabilities(input.backend), folder, input.monitor);
    log.info({ event: 'monitor-restarted', generation: next.generation, stopMs, launchMs: Date.now() - t0 - stopMs }, 'prometheus back (fresh sample in)');
    return { ...next, exporters: input.monitor.exporters, startedAt: input.monitor.startedAt };
  };
}
