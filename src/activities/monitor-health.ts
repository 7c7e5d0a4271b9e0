import type { BackendTarget } from '../backends/target';
import { isHealthy } from '../monitors/prometheus-api';
import type { MonitorHealth, MonitorState } from '../monitors/types';
import type { ActivityDeps } from './deps';

/** One look at Prometheus for the supervision loop: process running and /-/healthy answering. */
export function monitorHealth(deps: ActivityDeps) {
  return async (input: { backend: BackendTarget; monitor: MonitorState }): Promise<MonitorHealth> => {
    const status = await deps.backends.get(input.backend).status(input.monitor.handle);
    if (status.state !== 'running') return { ok: false, state: status.state, detail: status.reason };
    const h = await isHealthy(input.monitor.url);
    return { ok: h.ok, state: status.state, detail: h.detail };
  };
}
