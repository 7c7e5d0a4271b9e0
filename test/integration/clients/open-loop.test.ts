import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeResults } from '../../../src/clients/results/merge';
import { parseClientSpec, runClient } from '../../../src/clients/runner';
import type { ClientSpecInput } from '../../../src/clients/spec';
import { startRedisServer } from '../../helpers/servers/redis-server';
import type { RunningServer } from '../../helpers/servers/running-server';
import { startStallingHttpServer, type StallingHttpServer } from '../../helpers/servers/stalling-http-server';

let redis: RunningServer;
let stalling: StallingHttpServer;
const dir = mkdtempSync(join(tmpdir(), 'bench-open-'));

beforeAll(async () => {
  redis = await startRedisServer();
  stalling = await startStallingHttpServer();
});
afterAll(async () => {
  await redis?.stop();
  await stalling?.stop();
});

const redisSpec = (executor: ClientSpecInput['executor'], extra: Partial<ClientSpecInput> = {}) =>
  parseClientSpec({
    experiment: 'it',
    instance: 'c0',
    driver: { kind: 'redis', target: { host: redis.host, port: redis.port } },
    executor,
    ...extra,
  });

const httpSpec = (executor: ClientSpecInput['executor'], extra: Partial<ClientSpecInput> = {}) =>
  parseClientSpec({
    experiment: 'it',
    instance: 'c0',
    driver: { kind: 'http', target: { host: stalling.host, port: stalling.port } },
    executor,
    ...extra,
  });

const rate = (r: { counters: { requests: number }; durationMs: number }) => (r.counters.requests * 1000) / r.durationMs;

// Tolerances are for a noisy shared 2-core box: these check correctness, not precision.
describe('open-loop executors', () => {
  it('constant-arrival-rate achieves its rate, says open loop, drops nothing', async () => {
    const r = await runClient(redisSpec({ type: 'constant-arrival-rate', rate: 500, connections: 4 }, { durationMs: 3000, warmupMs: 500 }), join(dir, 'c.json'));
    expect(r.loop).toBe('open');
    expect(r.counters.dropped).toBe(0);
    expect(r.counters.errors).toBe(0);
    expect(rate(r)).toBeGreaterThan(500 * 0.95);
    expect(rate(r)).toBeLessThan(500 * 1.05);
    // (A "fell behind" warning is possible on a busy machine; a rate warning is not.)
    expect(r.warnings.filter((w) => w.startsWith('target rate not met'))).toEqual([]);
  });

  it('poisson-arrival-rate achieves its mean rate', async () => {
    const r = await runClient(redisSpec({ type: 'poisson-arrival-rate', rate: 500 }, { durationMs: 3000 }), join(dir, 'p.json'));
    expect(rate(r)).toBeGreaterThan(500 * 0.85);
    expect(rate(r)).toBeLessThan(500 * 1.15);
  });

  it('ramping-arrival-rate follows its stages and ends with them', async () => {
    const started = Date.now();
    const r = await runClient(
      redisSpec({ type: 'ramping-arrival-rate', startRate: 0, stages: [{ duration: '2s', target: 400 }, { duration: '1s', target: 400 }] }),
      join(dir, 'ra.json'),
    );
    // 0→400/s over 2 s is 400 arrivals, then 400 more.
    expect(r.counters.requests).toBeGreaterThan(800 * 0.9);
    expect(r.counters.requests).toBeLessThan(800 * 1.1);
    expect(Date.now() - started).toBeLessThan(6000);
    const [first, , third] = r.series;
    expect(first.requests).toBeLessThan(third.requests);
  });

  it('a request count ends an open loop too', async () => {
    const r = await runClient(redisSpec({ type: 'constant-arrival-rate', rate: 1000 }, { requests: 300 }), join(dir, 'n.json'));
    expect(r.counters.requests).toBe(300);
    expect(r.durationMs).toBeGreaterThan(250);
    expect(r.durationMs).toBeLessThan(1000);
  });

  it('counts dropped iterations and warns when maxInFlight stops the rate being met', async () => {
    const run = runClient(httpSpec({ type: 'constant-arrival-rate', rate: 200, maxInFlight: 5, connections: 5 }, { durationMs: 1500 }), join(dir, 'd.json'));
    setTimeout(() => stalling.stallFor(800), 200);
    const r = await run;
    expect(r.counters.dropped).toBeGreaterThan(50);
    expect(r.warnings.join(' ')).toMatch(/target rate not met: \d+ iterations dropped/);
  });
});

describe('coordinated omission', () => {
  const STALL_MS = 1000;

  it('open loop: a 1 s stall shows up in the percentiles, measured from intended start times', async () => {
    const run = runClient(httpSpec({ type: 'constant-arrival-rate', rate: 200, connections: 8 }, { durationMs: 3000 }), join(dir, 'co-open.json'));
    setTimeout(() => stalling.stallFor(STALL_MS), 1000);
    const m = mergeResults([await run]);
    // Arrivals during the stall wait (stall end − intended start): uniform over 0..1 s, a third of the run.
    // So ~10 % of requests wait > 700 ms and ~1 % wait > 970 ms.
    expect(m.latencyUs.p90).toBeGreaterThan(500_000);
    expect(m.latencyUs.p99).toBeGreaterThan(850_000);
    expect(m.latencyUs.max).toBeGreaterThan(900_000);
    expect(m.latencyUs.max).toBeLessThan(1_500_000);
    expect(m.latencyUs.p50).toBeLessThan(50_000);
  });

  it('closed loop over the same stall shows how the omission hides it (few slow samples)', async () => {
    const run = runClient(httpSpec({ type: 'closed-loop', connections: 2 }, { durationMs: 3000 }), join(dir, 'co-closed.json'));
    setTimeout(() => stalling.stallFor(STALL_MS), 1000);
    const r = await run;
    const m = mergeResults([r]);
    expect(r.loop).toBe('closed');
    expect(m.latencyUs.max).toBeGreaterThan(900_000);
    expect(m.latencyUs.p90).toBeLessThan(50_000);
  });
});

describe('ramping-users', () => {
  it('is a closed loop whose users follow the stages and which ends with them', async () => {
    const started = Date.now();
    const r = await runClient(
      redisSpec({
        type: 'ramping-users',
        startUsers: 1,
        thinkTime: '10ms',
        stages: [{ duration: '1s', target: 1 }, { duration: 0, target: 8 }, { duration: '1s', target: 8 }],
      }),
      join(dir, 'ru.json'),
    );
    expect(r.loop).toBe('closed');
    expect(r.executor).toBe('ramping-users');
    // With 10 ms think time a user makes < 100 requests/s: 1 user, then a step to 8.
    expect(r.series[0].requests).toBeLessThan(120);
    expect(r.series[1].requests).toBeGreaterThan(400);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
