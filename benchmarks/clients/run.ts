/**
 * `npm run bench:clients [-- --quick] [--pin|--no-pin]`: our load generator beside autocannon, wrk and
 * redis-benchmark, plus open-loop rate accuracy, percentile accuracy and memory. Servers run on
 * core 0, each load generator alone on core 1 (taskset), all on 127.0.0.1. Not a test: it prints
 * figures and ends with one JSON line.
 */
import { readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { startNginx } from '../../test/helpers/servers/nginx';
import { startRedisServer } from '../../test/helpers/servers/redis-server';
import type { RunningServer } from '../../test/helpers/servers/running-server';
import { compareHttp, type ToolRate } from './http-vs-tools';
import { memoryOverLongRun } from './memory';
import { openLoopAccuracy, type RateAccuracy } from './open-loop-accuracy';
import { percentileAccuracy } from './percentile-accuracy';
import { canPin, loadAverage, pin, SERVER_CORE, workDir } from './processes';
import { compareRedis } from './redis-vs-benchmark';

const GOALS = { httpVsAutocannon: 1.0, httpVsWrk: 0.6, redisVsRedisBenchmark: 0.8, ratePct: 1, percentilePct: 2, rssMb: 150 };

const quick = process.argv.includes('--quick');
const plan = quick
  ? { compareMs: 3000, rounds: 1, rateMs: 3000, percentileMs: 3000, memoryRequests: 1_000_000 }
  : { compareMs: 10_000, rounds: 3, rateMs: 10_000, percentileMs: 10_000, memoryRequests: 10_000_000 };
const HTTP_CONNECTIONS = 64;
const REDIS_CONNECTIONS = 50;
const REDIS_PIPELINE = 16;
const RATES = [1000, 5000, 20_000];
const PERCENTILE_RATE = 200;

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  say(`bench:clients ${quick ? '(quick)' : ''} on ${readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*: (.*)/)?.[1] ?? 'unknown CPU'}`);
  say(
    `pinning: ${canPin ? `servers on core ${SERVER_CORE}, each load generator alone on core 1` : 'off (fewer than 2 cores, no taskset, --no-pin, or other work running: see the load average)'}`,
  );
  const loadBefore = loadAverage();
  say(`load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const servers: RunningServer[] = [];
  try {
    const nginx = await startNginx({ workerProcesses: 1 });
    servers.push(nginx);
    const redis = await startRedisServer();
    servers.push(redis);
    pin(nginx.pid, SERVER_CORE);
    pin(redis.pid, SERVER_CORE);

    const rate = (t: ToolRate) => `${Math.round(t.rps)}/s (${Math.round(t.rpsPerCpu)} per client CPU-second)`;
    say(`\n[http] ${HTTP_CONNECTIONS} connections, ${plan.compareMs / 1000}s each after a 1s warm-up, GET / from nginx (1 worker), best of ${plan.rounds} alternated`);
    const http = await compareHttp(nginx, HTTP_CONNECTIONS, plan.compareMs, plan.rounds);
    say(`  ours ${rate(http.ours)} · autocannon ${rate(http.autocannon)} · wrk ${rate(http.wrk)}`);

    say(`\n[redis] ${REDIS_CONNECTIONS} connections, pipeline ${REDIS_PIPELINE}, GET, best of ${plan.rounds} alternated (ours after a 1s warm-up; redis-benchmark, in C, takes none)`);
    const redisCmp = await compareRedis(redis, REDIS_CONNECTIONS, REDIS_PIPELINE, plan.compareMs, plan.rounds);
    say(`  ours ${rate(redisCmp.ours)} · redis-benchmark ${rate(redisCmp.redisBenchmark)}`);

    say(`\n[open loop] constant-arrival-rate against nginx, ${plan.rateMs / 1000}s measured after 1s warm-up`);
    const rates: RateAccuracy[] = [];
    for (const target of RATES) {
      const r = await openLoopAccuracy(nginx, target, plan.rateMs);
      rates.push(r);
      say(`  target ${target}/s: achieved ${r.achieved}/s, error ${r.errorPct}%, dropped ${r.dropped}${r.warnings.map((w) => `\n    warning: ${w}`).join('')}`);
    }

    say(`\n[percentiles] open loop ${PERCENTILE_RATE}/s, server delay 10 ms + exp(mean 20 ms), ${plan.percentileMs / 1000}s`);
    const pct = await percentileAccuracy(PERCENTILE_RATE, plan.percentileMs);
    say(`  ${pct.samples} requests: p50 ours ${pct.oursP50Us} µs vs true ${pct.trueP50Us} µs (${pct.p50ErrorPct}%), p99 ours ${pct.oursP99Us} µs vs true ${pct.trueP99Us} µs (${pct.p99ErrorPct}%)`);

    say(`\n[memory] ${plan.memoryRequests.toLocaleString('en')} redis requests, pipeline 16, 50 connections`);
    const mem = await memoryOverLongRun(redis, plan.memoryRequests);
    say(`  ${mem.requests} requests in ${mem.seconds}s (${mem.opsPerSec} ops/s): peak RSS ${mem.peakRssMb} MB; max RSS first quarter ${mem.firstQuarterMaxRssMb} MB, last quarter ${mem.lastQuarterMaxRssMb} MB`);

    const summary = {
      quick,
      pinned: canPin,
      load_average_before: loadBefore,
      http_vs_autocannon: round(http.ours.rps / http.autocannon.rps),
      http_vs_wrk: round(http.ours.rps / http.wrk.rps),
      redis_vs_redis_benchmark: round(redisCmp.ours.rps / redisCmp.redisBenchmark.rps),
      rate_error_pct: Math.max(...rates.map((r) => r.errorPct)),
      p50_error_pct: pct.p50ErrorPct,
      p99_error_pct: pct.p99ErrorPct,
      rss_mb: mem.peakRssMb,
      http_rps: { ours: Math.round(http.ours.rps), autocannon: Math.round(http.autocannon.rps), wrk: Math.round(http.wrk.rps) },
      redis_ops: { ours: Math.round(redisCmp.ours.rps), redis_benchmark: Math.round(redisCmp.redisBenchmark.rps) },
      // Throughput per second of the client's own CPU: steadier than raw rates on a shared machine.
      per_client_cpu: {
        http_vs_autocannon: round(http.ours.rpsPerCpu / http.autocannon.rpsPerCpu),
        http_vs_wrk: round(http.ours.rpsPerCpu / http.wrk.rpsPerCpu),
        redis_vs_redis_benchmark: round(redisCmp.ours.rpsPerCpu / redisCmp.redisBenchmark.rpsPerCpu),
      },
      rates: rates.map((r) => ({ target: r.target, achieved: r.achieved, error_pct: r.errorPct, dropped: r.dropped })),
      rss_flat: { first_quarter_mb: mem.firstQuarterMaxRssMb, last_quarter_mb: mem.lastQuarterMaxRssMb },
      goals_met: {} as Record<string, boolean>,
    };
    summary.goals_met = {
      http_vs_autocannon: summary.http_vs_autocannon >= GOALS.httpVsAutocannon,
      http_vs_wrk: summary.http_vs_wrk >= GOALS.httpVsWrk,
      redis_vs_redis_benchmark: summary.redis_vs_redis_benchmark >= GOALS.redisVsRedisBenchmark,
      rate_error_pct: summary.rate_error_pct <= GOALS.ratePct,
      p50_error_pct: summary.p50_error_pct <= GOALS.percentilePct,
      p99_error_pct: summary.p99_error_pct <= GOALS.percentilePct,
      rss_mb: summary.rss_mb < GOALS.rssMb,
    };
    say(`\nload average after: ${readFileSync('/proc/loadavg', 'utf8').trim()} (on ${cpus().length} cores; above that, other work shared the machine)`);
    say(JSON.stringify(summary));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:clients failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
