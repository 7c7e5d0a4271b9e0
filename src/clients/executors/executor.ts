import type { Driver } from '../drivers/driver';
import type { LatencyRecorder } from '../results/latency-recorder';
import type { RunClock } from './run-clock';

export interface ExecutorContext {
  driver: Driver;
  clock: RunClock;
  recorder: LatencyRecorder;
  /** How long to wait for replies still outstanding when the window ends before counting them `unfinished`. */
  drainTimeoutMs: number;
}

/** One load pattern. It decides when requests start; the driver decides how. */
export interface Executor {
  readonly type: string;
  /** Closed: each user waits for its reply (the server paces the load). Open: a schedule does. */
  readonly loop: 'closed' | 'open';
  /** Connections the driver should open for this pattern. */
  readonly connections: number;
  /** Drives load from the (already started) clock until it stops, then drains outstanding requests. */
  run(ctx: ExecutorContext): Promise<void>;
  /** Said in the result, e.g. when an open-loop target rate could not be met. */
  warnings(): string[];
  /** Why the client itself was the bottleneck, when the pattern can tell (open loop: issuing late). */
  saturation?(): string | undefined;
}
