import type { Handle } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import type { ActivityDeps } from './deps';

/**
 * Stops exactly these handles (a crashed service before its restart, clients past their deadline).
 * Every handle gets its stop even when an earlier one fails; then the failures are thrown together,
 * by name, so a retry (stops are idempotent) or the workflow sees them all.
 */
export function stopHandles(deps: ActivityDeps) {
  return async (input: { backend: BackendTarget; handles: Handle[] }): Promise<void> => {
    const backend = deps.backends.get(input.backend);
    const failed: string[] = [];
    for (const handle of input.handles) {
      await backend.stop(handle).catch((e: Error) => failed.push(`${handle.labels.role} ${handle.labels.name} (${handle.id}): ${e.message}`));
    }
    if (failed.length) throw new Error(`could not stop ${failed.join('; ')}`);
  };
}
