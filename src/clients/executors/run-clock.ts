import { performance } from 'node:perf_hooks';

export type Admission = 'warmup' | 'measure' | 'stop';
export type StopReason = 'duration' | 'requests' | 'aborted' | 'schedule-end';

export interface RunClockOptions {
  warmupMs: number;
  /** Measured time after warm-up; undefined = until `requests`, the schedule's end, or abort. */
  durationMs?: number;
  /** Measured requests to admit; undefined = no count limit. */
  requests?: number;
  signal?: AbortSignal;
}

/**
 * The run's phases on the monotonic clock (performance.now() milliseconds): warm-up, the measured
 * window, then stop. Executors ask `admit(intendedStart)` before every request; the clock alone
 * decides whether that request is warm-up, measured, or not to be sent.
 */
export class RunClock {
  startMs = 0;
  measureStartMs = 0;
  /** Nominal end of the measured window (Infinity when only a request count or abort ends it). */
  endMs = Infinity;
  stopReason: StopReason | undefined;
  private stopAtMs = 0;
  private lastCompletionMs = 0;
  private measuredAdmitted = 0;
  private timer: NodeJS.Timeout | undefined;
  private resolveStopped!: () => void;
  /** Resolves once no more requests will be admitted. */
  readonly stopped = new Promise<void>((r) => (this.resolveStopped = r));

  constructor(private readonly o: RunClockOptions) {}

  start(now = performance.now()): void {
    this.startMs = now;
    this.measureStartMs = now + this.o.warmupMs;
    if (this.o.durationMs !== undefined) this.endMs = this.measureStartMs + this.o.durationMs;
    if (this.o.signal?.aborted) return this.stop('aborted');
    this.o.signal?.addEventListener('abort', () => this.stop('aborted'), { once: true });
    if (Number.isFinite(this.endMs)) {
      // Ends the window even when every worker is stuck waiting on a stalled server.
      this.timer = setTimeout(() => this.stop('duration'), Math.max(0, this.endMs - now));
    }
  }

  /** Ends the run at `atMs`; used by schedules that know their own end (ramping stages). */
  endAt(atMs: number): void {
    if (atMs >= this.endMs) return;
    this.endMs = atMs;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.stop('schedule-end'), Math.max(0, atMs - performance.now()));
  }

  get isStopped(): boolean {
    return this.stopReason !== undefined;
  }

  phase(now = performance.now()): 'warmup' | 'measuring' | 'done' {
    if (this.isStopped) return 'done';
    return now < this.measureStartMs ? 'warmup' : 'measuring';
  }

  admit(intendedMs: number): Admission {
    if (this.stopReason !== undefined) return 'stop';
    if (intendedMs >= this.endMs) {
      this.stop(this.o.durationMs !== undefined && this.endMs === this.measureStartMs + this.o.durationMs ? 'duration' : 'schedule-end');
      return 'stop';
    }
    if (intendedMs < this.measureStartMs) return 'warmup';
    if (this.o.requests !== undefined && this.measuredAdmitted >= this.o.requests) {
      this.stop('requests');
      return 'stop';
    }
    this.measuredAdmitted++;
    return 'measure';
  }

  stop(reason: StopReason, now = performance.now()): void {
    if (this.stopReason !== undefined) return;
    this.stopReason = reason;
    this.stopAtMs = Math.min(now, this.endMs);
    clearTimeout(this.timer);
    this.resolveStopped();
  }

  noteCompletion(now: number): void {
    if (now > this.lastCompletionMs) this.lastCompletionMs = now;
  }

  /** Length of the measured window: to the nominal end, the abort, or (for a request count) the last reply. */
  measuredWindowMs(): number {
    const end = this.stopReason === 'requests' ? Math.max(this.lastCompletionMs, this.stopAtMs) : this.stopAtMs;
    return Math.max(0, end - this.measureStartMs);
  }
}
