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
  /** How often the workflow checks services and clients while load runs. */
  tickMs(plannedRunMs: number): number {
    return Math.min(10_000, Math.max(1000, Math.round(plannedRunMs / 300)));
  },
  /** Extra time granted to clients past their planned run before they are stopped. */
  clientGraceMs: 60_000,
};
