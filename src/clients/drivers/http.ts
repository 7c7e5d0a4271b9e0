import { Client, type Dispatcher } from 'undici';
import { z } from 'zod';
import { parseDriverOptions, type Driver, type DriverFactory, type DriverTarget, type RequestDone } from './driver';

export const httpOptionsSchema = z.strictObject({
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  /** Path and query, e.g. /api/items?id=1. */
  path: z.string().startsWith('/', { message: 'path must start with "/", e.g. "/" or "/api/items"' }).default('/'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  /** false: a new connection per request (Connection: close). */
  keepAlive: z.boolean().default(true),
  /** HTTP/1.1 requests in flight per connection. */
  pipelining: z.number().int().positive().default(1),
  /** Statuses at or above this count as errors (`http_<status>`). */
  errorStatusFrom: z.number().int().min(100).max(600).default(400),
  timeoutMs: z.number().int().positive().default(30_000),
});
export type HttpOptions = z.output<typeof httpOptionsSchema>;

/** One undici Client per connection, so `conn` maps to a socket and pipelining applies per socket. */
class HttpDriver implements Driver {
  readonly kind = 'http';
  readonly pipeline: number;
  private clients: Client[] = [];
  private inFlight: number[] = [];
  private readonly origin: string;
  private readonly request: Dispatcher.DispatchOptions;

  constructor(target: DriverTarget, private readonly o: HttpOptions) {
    this.pipeline = o.pipelining;
    this.origin = `http://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
    this.request = {
      origin: this.origin,
      method: o.method,
      path: o.path,
      headers: o.keepAlive ? o.headers : { ...o.headers, connection: 'close' },
      body: o.body,
      reset: !o.keepAlive,
    };
  }

  async connect(connections: number): Promise<void> {
    const timeout = this.o.timeoutMs;
    this.inFlight = new Array(connections).fill(0);
    this.clients = Array.from(
      { length: connections },
      () => new Client(this.origin, { pipelining: this.o.pipelining, headersTimeout: timeout, bodyTimeout: timeout, connectTimeout: timeout }),
    );
    // Fail fast with a clear message when nothing listens, instead of a run full of errors.
    await new Promise<void>((resolve, reject) =>
      this.issue(0, (e) => (e && !e.startsWith('http_') ? reject(new Error(`http ${this.origin}${this.o.path}: ${e}`)) : resolve())),
    );
  }

  /**
   * `conn` unless it already carries `pipelining` requests: then the next connection with room,
   * so one slow reply does not hold up requests queued behind it on the same socket (open loop).
   */
  private pick(conn: number): number {
    const n = this.clients.length;
    let c = conn % n;
    if (this.inFlight[c] < this.pipeline) return c;
    for (let i = 1; i < n; i++) {
      const next = (c + i) % n;
      if (this.inFlight[next] < this.pipeline) return next;
    }
    return c;
  }

  issue(conn: number, done: RequestDone): void {
    const errorFrom = this.o.errorStatusFrom;
    let status = 0;
    const c = this.pick(conn);
    const inFlight = this.inFlight;
    inFlight[c]++;
    this.clients[c].dispatch(this.request, {
      onRequestStart() {},
      onResponseStart(_c, statusCode) {
        status = statusCode;
      },
      onResponseData() {},
      onResponseEnd() {
        inFlight[c]--;
        done(status >= errorFrom ? `http_${status}` : null);
      },
      onResponseError(_c, err) {
        inFlight[c]--;
        done((err as NodeJS.ErrnoException).code ?? err.name ?? 'http_error');
      },
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.destroy()));
  }
}

export const httpDriver: DriverFactory = {
  kind: 'http',
  create: (target, options) => new HttpDriver(target, parseDriverOptions('http', httpOptionsSchema, options)),
};
