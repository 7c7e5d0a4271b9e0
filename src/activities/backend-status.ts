import type { Handle, Status } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import type { ActivityDeps } from './deps';

/** What the backend says of one handle right now (queued, running, ended). One cheap look. */
export function backendStatus(deps: ActivityDeps) {
  return async (input: { backend: BackendTarget; handle: Handle }): Promise<Status> => deps.backends.get(input.backend).status(input.handle);
}
