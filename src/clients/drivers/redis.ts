import { z } from 'zod';
import { parseDriverOptions, type Driver, type DriverFactory, type DriverTarget, type RequestDone } from './driver';
import { RedisConnection } from './redis-connection';
import { encodeCommand } from './resp';

export const redisOptionsSchema = z.strictObject({
  command: z.enum(['get', 'set', 'mixed']).default('get'),
  /** Share of GETs when command is mixed. */
  readRatio: z.number().min(0).max(1).default(0.9),
  keySpace: z.number().int().positive().default(10_000),
  keyPrefix: z.string().default('bench:'),
  valueSize: z.number().int().nonnegative().default(100),
  /** Requests in flight per connection (like redis-benchmark -P). */
  pipeline: z.number().int().positive().default(1),
  /** SET every key once before the run, so GETs hit. */
  prefill: z.boolean().default(false),
  password: z.string().optional(),
  db: z.number().int().nonnegative().default(0),
});
export type RedisOptions = z.output<typeof redisOptionsSchema>;

class RedisDriver implements Driver {
  readonly kind = 'redis';
  readonly pipeline: number;
  private conns: RedisConnection[] = [];
  private readonly getPrefix: string;
  private readonly setPrefix: string;
  private readonly setSuffix: string;
  private readonly readRatio: number;

  constructor(
    private readonly target: DriverTarget,
    private readonly o: RedisOptions,
  ) {
    this.pipeline = o.pipeline;
    const value = 'x'.repeat(o.valueSize);
    // Commands are assembled from pre-encoded parts: only the key varies per request.
    this.getPrefix = '*2\r\n$3\r\nGET\r\n';
    this.setPrefix = '*3\r\n$3\r\nSET\r\n';
    this.setSuffix = `$${o.valueSize}\r\n${value}\r\n`;
    this.readRatio = o.command === 'get' ? 1 : o.command === 'set' ? 0 : o.readRatio;
  }

  async connect(connections: number): Promise<void> {
    let preamble = '';
    if (this.o.password !== undefined) preamble += encodeCommand(['AUTH', this.o.password]);
    if (this.o.db !== 0) preamble += encodeCommand(['SELECT', String(this.o.db)]);
    this.conns = Array.from({ length: connections }, () => new RedisConnection(this.target.host, this.target.port, preamble));
    await Promise.all(this.conns.map((c) => c.open()));
    if (this.o.prefill) await this.prefill();
  }

  private key(i: number): string {
    const k = this.o.keyPrefix + i;
    return `$${Buffer.byteLength(k)}\r\n${k}\r\n`;
  }

  issue(conn: number, done: RequestDone): void {
    const key = this.key((Math.random() * this.o.keySpace) | 0);
    const isRead = this.readRatio === 1 || (this.readRatio > 0 && Math.random() < this.readRatio);
    const cmd = isRead ? this.getPrefix + key : this.setPrefix + key + this.setSuffix;
    this.conns[conn % this.conns.length].send(cmd, done);
  }

  private async prefill(): Promise<void> {
    const conn = this.conns[0];
    const batch = 1000;
    for (let from = 0; from < this.o.keySpace; from += batch) {
      const to = Math.min(this.o.keySpace, from + batch);
      await Promise.all(
        Array.from({ length: to - from }, (_, j) =>
          new Promise<void>((resolve, reject) =>
            conn.send(this.setPrefix + this.key(from + j) + this.setSuffix, (e) => (e ? reject(new Error(`redis prefill: ${e}`)) : resolve())),
          ),
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
  create: (target, options) => new RedisDriver(target, parseDriverOptions('redis', redisOptionsSchema, options)),
};
