import { Context } from '@temporalio/activity';

/**
 * Heartbeats every `everyMs` until the returned function is called, so a worker killed in the middle
 * of a long step (teardown, a reaper pass) is noticed within the heartbeat timeout and the step is
 * retried elsewhere. Outside an activity (a direct call in a test) it does nothing.
 */
export function keepHeartbeating(everyMs = 5000): () => void {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return () => undefined;
  }
  ctx.heartbeat();
  const timer = setInterval(() => ctx.heartbeat(), everyMs);
  return () => clearInterval(timer);
}
