import type { Executor, ExecutorContext } from './executor';
import { InFlight } from './in-flight';
import { VirtualUser } from './virtual-user';

export interface ClosedLoopOptions {
  connections: number;
  thinkTimeMs?: number;
}

/**
 * N virtual users, each sending its next request when the previous reply arrived (plus think
 * time). With a pipelining driver every connection carries `pipeline` users.
 * Closed loop: a slow server slows the load, so results say loop: 'closed'.
 */
export class ClosedLoopExecutor implements Executor {
  readonly type = 'closed-loop';
  readonly loop = 'closed' as const;
  readonly connections: number;

  constructor(private readonly o: ClosedLoopOptions) {
    this.connections = o.connections;
  }

  async run(ctx: ExecutorContext): Promise<void> {
    const inFlight = new InFlight(ctx.recorder, ctx.clock);
    const userCtx = { driver: ctx.driver, clock: ctx.clock, inFlight, thinkTimeMs: this.o.thinkTimeMs ?? 0 };
    for (let u = 0; u < this.connections * ctx.driver.pipeline; u++) new VirtualUser(u % this.connections, userCtx).start();
    await ctx.clock.stopped;
    await inFlight.drain(ctx.drainTimeoutMs);
  }

  warnings(): string[] {
    return [];
  }
}
