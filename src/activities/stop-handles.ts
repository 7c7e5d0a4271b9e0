import type { Handle } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import type { ActivityDeps } from './deps';

/** Stops exactly these handles (a crashed service before its restart, a client past its deadline). */
export function stopHandles(deps: ActivityDeps) {
  return async (input: { backend: BackendTarget; handles: Handle[] }): Promise<void> => {
    const backend = deps.backends.get(input.backend);
    for (const handle of input.handles) await backend.stop(handle);
  };
}
