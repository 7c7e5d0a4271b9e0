import type { Handle, Status } from '../backends/backend';
import { isFinal } from '../backends/backend';
import type { LaunchedClient } from '../workflows/types';

/**
 * The state of one client instance. Instances that share a job (one task each on a cluster) share
 * its status while it runs; once the job has ended, an instance that finished its own work (its
 * progress says done, or its result exists) exited, and the others failed.
 */
export function instanceStatus(status: Status, sharedHandle: boolean, finishedOwnWork: boolean): Status {
  if (!sharedHandle || !isFinal(status.state)) return status;
  return finishedOwnWork ? { state: 'exited', exitCode: 0, nodes: status.nodes } : { state: 'failed', reason: `its task ended without a result (job ${status.state}${status.reason ? `: ${status.reason}` : ''})`, nodes: status.nodes };
}

/** Looks each distinct handle up once, however many instances share it. */
export async function statusesByHandle(clients: LaunchedClient[], status: (h: Handle) => Promise<Status>): Promise<{ of: (c: LaunchedClient) => Status; shared: (c: LaunchedClient) => boolean }> {
  const unique = new Map<string, Handle>();
  const uses = new Map<string, number>();
  for (const c of clients) {
    unique.set(c.handle.id, c.handle);
    uses.set(c.handle.id, (uses.get(c.handle.id) ?? 0) + 1);
  }
  const found = new Map<string, Status>();
  await Promise.all([...unique].map(async ([id, h]) => found.set(id, await status(h))));
  return { of: (c) => found.get(c.handle.id)!, shared: (c) => (uses.get(c.handle.id) ?? 0) > 1 };
}

/** The rank of an instance within its group's task group (instances are named <group>-<rank>). */
export function taskOf(client: LaunchedClient): number | undefined {
  const rank = /-(\d+)$/.exec(client.instance)?.[1];
  return rank === undefined ? undefined : Number(rank);
}
