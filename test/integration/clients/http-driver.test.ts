import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeResults } from '../../../src/clients/results/merge';
import { parseClientSpec, runClient } from '../../../src/clients/runner';
import { startNginx } from '../../helpers/servers/nginx';
import type { RunningServer } from '../../helpers/servers/running-server';
import { startStallingHttpServer, type StallingHttpServer } from '../../helpers/servers/stalling-http-server';

let nginx: RunningServer;
let counting: StallingHttpServer;
const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));

beforeAll(async () => {
  nginx = await startNginx();
  counting = await startStallingHttpServer();
});
afterAll(async () => {
  await nginx?.stop();
  await counting?.stop();
});

const spec = (server: RunningServer, options: Record<string, unknown>, durationMs = 1000, connections = 4) =>
  parseClientSpec({
    experiment: 'it',
    instance: 'c0',
    driver: { kind: 'http', target: { host: server.host, port: server.port }, options },
    executor: { type: 'closed-loop', connections },
    durationMs,
  });

describe('http driver against nginx', () => {
  it('GETs with keep-alive: ordered percentiles, no errors', async () => {
    const r = await runClient(spec(nginx, {}), join(dir, 'get.json'));
    const m = mergeResults([r]);
    expect(r.driver).toBe('http');
    expect(r.counters.requests).toBeGreaterThan(500);
    expect(r.counters.errors).toBe(0);
    expect(m.latencyUs.p50).toBeGreaterThan(0);
    expect(m.latencyUs.p50).toBeLessThanOrEqual(m.latencyUs.p99);
  });

  it('pipelines several requests per connection', async () => {
    const r = await runClient(spec(nginx, { pipelining: 8 }, 1000, 2), join(dir, 'pipe.json'));
    expect(r.counters.errors).toBe(0);
    expect(r.counters.requests).toBeGreaterThan(500);
  });

  it('counts error statuses by type', async () => {
    const r = await runClient(spec(nginx, { path: '/status/503' }, 500), join(dir, 'status.json'));
    expect(r.counters.ok).toBe(0);
    expect(r.errors).toEqual({ http_503: r.counters.errors });
  });

  it('POSTs a body with headers, and without keep-alive opens a connection per request', async () => {
    const r = await runClient(
      spec(nginx, { method: 'POST', path: '/echo', body: '{"a":1}', headers: { 'content-type': 'application/json' }, keepAlive: false }, 500, 2),
      join(dir, 'post.json'),
    );
    expect(r.counters.errors).toBe(0);
    expect(r.counters.requests).toBeGreaterThan(50);
  });

  it('sends exactly the requests it counts', async () => {
    const before = counting.served();
    const r = await runClient({ ...spec(counting, {}), durationMs: undefined, requests: 777 }, join(dir, 'count.json'));
    expect(counting.served() - before).toBe(777);
    expect(r.counters.ok).toBe(777);
  });

  it('fails with the URL when nothing listens', async () => {
    const dead = { host: '127.0.0.1', port: 1, pid: 0, stop: async () => undefined };
    await expect(runClient(spec(dead, {}), join(dir, 'dead.json'))).rejects.toThrow(/http http:\/\/127\.0\.0\.1:1\/: ECONNREFUSED/);
  });
});
