import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeResults } from '../../../src/clients/results/merge';
import { readResultFile } from '../../../src/clients/results/result-reader';
import { parseClientSpec, runClient } from '../../../src/clients/runner';
import { startNginx } from '../../helpers/servers/nginx';
import { startPostgresql } from '../../helpers/servers/postgresql';
import { startRedisServer } from '../../helpers/servers/redis-server';
import type { RunningServer } from '../../helpers/servers/running-server';

const dir = mkdtempSync(join(tmpdir(), 'bench-ext-'));
const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

const spec = (kind: string, target: RunningServer | { host: string; port: number }, options: Record<string, unknown>, extra: Record<string, unknown>) =>
  parseClientSpec({
    experiment: 'it',
    instance: kind,
    driver: { kind, target: { host: target.host, port: target.port }, options },
    executor: { type: 'closed-loop', connections: 4 },
    ...extra,
  });

function expectSane(out: string, minRequests: number) {
  const r = readResultFile(out);
  const m = mergeResults([r]);
  expect(r.loop).toBe('closed');
  expect(r.counters.ok).toBeGreaterThanOrEqual(minRequests);
  expect(m.latencyUs.p50).toBeGreaterThan(0);
  expect(m.latencyUs.p50).toBeLessThanOrEqual(m.latencyUs.p99);
  expect(m.latencyUs.p99).toBeLessThanOrEqual(m.latencyUs.max);
  expect(m.opsPerSec).toBeGreaterThan(0);
  return r;
}

describe('external tools as drivers', () => {
  it('wrk against nginx', async () => {
    const nginx = await startNginx();
    servers.push(nginx);
    const out = join(dir, 'wrk.json');
    await runClient(spec('wrk', nginx, { path: '/' }, { durationMs: 1000 }), out);
    const r = expectSane(out, 1000);
    expect(r.counters.errors).toBe(0);
    expect(r.durationMs).toBeGreaterThan(900);
  });

  it('wrk counts error statuses', async () => {
    const out = join(dir, 'wrk404.json');
    const r = await runClient(spec('wrk', servers[0], { path: '/status/404' }, { durationMs: 1000 }), out);
    expect(r.counters.ok).toBe(0);
    expect(r.errors.http_non_2xx_3xx).toBeGreaterThan(100);
  });

  it('redis-benchmark against redis-server, with its histogram adding up to its count', async () => {
    const redis = await startRedisServer();
    servers.push(redis);
    const out = join(dir, 'rb.json');
    const r = await runClient(spec('redis-benchmark', redis, { tests: ['set', 'get'], pipeline: 4 }, { requests: 20_000 }), out);
    expectSane(out, 40_000);
    expect(r.counters.requests).toBe(40_000);
  });

  it('pgbench against PostgreSQL, with an exact histogram from its transaction log', async () => {
    const pg = await startPostgresql();
    servers.push(pg);
    const out = join(dir, 'pgbench.json');
    const r = await runClient(spec('pgbench', pg, { scale: 1 }, { requests: 400 }), out);
    expectSane(out, 400);
    expect(r.counters.requests).toBe(400);
  });

  it('fio on a local file', async () => {
    const out = join(dir, 'fio.json');
    await runClient(spec('fio', { host: 'localhost', port: 0 }, { filename: join(dir, 'fio.dat'), size: '8m' }, { durationMs: 1000, executor: { type: 'closed-loop', connections: 1 } }), out);
    expectSane(out, 100);
  });

  it('asks for what a tool needs to end', async () => {
    await expect(runClient(spec('redis-benchmark', servers[1] ?? { host: '127.0.0.1', port: 1 }, {}, { durationMs: 1000 }), join(dir, 'x.json'))).rejects.toThrow(
      /requests: redis-benchmark ends by request count; set requests/,
    );
  });
});
