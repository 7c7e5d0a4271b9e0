import type { Backend, Endpoint, Handle } from '../backends/backend';
import { isFinal } from '../backends/backend';

/**
 * The endpoint of a launch that may still wait for its node (a SLURM job in the queue) or for the
 * ports it picks there: polls status and endpoints until both answer, or fails with the reason.
 * `forWorker`: the address the worker itself uses (a port-forward), else the one other launches use.
 */
export async function endpointWhenRunning(backend: Backend, handle: Handle, opts: { timeoutMs: number; beat: () => void; forWorker?: boolean }): Promise<Endpoint> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = '';
  for (;;) {
    const status = await backend.status(handle);
    if (isFinal(status.state)) {
      const tail = await backend.logs(handle, 1500).catch(() => '');
      throw new Error(`${handle.id} ${status.state} before it served: ${status.reason ?? ''}${tail ? `\n--- last output ---\n${tail}` : ''}`);
    }
    if (status.state === 'running') {
      try {
        return opts.forWorker && backend.workerEndpoint ? await backend.workerEndpoint(handle) : await backend.endpoints(handle);
      } catch (e) {
        last = (e as Error).message;
      }
    } else {
      last = `${status.state}${status.reason ? ` (${status.reason})` : ''}`;
    }
    if (Date.now() > deadline) throw new Error(`${handle.id} had no endpoint within ${opts.timeoutMs} ms (last: ${last})`);
    opts.beat();
    await new Promise((r) => setTimeout(r, 250));
  }
}
