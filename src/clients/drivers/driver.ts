import type { z } from 'zod';

/**
 * Called once per request: `null` when it succeeded, otherwise a short error type (the errorsByType
 * key). `atMs`: performance.now() when the reply was read, from drivers that stamp each read once
 * for all the replies in it (one clock read per read, not per request).
 */
export type RequestDone = (error: string | null, atMs?: number) => void;

export interface DriverTarget {
  host: string;
  port: number;
}

/**
 * One request against one endpoint; the executor owns timing. Callback-based because this is
 * the hot path: a promise per request costs measurable throughput.
 */
export interface Driver {
  readonly kind: string;
  /** Requests the driver keeps outstanding per connection; a closed loop runs connections × pipeline users. */
  readonly pipeline: number;
  connect(connections: number): Promise<void>;
  /** Starts one request on connection `conn % connections`; `done` is called exactly once. */
  issue(conn: number, done: RequestDone): void;
  close(): Promise<void>;
}

export interface DriverFactory {
  readonly kind: string;
  create(target: DriverTarget, options: Record<string, unknown>): Driver;
}

export class DriverOptionsError extends Error {
  override name = 'DriverOptionsError';
}

/** Validates `driver.options` for one driver kind; the error names every bad field. */
export function parseDriverOptions<S extends z.ZodType>(kind: string, schema: S, options: unknown): z.output<S> {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const field = ['driver', 'options', ...i.path.map(String)].join('.');
    return `${field}: ${i.message}`;
  });
  throw new DriverOptionsError(`${kind} driver options are invalid:\n  ${problems.join('\n  ')}`);
}
