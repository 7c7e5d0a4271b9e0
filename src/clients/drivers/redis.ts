import { z } from 'zod';
import { parseDriverOptions, type Driver, type DriverFactory, type DriverTarget, type RequestDone } from './driver';
import { RedisConnection } from './redis-connection';
import { latin1Command } from './resp';

export const redisOptionsSchema = z.strictObject({
  command: z.enum(['get', 'set', 'mixed']).default('get'),
  /** Share of GETs when command is mixed. */
  readRatio: z.number().min(0).max(1).default(0.9),
  keySpace: z.number().int().positive().default(10_000),
  keyPrefix: z.string().default('bench:'),
  valueSize: z.number().int().nonnegative().default(100),
  /** Requests in flight per connection; above 1, sent in batches like redis-benchmark -P. */
  pipeline: z.number().int().positive().default(1),
  /** SET every key once before the run, so GETs hit. */
  prefill: z.boolean().default(false),
  password: z.string().optional(),
  db: z.number().int().nonnegative().default(0),
});
export type RedisOptions = z.output<typeof redisOptionsSchema>;

/** Encoded commands kept for reuse when they fit in this many bytes (the common, small key space). */
const PRECOMPUTED_BYTES_MAX = 32 * 1024 * 1024;

class RedisDriver implements Driver {
  readonly kind = 'redis';
  readonly pipeline: number;
  private conns: RedisConnection[] = [];
  private readonly readRatio: number;
  private readonly value: string;
  // Requests write these shared, pre-encoded commands as they are: encoding per request was most of the client's CPU.
  private readonly gets: string[] | null = null;
  private readonly sets: string[] | null = null;

  constructor(
    private readonly target: DriverTarget,
    private readonly o: RedisOptions,
  ) {
    this.pipeline = o.pipeline;
    this.value = 'x'.repeat(o.valueSize);
    this.readRatio = o.command === 'get' ? 1 : o.command === 'set' ? 0 : o.readRatio;
    const perKey = (this.readRatio > 0 ? 40 + o.keyPrefix.length : 0) + (this.readRatio < 1 ? 60 + o.keyPrefix.length + o.valueSize : 0);
    if (perKey * o.keySpace <= PRECOMPUTED_BYTES_MAX) {
      if (this.readRatio > 0) this.gets = Array.from({ length: o.keySpace }, (_, i) => this.get(i));
      if (this.readRatio < 1) this.sets = Array.from({ length: o.keySpace }, (_, i) => this.set(i));
    }
  }

  private get(i: number): string {
    return latin1Command(['GET', this.o.keyPrefix + i]);
  }

  private set(i: number): string {
    return latin1Command(['SET', this.o.keyPrefix + i, this.value]);
  }

  async connect(connections: number): Promise<void> {
    const pre: string[] = [];
    if (this.o.password !== undefined) pre.push(latin1Command(['AUTH', this.o.password]));
    if (this.o.db !== 0) pre.push(latin1Command(['SELECT', String(this.o.db)]));
    this.conns = Array.from({ length: connections }, () => new RedisConnection(this.target.host, this.target.port, pre, this.o.pipeline > 1));
    await Promise.all(this.conns.map((c) => c.open()));
    if (this.o.prefill) await this.prefill();
  }

  issue(conn: number, done: RequestDone): void {
    const k = (Math.random() * this.o.keySpace) | 0;
    const isRead = this.readRatio === 1 || (this.readRatio > 0 && Math.random() < this.readRatio);
    const cmd = isRead ? (this.gets ? this.gets[k] : this.get(k)) : this.sets ? this.sets[k] : this.set(k);
    this.conns[conn % this.conns.length].send(cmd, done);
  }

  private async prefill(): Promise<void> {
    const conn = this.conns[0];
    const batch = 1000;
    for (let from = 0; from < this.o.keySpace; from += batch) {
      const to = Math.min(this.o.keySpace, from + batch);
      await Promise.all(
        Array.from({ length: to - from }, (_, j) =>
          new Promise<void>((resolve, reject) => conn.send(this.set(from + j), (e) => (e ? reject(new Error(`redis prefill: ${e}`)) : resolve()))),
        ),
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.conns.map((c) => c.close()));
  }
}

export const redisDriver: DriverFactory = {
  kind: 'redis',
  description: 'GET/SET/mixed over RESP with pipelining',
  options: redisOptionsSchema,
  protocols: ['redis'],
  create: (target, options) => new RedisDriver(target, parseDriverOptions('redis', redisOptionsSchema, options)),
};
