import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeResults } from '../../../src/clients/results/merge';
import type { ClientProgress } from '../../../src/clients/results/result-file';
import { readResultFile } from '../../../src/clients/results/result-reader';
import { parseClientSpec, runClient } from '../../../src/clients/runner';
import type { ClientSpecInput } from '../../../src/clients/spec';
import { redisInfoField } from '../../helpers/servers/redis-info';
import { startRedisServer, type RunningServer } from '../../helpers/servers/redis-server';
import { tcpExchange, waitUntil } from '../../helpers/servers/wait-until';

let redis: RunningServer;
let dir: string;

beforeAll(async () => {
  redis = await startRedisServer();
  dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
});
afterAll(async () => {
  await redis?.stop();
});

function spec(overrides: Partial<ClientSpecInput> = {}, options: Record<string, unknown> = {}) {
  return parseClientSpec({
    experiment: 'it',
    instance: 'c0',
    driver: { kind: 'redis', target: { host: redis.host, port: redis.port }, options },
    executor: { type: 'closed-loop', connections: 4 },
    durationMs: 1500,
    ...overrides,
  });
}

describe('closed loop + redis driver against redis-server', () => {
  it('measures ordered percentiles, a per-second series and writes the result file', async () => {
    const out = join(dir, 'basic.json');
    const result = await runClient(spec({}, { command: 'mixed', readRatio: 0.5, valueSize: 64, pipeline: 4 }), out);
    expect(result.loop).toBe('closed');
    expect(result.executor).toBe('closed-loop');
    expect(result.counters.requests).toBeGreaterThan(1000);
    expect(result.counters.errors).toBe(0);
    expect(result.durationMs).toBeGreaterThanOrEqual(1400);
    expect(result.durationMs).toBeLessThanOrEqual(1600);
    const m = mergeResults([readResultFile(out)]);
    expect(m.requests).toBe(result.counters.requests);
    expect(m.latencyUs.p50).toBeGreaterThan(0);
    expect(m.latencyUs.p50).toBeLessThanOrEqual(m.latencyUs.p90);
    expect(m.latencyUs.p90).toBeLessThanOrEqual(m.latencyUs.p99);
    expect(m.latencyUs.p99).toBeLessThanOrEqual(m.latencyUs.p999);
    expect(m.latencyUs.p999).toBeLessThanOrEqual(m.latencyUs.max);
    expect(result.series.length).toBeGreaterThanOrEqual(1);
    expect(result.series.reduce((n, s) => n + s.requests, 0)).toBe(result.counters.requests);
  });

  it('excludes warm-up: the server saw far more commands than the result counts', async () => {
    const before = await redisInfoField(redis.host, redis.port, 'total_commands_processed');
    const result = await runClient(spec({ warmupMs: 1000, durationMs: 1000 }), join(dir, 'warmup.json'));
    const served = (await redisInfoField(redis.host, redis.port, 'total_commands_processed')) - before;
    // Half the run is warm-up: the measured share must be well under all commands served.
    expect(result.counters.requests).toBeGreaterThan(0);
    expect(result.counters.requests).toBeLessThan(served * 0.75);
    const measureStart = Date.parse(result.startedAt) + 1000;
    expect(result.series[0].t).toBeGreaterThanOrEqual(measureStart - 50);
  });

  it('ends at the request count', async () => {
    const result = await runClient(spec({ durationMs: undefined, requests: 5000 }, { command: 'set' }), join(dir, 'count.json'));
    expect(result.counters.requests).toBe(5000);
  });

  it('rewrites the progress file while running and marks it done', async () => {
    const progressFile = join(dir, 'progress.json');
    const run = runClient(spec({ durationMs: 2500, progressFile }), join(dir, 'progress-result.json'));
    await waitUntil('a measuring progress file', async () => {
      if (!existsSync(progressFile)) return false;
      const p = JSON.parse(readFileSync(progressFile, 'utf8')) as ClientProgress;
      return p.phase === 'measuring' && p.requests > 0 && p.opsPerSec > 0;
    });
    await run;
    const done = JSON.parse(readFileSync(progressFile, 'utf8')) as ClientProgress;
    expect(done).toMatchObject({ instance: 'c0', phase: 'done' });
  });

  it('on abort stops promptly and still writes the partial result', async () => {
    const out = join(dir, 'aborted.json');
    const controller = new AbortController();
    const started = Date.now();
    const run = runClient(spec({ durationMs: 60_000 }), out, { signal: controller.signal });
    setTimeout(() => controller.abort(), 700);
    const result = await run;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.counters.requests).toBeGreaterThan(0);
    expect(result.durationMs).toBeLessThan(5000);
    expect(result.warnings.join(' ')).toMatch(/aborted .* partial result/);
    expect(readResultFile(out).counters.requests).toBe(result.counters.requests);
  });

  it('counts errors by type when the server rejects a command', async () => {
    // A list under the only key makes every GET fail with WRONGTYPE.
    expect(await tcpExchange(redis.host, redis.port, 'RPUSH wrongtype:0 x\r\n', /^:\d+\r\n/)).toBe(true);
    const result = await runClient(spec({ durationMs: 500 }, { keyPrefix: 'wrongtype:', keySpace: 1 }), join(dir, 'wrongtype.json'));
    expect(result.counters.errors).toBeGreaterThan(0);
    expect(result.counters.ok).toBe(0);
    expect(result.errors).toEqual({ redis_WRONGTYPE: result.counters.errors });
  });
});
