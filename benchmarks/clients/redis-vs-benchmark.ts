import type { RunningServer } from '../../test/helpers/servers/running-server';
import { ratePerSec, runClientProcess } from './processes';

export interface RedisComparison {
  oursOps: number;
  redisBenchmarkOps: number;
}

/** Our redis driver and redis-benchmark, same connections and pipeline depth, GETs over the same key space. */
export async function compareRedis(redis: RunningServer, connections: number, pipeline: number, durationMs: number): Promise<RedisComparison> {
  const target = { host: redis.host, port: redis.port };
  const executor = { type: 'closed-loop' as const, connections };
  const ours = await runClientProcess(
    { driver: { kind: 'redis', target, options: { command: 'get', pipeline, keySpace: 10_000, valueSize: 100, prefill: true } }, executor, durationMs },
    durationMs + 60_000,
  );
  const oursOps = ratePerSec(ours.result);
  // redis-benchmark ends by count: ask for about as many as ours did in the same time.
  const requests = Math.max(100_000, Math.round((oursOps * durationMs) / 1000));
  const rb = await runClientProcess(
    { driver: { kind: 'redis-benchmark', target, options: { tests: ['get'], pipeline, keySpace: 10_000, valueSize: 100 } }, executor, requests },
    durationMs * 10 + 60_000,
  );
  return { oursOps, redisBenchmarkOps: ratePerSec(rb.result) };
}
