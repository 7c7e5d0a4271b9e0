import { performance } from 'node:perf_hooks';
import type { Executor, ExecutorContext } from './executor';
import { InFlight } from './in-flight';

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
    const { driver, clock } = ctx;
    const inFlight = new InFlight(ctx.recorder, clock);
    const issue = driver.issue.bind(driver);
    const think = this.o.thinkTimeMs ?? 0;
    const users = this.connections * driver.pipeline;
    for (let u = 0; u < users; u++) {
      const conn = u % this.connections;
      const next = (): void => {
        const now = performance.now();
        const admission = clock.admit(now);
        if (admission === 'stop') return;
        inFlight.start(issue, conn, now, admission === 'measure', think > 0 ? () => setTimeout(next, think) : next);
      };
      next();
    }
    await clock.stopped;
    await inFlight.drain(ctx.drainTimeoutMs);
  }

  warnings(): string[] {
    return [];
  }
}
