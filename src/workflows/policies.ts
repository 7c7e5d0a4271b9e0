/**
 * The failure table in one place: activity timeouts and retry policies, and the supervision rules the
 * experiment workflow applies. Recipes override the numbers (service restart, health check); the rest
 * are defaults chosen here.
 */
import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';

/** Failures that can never succeed on retry: Temporal must not retry them. */
export const NON_RETRYABLE = ['InvalidRecipe', 'AuthenticationFailed', 'QuotaExceeded', 'UnknownServiceKind', 'BadLaunchSpec'];

const retry: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: NON_RETRYABLE };

/** Short, idempotent steps: folder preparation, launches, one supervision tick. */
export const quickStep: ActivityOptions = { startToCloseTimeout: '2m', retry: { ...retry, maximumAttempts: 10 } };

/** One supervision look: a few probes. Short, so a tick lost with a dead worker is retried within seconds. */
export const tickStep: ActivityOptions = { startToCloseTimeout: '20s', retry: { ...retry, maximumAttempts: 5 } };

/** Waits that can outlast a worker: they heartbeat, so a dead worker is noticed within the heartbeat timeout. */
export function longWait(timeoutMs: number): ActivityOptions {
  return { startToCloseTimeout: timeoutMs + 60_000, heartbeatTimeout: '15s', retry: { ...retry, maximumAttempts: 20 } };
}

/** Result collection reads and merges files; bounded but may be slow on large runs. */
export const collectStep: ActivityOptions = { startToCloseTimeout: '10m', heartbeatTimeout: '30s', retry: { ...retry, maximumAttempts: 5 } };

/** Teardown must eventually succeed: many attempts, and it runs even when the workflow is cancelled. */
export const teardownStep: ActivityOptions = { startToCloseTimeout: '5m', heartbeatTimeout: '20s', retry: { ...retry, maximumAttempts: 30 } };

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
 * One supervision span: many ticks inside one activity that heartbeats every tick, so a dead worker
 * is noticed within the heartbeat timeout and the span resumes elsewhere from its heartbeat details
 * (failure counts, the monitor's last good look). The timeout allows a slow tick (probes over ssh)
 * a few ticks of slack.
 */
export function spanStep(tickMs: number, checkpointMs: number): ActivityOptions {
  return {
    startToCloseTimeout: checkpointMs + tickMs + 2 * 60_000,
    heartbeatTimeout: Math.max(20_000, 6 * tickMs),
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
