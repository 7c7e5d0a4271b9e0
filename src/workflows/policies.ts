/**
 * The failure table in one place: activity timeouts and retry policies, and the supervision rules the
 * experiment workflow applies. Recipes override the numbers (service restart, health check); the rest
 * are defaults chosen here.
 */
import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';

/** Failures that can never succeed on retry: Temporal must not retry them. */
export const NON_RETRYABLE = ['InvalidRecipe', 'AuthenticationFailed', 'QuotaExceeded', 'UnknownServiceKind', 'BadLaunchSpec'];

const retry: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: NON_RETRYABLE };

/**
 * How soon a step lost with its worker (kill -9, a lost node) runs again: Temporal retries an activity
 * only when its heartbeat timeout (or, without one, its start-to-close timeout: minutes) expires.
 * The goal: a new worker picks the experiment up <= 10 s after it starts (npm run bench:resume).
 * Budget: the worker flushes heartbeats every second (create-worker.ts, maxHeartbeatThrottleInterval;
 * the SDK's default would batch them to 0.8 x heartbeatTimeout = 4 s, too little slack on a busy
 * machine), so the timeout fires <= 5 s after the death, the
 * retry is scheduled after `retry.initialInterval` (1 s) and a polling worker starts it at once:
 * <= 6 s, leaving 4 s for a busy machine (a new worker's own start-up overlaps the wait).
 * Every activity heartbeats every second while it runs (activities/heartbeat.ts: a timer beside the
 * work, so a slow probe, an ssh round trip or a long healthCheck.interval never starves it), so 5 s
 * is missed only when a worker's event loop stalls 5 s; then the idempotent step is retried, it is
 * not failed. Was 15-30 s (longWait, collect, teardown) and none for quick steps (2 min start-to-close).
 */
export const HEARTBEAT_TIMEOUT_MS = 5000;

/** Short, idempotent steps: folder preparation, launches, one supervision tick. */
export const quickStep: ActivityOptions = { startToCloseTimeout: '2m', heartbeatTimeout: HEARTBEAT_TIMEOUT_MS, retry: { ...retry, maximumAttempts: 10 } };

/** One supervision look: a few probes. Short, so a tick lost with a dead worker is retried within seconds. */
export const tickStep: ActivityOptions = { startToCloseTimeout: '20s', heartbeatTimeout: HEARTBEAT_TIMEOUT_MS, retry: { ...retry, maximumAttempts: 5 } };

/** Waits that can outlast a worker: they heartbeat, so a dead worker is noticed within the heartbeat timeout. */
export function longWait(timeoutMs: number): ActivityOptions {
  return { startToCloseTimeout: timeoutMs + 60_000, heartbeatTimeout: HEARTBEAT_TIMEOUT_MS, retry: { ...retry, maximumAttempts: 20 } };
}

/** Result collection reads and merges files; bounded but may be slow on large runs. */
export const collectStep: ActivityOptions = { startToCloseTimeout: '10m', heartbeatTimeout: HEARTBEAT_TIMEOUT_MS, retry: { ...retry, maximumAttempts: 5 } };

/** Teardown must eventually succeed: many attempts, and it runs even when the workflow is cancelled. */
export const teardownStep: ActivityOptions = { startToCloseTimeout: '5m', heartbeatTimeout: HEARTBEAT_TIMEOUT_MS, retry: { ...retry, maximumAttempts: 30 } };

export const supervision = {
  /** How often services and clients are checked while load runs. */
  tickMs(plannedRunMs: number): number {
    return Math.min(10_000, Math.max(1000, Math.round(plannedRunMs / 300)));
  },
  /**
   * Longest stretch of ticks one supervision span (activity superviseSpan) runs before it reports
   * back, when nothing needs a decision: how fresh the progress query's counters are. Runs up to
   * about 100 min report every tick; longer ones at most SPANS_PER_RUN times, and at least every 10
   * min. A span costs 6 history events, so a 24 h run writes about 600 x 6 events for supervision
   * (a week about 1,000 spans, a month about 4,300), under Temporal's 51,200-event limit.
   */
  checkpointMs(plannedRunMs: number): number {
    const tick = supervision.tickMs(plannedRunMs);
    return Math.max(tick, Math.min(10 * 60_000, Math.round(plannedRunMs / SPANS_PER_RUN)));
  },
  /** Extra time granted to clients past their planned run before they are stopped. */
  clientGraceMs: 60_000,
};

const SPANS_PER_RUN = 600;

/**
 * One supervision span: many ticks inside one activity that heartbeats every second (and after every
 * tick), so a dead worker is noticed within the heartbeat timeout and the span resumes elsewhere from
 * its heartbeat details (failure counts, the monitor's last good look). HEARTBEAT_TIMEOUT_MS for ticks
 * up to 2.5 s (runs planned up to about 12 min); longer ticks get two ticks, because where time is not
 * the wall clock's (the time-skipping test server) a span's beats come once per tick of server time.
 * Was max(20 s, 6 ticks).
 */
export function spanStep(tickMs: number, checkpointMs: number): ActivityOptions {
  return {
    startToCloseTimeout: checkpointMs + tickMs + 2 * 60_000,
    heartbeatTimeout: Math.max(HEARTBEAT_TIMEOUT_MS, 2 * tickMs),
    retry: { ...retry, maximumAttempts: 10 },
  };
}

/**
 * Teardown that could not stop everything (a process that survives SIGKILL, a backend that cannot be
 * reached) is tried again `rounds` times in all, `pauseMs` apart; what still runs after the last round
 * is named in the log and summary.json, the run ends completed_with_teardown_errors (when it had
 * completed), and the reaper removes it once it can be stopped.
 */
export const teardownRetry = { rounds: 3, pauseMs: 15_000 };
