import { Client } from 'pg';
import { z } from 'zod';
import { parseDriverOptions, type Driver, type DriverFactory, type DriverTarget, type RequestDone } from './driver';
import { initTpcb, tpcbTablesExist, tpcbTransaction } from './pgbench-tpcb';

/** A query parameter: a literal, or a fresh random integer in [min, max] per request. */
const param = z.union([z.string(), z.number(), z.boolean(), z.null(), z.strictObject({ randomInt: z.tuple([z.number().int(), z.number().int()]) })]);

export const postgresqlOptionsSchema = z
  .strictObject({
    mode: z.enum(['sql', 'tpcb']).default('sql'),
    /** mode sql: the statement, with $1.. placeholders for `params`. */
    sql: z.string().optional(),
    params: z.array(param).default([]),
    /** mode tpcb: pgbench scale (100 000 accounts per unit). */
    scale: z.number().int().positive().default(1),
    /** mode tpcb: create the tables when missing, always, or never. */
    init: z.enum(['if-missing', 'always', 'never']).default('if-missing'),
    database: z.string().default('postgres'),
    user: z.string().default('postgres'),
    password: z.string().optional(),
  })
  .superRefine((o, ctx) => {
    if (o.mode === 'sql' && !o.sql) {
      ctx.addIssue({ code: 'custom', path: ['sql'], message: 'mode "sql" needs the statement to run, e.g. sql: "SELECT $1::int", params: [1]' });
    }
  });
export type PostgresqlOptions = z.output<typeof postgresqlOptionsSchema>;

/** A pg Client per connection; pg queues queries per client, so `pipeline` is 1. */
class PostgresqlDriver implements Driver {
  readonly kind = 'postgresql';
  readonly pipeline = 1;
  private clients: Client[] = [];

  constructor(
    private readonly target: DriverTarget,
    private readonly o: PostgresqlOptions,
  ) {}

  async connect(connections: number): Promise<void> {
    const { host, port } = this.target;
    this.clients = Array.from({ length: connections }, () => new Client({ host, port, database: this.o.database, user: this.o.user, password: this.o.password }));
    try {
      await Promise.all(this.clients.map((c) => c.connect()));
    } catch (err) {
      await this.close();
      throw new Error(`postgresql ${host}:${port}/${this.o.database} as ${this.o.user}: ${(err as Error).message}`);
    }
    for (const c of this.clients) c.on('error', () => undefined); // surfaced per query instead
    if (this.o.mode === 'tpcb' && (this.o.init === 'always' || (this.o.init === 'if-missing' && !(await tpcbTablesExist(this.clients[0]))))) {
      await initTpcb(this.clients[0], this.o.scale);
    }
  }

  issue(conn: number, done: RequestDone): void {
    const client = this.clients[conn % this.clients.length];
    const query = this.o.mode === 'tpcb' ? client.query(tpcbTransaction(this.o.scale)) : client.query(this.o.sql as string, this.params());
    query.then(
      () => done(null),
      (err: Error & { code?: string }) => done(err.code ? `pg_${err.code}` : 'pg_error'),
    );
  }

  private params(): unknown[] {
    return this.o.params.map((p) =>
      p !== null && typeof p === 'object' ? p.randomInt[0] + Math.floor(Math.random() * (p.randomInt[1] - p.randomInt[0] + 1)) : p,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
  }
}

export const postgresqlDriver: DriverFactory = {
  kind: 'postgresql',
  description: 'SQL statements or the TPC-B mix over the PostgreSQL protocol (pg)',
  options: postgresqlOptionsSchema,
  protocols: ['postgresql'],
  create: (target, options) => new PostgresqlDriver(target, parseDriverOptions('postgresql', postgresqlOptionsSchema, options)),
};
