import { performance } from 'node:perf_hooks';
import type { Executor, ExecutorContext } from './executor';
import { InFlight } from './in-flight';
import { levelAt, stageSegments, totalMs, type Segment, type Stage } from './stages';
import { VirtualUser } from './virtual-user';

/** How often the number of active users is adjusted to the stage level. */
const ADJUST_EVERY_MS = 50;

/**
 * A closed loop whose number of virtual users follows the stages (zero-length stages are steps,
 * for bursts). User i runs while i < the current level; above it, it finishes its request and
 * stops. The stage timeline starts with the run: warm-up is its first `warmupMs`.
 */
export class RampingUsersExecutor implements Executor {
  readonly type = 'ramping-users';
  readonly loop = 'closed' as const;
  readonly connections: number;
  private readonly segments: Segment[];

  constructor(private readonly o: { startUsers: number; stages: Stage[]; thinkTimeMs?: number }) {
    this.segments = stageSegments(o.startUsers, o.stages);
    this.connections = Math.max(1, o.startUsers, ...o.stages.map((s) => Math.ceil(s.target)));
  }

  async run(ctx: ExecutorContext): Promise<void> {
    const { driver, clock } = ctx;
    const inFlight = new InFlight(ctx.recorder, clock);
    clock.endAt(clock.startMs + totalMs(this.segments));
    const userCtx = { driver, clock, inFlight, thinkTimeMs: this.o.thinkTimeMs ?? 0 };
    let level = 0;
    const users = Array.from({ length: this.connections * driver.pipeline }, (_, u) => new VirtualUser(u % this.connections, userCtx, () => u < level));
    const adjust = (): void => {
      level = Math.floor(levelAt(this.segments, performance.now() - clock.startMs)) * driver.pipeline;
      for (let u = 0; u < level && u < users.length; u++) if (!users[u].running) users[u].start();
    };
    adjust();
    const timer = setInterval(adjust, ADJUST_EVERY_MS);
    await clock.stopped;
    clearInterval(timer);
    await inFlight.drain(ctx.drainTimeoutMs);
  }

  warnings(): string[] {
    return [];
  }
}
