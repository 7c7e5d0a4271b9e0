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

/** Named measurements beyond request latency, merged exactly across instances like latency is. */
export interface MeasurementSink {
  /** One value of a measurement declared by the driver (microseconds for 'us', 0..1 for 'ratio'). */
  record(name: string, value: number): void;
  /** Adds to a named count (output tokens, bytes), totalled and per second. */
  count(name: string, n: number): void;
  /**
   * A sink for one request, taken when it is issued: it records whatever the request reports later
   * exactly when the executor measures the request (`measured` as issue() got it; without it, whether
   * the measured window is open now).
   */
  forRequest(measured?: boolean): Pick<MeasurementSink, 'record' | 'count'>;
}

export interface DriverContext {
  measure: MeasurementSink;
  /** This instance's rank in its client group and the group's size (for splitting prepare work). */
  rank: number;
  instances: number;
  /** Where a driver may keep files of its own (datasets, ground truth), private to this instance. */
  workDir: string;
  /** Said in the result. */
  warn(message: string): void;
}

/** What a driver's prepare phase did, measured apart from the load. */
export interface PrepareReport {
  /** Milliseconds per named step, e.g. { load: 812, index: 4210 }. */
  phasesMs: Record<string, number>;
  /** Facts worth reporting (rows loaded, objects uploaded). */
  facts?: Record<string, number | string>;
}

export interface MeasurementInfo {
  unit: 'us' | 'ratio';
  description: string;
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
  /** `measured`: the executor counts this request (issued inside the measured window); drivers pass it to measure.forRequest. */
  issue(conn: number, done: RequestDone, measured?: boolean): void;
  close(): Promise<void>;
  /** Loads data or builds an index before the measured load (after connect); reported apart. */
  prepare?(): Promise<PrepareReport>;
}

export interface DriverFactory {
  readonly kind: string;
  readonly description: string;
  /** Strict schema of workload.clients[].options; composed into recipe validation and the JSON Schema. */
  readonly options: z.ZodType;
  /** Protocols it speaks; a target kind that speaks none of them draws a validate warning. */
  readonly protocols: string[];
  /** Measurements it records besides latency, by name. */
  readonly measurements?: Record<string, MeasurementInfo>;
  /** Counts it keeps (tokens, bytes), by name: description. */
  readonly counts?: Record<string, string>;
  create(target: DriverTarget, options: Record<string, unknown>, ctx: DriverContext): Driver;
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
