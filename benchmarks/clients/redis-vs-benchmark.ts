import type { RunningServer } from '../../test/helpers/servers/running-server';
import { WARMUP_MS, type ToolRate } from './http-vs-tools';
import { ratePerSec, runClientProcess } from './processes';

export interface RedisComparison {
  ours: ToolRate;
  redisBenchmark: ToolRate;
}

const best = (a: ToolRate | undefined, b: ToolRate): ToolRate => (!a || b.rps > a.rps ? b : a);
const perCpu = (rps: number, cpuPct: number) => rps / Math.max(0.01, cpuPct / 100);

/**
 * Our redis driver and redis-benchmark, same connections and pipeline depth, GETs over the same
 * key space, alternated over `rounds`, best of each kept.
 */
export async function compareRedis(redis: RunningServer, connections: number, pipeline: number, durationMs: number, rounds: number): Promise<RedisComparison> {
  const target = { host: redis.host, port: redis.port };
  const executor = { type: 'closed-loop' as const, connections };
  let ours: ToolRate | undefined;
  let rb: ToolRate | undefined;
  for (let round = 0; round < rounds; round++) {
    const o = await runClientProcess(
      // redis-benchmark (C) needs no warm-up and cannot take one; ours warms its JIT first, excluded.
      { driver: { kind: 'redis', target, options: { command: 'get', pipeline, keySpace: 10_000, valueSize: 100, prefill: round === 0 } }, executor, durationMs, warmupMs: WARMUP_MS },
      durationMs + 60_000,
    );
    const oRps = ratePerSec(o.result);
    ours = best(ours, { rps: oRps, rpsPerCpu: perCpu(oRps, o.result.health.cpuPct) });
    // redis-benchmark ends by count: ask for about as many as ours did in the same time.
    const requests = Math.max(100_000, Math.round((oRps * durationMs) / 1000));
    const b = await runClientProcess(
      { driver: { kind: 'redis-benchmark', target, options: { tests: ['get'], pipeline, keySpace: 10_000, valueSize: 100 } }, executor, requests },
      durationMs * 10 + 60_000,
    );
    const bRps = ratePerSec(b.result);
    rb = best(rb, { rps: bRps, rpsPerCpu: perCpu(bRps, b.result.health.cpuPct) });
  }
  return { ours: ours as ToolRate, redisBenchmark: rb as ToolRate };
}
