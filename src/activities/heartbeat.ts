import { Context } from '@temporalio/activity';

/** How often activities heartbeat while they run (the SDK sends at most one per 0.8 x heartbeatTimeout). */
export const HEARTBEAT_EVERY_MS = 1000;

/**
 * Heartbeats every `everyMs` until the returned function is called, so a worker killed in the middle
 * of a long step (teardown, a reaper pass, a readiness wait) is noticed within the heartbeat timeout
 * (policies.ts) and the step is retried elsewhere. `details`, when given, is sent with every beat
 * (what a retry resumes from), so a beat from the timer never replaces the step's own progress.
 * Outside an activity (a direct call in a test) it does nothing.
 */
export function keepHeartbeating(everyMs = HEARTBEAT_EVERY_MS, details?: () => unknown): () => void {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return () => undefined;
  }
  // Local activities cannot heartbeat (they run inside a workflow task).
  if (ctx.info.isLocal) return () => undefined;
  const beat = () => (details ? ctx.heartbeat(details()) : ctx.heartbeat());
  beat();
  const timer = setInterval(beat, everyMs);
  return () => clearInterval(timer);
}

/**
 * The activity `fn`, heartbeating every HEARTBEAT_EVERY_MS while it runs: every activity can then have
 * a short heartbeatTimeout, whatever it waits on (an ssh round trip, an sbatch, a slow disk), so a
 * worker killed with -9 in any step is noticed in seconds instead of at its start-to-close timeout.
 * Only for activities that keep no heartbeat details of their own (a bare beat would replace them).
 */
export function heartbeating<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const stop = keepHeartbeating();
    try {
      return await fn(...args);
    } finally {
      stop();
    }
  };
}
