import { performance } from 'node:perf_hooks';
import type { Driver, RequestDone } from '../drivers/driver';
import type { InFlight } from './in-flight';
import type { RunClock } from './run-clock';

export interface UserContext {
  driver: Driver;
  clock: RunClock;
  inFlight: InFlight;
  thinkTimeMs: number;
}

/**
 * One closed-loop user: sends, waits for the reply, thinks, sends again, while the clock admits
 * and `active()` holds. Its callbacks are made once, not per request: this is the hot path.
 */
export class VirtualUser {
  running = false;
  private sentAt = 0;
  private measured = false;
  private issuing = false;

  constructor(
    private readonly conn: number,
    private readonly ctx: UserContext,
    private readonly active: () => boolean = () => true,
  ) {}

  start(): void {
    this.running = true;
    this.next();
  }

  /** `now`: the reply time that triggered this send, when known (saves a clock read). */
  private readonly next = (now: number = performance.now()): void => {
    const admission = this.active() ? this.ctx.clock.admit(now) : 'stop';
    if (admission === 'stop') {
      this.running = false;
      return;
    }
    this.sentAt = now;
    this.measured = admission === 'measure';
    this.ctx.inFlight.begin(this.measured);
    this.issuing = true;
    this.ctx.driver.issue(this.conn, this.onDone, this.measured);
    this.issuing = false;
  };

  private readonly onDone: RequestDone = (error, atMs) => {
    const now = atMs ?? performance.now();
    this.ctx.inFlight.end(this.sentAt, this.measured, error, now);
    // A driver failing synchronously must not recurse into a stack overflow.
    if (this.issuing) setImmediate(this.next);
    else if (this.ctx.thinkTimeMs > 0) setTimeout(this.next, this.ctx.thinkTimeMs);
    else this.next(now);
  };
}
