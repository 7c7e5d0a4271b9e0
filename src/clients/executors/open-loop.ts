import { performance } from 'node:perf_hooks';
import { clampLatencyUs, createLatencyHistogram } from '../results/histogram';
import type { ArrivalSchedule } from './arrival-schedule';
import type { Executor, ExecutorContext } from './executor';
import { InFlight } from './in-flight';

export interface OpenLoopOptions {
  maxInFlight: number;
  connections: number;
  /** Where the schedule ends on its own, in ms from the run's start (ramping stages). */
  scheduleEndMs?: number;
}

/** Above this the client issued requests too late for its numbers to describe the server. */
const LATE_ISSUE_P99_MS = 5;
/**
 * Timers fire a millisecond or more late, and lateness is charged to latency (it is measured from
 * the intended start). So a timer only covers the wait up to this margin; the rest is spun with
 * setImmediate, which keeps serving I/O.
 */
const TIMER_SLACK_MS = 4;

/**
 * Starts requests at the schedule's intended times whatever the server does, and measures each from
 * its intended time, so a stall cannot hide (no coordinated omission). When `maxInFlight`
 * requests are outstanding, an arrival is dropped and counted instead of queued.
 */
export class OpenLoopExecutor implements Executor {
  readonly loop = 'open' as const;
  readonly connections: number;
  private readonly lateness = createLatencyHistogram();
  private droppedTotal = 0;
  private issued = 0;
  private measuredMs = 0;
  private targetMeasured = 0;

  constructor(
    readonly type: string,
    private readonly schedule: ArrivalSchedule,
    private readonly o: OpenLoopOptions,
  ) {
    this.connections = o.connections;
  }

  async run(ctx: ExecutorContext): Promise<void> {
    const { driver, clock, recorder } = ctx;
    const inFlight = new InFlight(recorder, clock);
    const issue = driver.issue.bind(driver);
    const { maxInFlight, connections } = this.o;
    if (this.o.scheduleEndMs !== undefined) clock.endAt(clock.startMs + this.o.scheduleEndMs);
    const start = clock.startMs;
    let nextAt = start + this.schedule.next();
    let conn = 0;
    let timer: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;

    const tick = (): void => {
      timer = undefined;
      immediate = undefined;
      const now = performance.now();
      while (nextAt <= now) {
        const admission = clock.admit(nextAt);
        if (admission === 'stop') return;
        const measured = admission === 'measure';
        if (measured) this.targetMeasured++;
        if (inFlight.count >= maxInFlight) {
          if (measured) recorder.recordDropped();
          this.droppedTotal++;
        } else {
          if (measured) this.lateness.recordValue(clampLatencyUs((now - nextAt) * 1000));
          this.issued++;
          inFlight.start(issue, conn, nextAt, measured);
          conn = conn + 1 === connections ? 0 : conn + 1;
        }
        nextAt = start + this.schedule.next();
      }
      if (!Number.isFinite(nextAt)) return clock.stop('schedule-end');
      const wait = nextAt - performance.now();
      if (wait > TIMER_SLACK_MS) timer = setTimeout(tick, wait - TIMER_SLACK_MS);
      else immediate = setImmediate(tick);
    };
    tick();
    await clock.stopped;
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    this.measuredMs = clock.measuredWindowMs();
    await inFlight.drain(ctx.drainTimeoutMs);
  }

  /** p99 of how late requests left relative to their intended start, in ms. */
  lateIssueP99Ms(): number {
    return this.lateness.totalCount ? this.lateness.getValueAtPercentile(99) / 1000 : 0;
  }

  saturation(): string | undefined {
    const late = this.lateIssueP99Ms();
    if (late > LATE_ISSUE_P99_MS) return `requests left p99 ${late.toFixed(1)} ms after their intended start (> ${LATE_ISSUE_P99_MS} ms)`;
    return undefined;
  }

  warnings(): string[] {
    const out: string[] = [];
    if (this.droppedTotal > 0) {
      const rate = this.measuredMs > 0 ? Math.round((this.targetMeasured * 1000) / this.measuredMs) : 0;
      out.push(
        `target rate not met: ${this.droppedTotal} iterations dropped (of ~${rate}/s scheduled) because ${this.o.maxInFlight} requests were ` +
          'already in flight (maxInFlight); the server or this client could not keep up; raise maxInFlight or add client instances',
      );
    }
    const reason = this.saturation();
    if (reason) out.push(`client fell behind its schedule: ${reason}`);
    return out;
  }
}
