import { tcpExchange } from '../../src/services/probe';
import type { RunningServer } from '../../test/helpers/servers/running-server';
import { WARMUP_MS, type ToolRate } from './http-vs-tools';
import { ratePerSec, runClientProcess } from './processes';
import { alternated, type Comparison } from './rounds';

const perCpu = (rps: number, cpuPct: number) => rps / Math.max(0.01, cpuPct / 100);

const KEY_SPACE = 10_000;
const VALUE_SIZE = 100;

/**
 * Our redis driver and redis-benchmark, same connections and pipeline depth, GETs of 100-byte
 * values over a key space of the same size, as `rounds` alternated rounds (ours, redis-benchmark,
 * ours, ...). Both key spaces are filled first (ours `bench:N`, redis-benchmark's `key:00000000NNNN`
 * by a SET run), so both sides' GETs hit: before, redis-benchmark's all missed (a 5-byte nil
 * reply against our 107 bytes, less work for the server and its client). `misses` counts the
 * GETs that missed during the rounds (INFO keyspace_misses), to show they did not.
 */
export async function compareRedis(redis: RunningServer, connections: number, pipeline: number, durationMs: number, rounds: number, say: (line: string) => void = () => undefined): Promise<Comparison & { misses: number }> {
  const target = { host: redis.host, port: redis.port };
  const executor = { type: 'closed-loop' as const, connections };
  let prefilled = false;
  let lastOursRps = 0;
  const ours = async (): Promise<ToolRate> => {
    const o = await runClientProcess(
      // redis-benchmark (C) needs no warm-up and cannot take one; ours warms its JIT first, excluded.
      { driver: { kind: 'redis', target, options: { command: 'get', pipeline, keySpace: KEY_SPACE, valueSize: VALUE_SIZE, prefill: !prefilled } }, executor, durationMs, warmupMs: WARMUP_MS },
      durationMs + 60_000,
      'redis',
    );
    prefilled = true;
    lastOursRps = ratePerSec(o.result);
    return { rps: lastOursRps, rpsPerCpu: perCpu(lastOursRps, o.result.health.cpuPct) };
  };
  const redisBenchmark = async (): Promise<ToolRate> => {
    // redis-benchmark ends by count: ask for about as many as ours did in the same time.
    const requests = Math.max(100_000, Math.round((lastOursRps * durationMs) / 1000));
    const b = await runClientProcess(
      { driver: { kind: 'redis-benchmark', target, options: { tests: ['get'], pipeline, keySpace: KEY_SPACE, valueSize: VALUE_SIZE } }, executor, requests },
      durationMs * 10 + 60_000,
    );
    const rps = ratePerSec(b.result);
    return { rps, rpsPerCpu: perCpu(rps, b.result.health.cpuPct) };
  };
  // redis-benchmark's own keys: 20 SETs per key at random leave none unset (P ≈ 10,000 · e^-20).
  await runClientProcess(
    { driver: { kind: 'redis-benchmark', target, options: { tests: ['set'], pipeline, keySpace: KEY_SPACE, valueSize: VALUE_SIZE } }, executor, requests: 20 * KEY_SPACE },
    120_000,
  );
  const missesNow = async () => {
    const reply = await tcpExchange(redis.host, redis.port, 'INFO stats\r\n', (b) => b.includes('keyspace_misses:') && /keyspace_misses:\d+\r\n/.test(b), 2000);
    return Number(/keyspace_misses:(\d+)/.exec(reply)?.[1]);
  };
  // Ours: its prefill SETs every key once (a short run, not measured).
  await runClientProcess({ driver: { kind: 'redis', target, options: { command: 'get', pipeline, keySpace: KEY_SPACE, valueSize: VALUE_SIZE, prefill: true } }, executor, requests: 1000 }, 120_000);
  prefilled = true;
  const before = await missesNow();
  const c = await alternated(rounds, ours, redisBenchmark, (i, o, p) => say(`  round ${i + 1}: ours ${Math.round(o.rps)}/s · redis-benchmark ${Math.round(p.rps)}/s → ${(o.rps / p.rps).toFixed(3)}`));
  return { ...c, misses: (await missesNow()) - before };
}
