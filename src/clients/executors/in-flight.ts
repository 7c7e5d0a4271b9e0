import { performance } from 'node:perf_hooks';
import type { RequestDone } from '../drivers/driver';
import type { LatencyRecorder } from '../results/latency-recorder';
import type { RunClock } from './run-clock';

/**
 * Issues requests through a driver and records them: latency runs from the request's intended
 * start (open loop: its slot in the schedule; closed loop: when the user sent it), so a stall
 * shows up in the percentiles instead of silently delaying later requests.
 */
export class InFlight {
  count = 0;
  private measuredCount = 0;
  private abandoned = false;
  private drained: (() => void) | null = null;

  constructor(
    private readonly recorder: LatencyRecorder,
    private readonly clock: RunClock,
  ) {}

  /** Counts a request as sent. Pair with `end`; hot paths use these to avoid a closure per request. */
  begin(measured: boolean): void {
    this.count++;
    if (measured) this.measuredCount++;
  }

  /** Records a reply to a request that `begin` counted, timed from `intendedMs` to `now`. */
  end(intendedMs: number, measured: boolean, error: string | null, now = performance.now()): void {
    this.count--;
    if (measured) {
      this.measuredCount--;
      if (!this.abandoned) {
        this.clock.noteCompletion(now);
        if (error === null) this.recorder.recordOk((now - intendedMs) * 1000);
        else this.recorder.recordError(error);
      }
    }
    if (this.count === 0 && this.drained) this.drained();
  }

  /** Sends one request on `conn` and records its reply. */
  start(issue: (conn: number, done: RequestDone, measured: boolean) => void, conn: number, intendedMs: number, measured: boolean): void {
    this.begin(measured);
    issue(conn, (error, atMs) => this.end(intendedMs, measured, error, atMs), measured);
  }

  /** Waits for outstanding requests; after `timeoutMs` the rest count as `unfinished` errors. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.count > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      this.drained = null;
    }
    if (this.count > 0) {
      for (let i = 0; i < this.measuredCount; i++) this.recorder.recordError('unfinished');
      this.abandoned = true;
    }
  }
}
