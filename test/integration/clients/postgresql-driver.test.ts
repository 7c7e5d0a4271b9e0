import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { parseClientSpec, runClient } from '../../../src/clients/runner';
import { startPostgresql } from '../../helpers/servers/postgresql';
import type { RunningServer } from '../../helpers/servers/running-server';

let pg: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'bench-pg-run-'));

beforeAll(async () => {
  pg = await startPostgresql();
});
afterAll(async () => {
  await pg?.stop();
});

const spec = (options: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseClientSpec({
    experiment: 'it',
    instance: 'c0',
    driver: { kind: 'postgresql', target: { host: pg.host, port: pg.port }, options },
    executor: { type: 'closed-loop', connections: 4 },
    durationMs: 1000,
    ...extra,
  });

async function scalar(sql: string): Promise<number> {
  const c = new Client({ host: pg.host, port: pg.port, user: 'postgres', database: 'postgres' });
  await c.connect();
  try {
    return Number((await c.query(sql)).rows[0].n);
  } finally {
    await c.end();
  }
}

describe('postgresql driver', () => {
  it('runs custom SQL with literal and random parameters', async () => {
    const r = await runClient(spec({ sql: 'SELECT $1::int + $2::int AS n', params: [1, { randomInt: [1, 100] }] }), join(dir, 'sql.json'));
    expect(r.counters.errors).toBe(0);
    expect(r.counters.requests).toBeGreaterThan(100);
  });

  it('reports SQL errors by SQLSTATE', async () => {
    const r = await runClient(spec({ sql: 'SELECT * FROM no_such_table' }, { durationMs: 300 }), join(dir, 'err.json'));
    expect(r.counters.ok).toBe(0);
    expect(r.errors).toEqual({ pg_42P01: r.counters.errors });
  });

  it('TPC-B mix: initialises its tables and commits one history row per transaction', async () => {
    const r = await runClient(spec({ mode: 'tpcb', scale: 1 }, { durationMs: undefined, requests: 400 }), join(dir, 'tpcb.json'));
    expect(r.counters.ok).toBe(400);
    expect(await scalar('SELECT count(*) AS n FROM pgbench_history')).toBe(400);
    expect(await scalar('SELECT count(*) AS n FROM pgbench_accounts')).toBe(100_000);
    // Balances move together: every delta went to an account, a teller and a branch.
    expect(await scalar('SELECT (SELECT sum(abalance) FROM pgbench_accounts) - (SELECT sum(bbalance) FROM pgbench_branches) AS n')).toBe(0);
  });

  it('names a missing sql option', async () => {
    await expect(runClient(spec({}), join(dir, 'x.json'))).rejects.toThrow(/driver\.options\.sql: mode "sql" needs the statement/);
  });
});
