import type { Driver } from './drivers/driver';

/**
 * Connects, retrying while the target is briefly away (a service restarting or being rescheduled
 * when the client starts) instead of failing the instance on the first refusal.
 */
export async function connectWithRetry(driver: Driver, connections: number, timeoutMs = 30_000, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      await driver.connect(connections);
      return;
    } catch (e) {
      await driver.close().catch(() => undefined);
      if (Date.now() + delay > deadline || signal?.aborted) throw e;
      process.stderr.write(`bench client: ${(e as Error).message}; retrying for up to ${Math.round((deadline - Date.now()) / 1000)} s\n`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
