/**
 * `npm run bench:clients [-- --quick] [--rounds N] [--only http|redis] [--pin|--no-pin] [--cpu-prof DIR]`:
 * our load generator beside autocannon, wrk and redis-benchmark, plus open-loop rate accuracy,
 * percentile accuracy and memory. Each comparison runs as N alternated rounds (default 5: ours,
 * peer, ours, peer...); its ratio is the median of the rounds' ours/peer, with the spread (min–max).
 * Servers run on core 0, each load generator alone on core 1 (taskset) when the machine is quiet,
 * all on 127.0.0.1. --only runs just that comparison (with the accuracy and memory parts left out);
 * --cpu-prof DIR runs our client processes under `node --cpu-prof` (see profile-top.ts). Not a
 * test: it prints figures and ends with one JSON line.
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
import { canPin, loadAverage, pin, profileInto, SERVER_CORE, workDir } from './processes';
import { compareRedis } from './redis-vs-benchmark';
import { ratios, median } from './rounds';

const GOALS = { httpVsAutocannon: 1.0, httpVsWrk: 0.6, redisVsRedisBenchmark: 0.8, ratePct: 1, percentilePct: 2, rssMb: 150 };

const argAfter = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const quick = process.argv.includes('--quick');
const only = argAfter('--only') as 'http' | 'redis' | undefined;
const cpuProf = argAfter('--cpu-prof');
const plan = quick
  ? { compareMs: 3000, rounds: 3, rateMs: 3000, percentileMs: 3000, memoryRequests: 1_000_000 }
  : { compareMs: 10_000, rounds: 5, rateMs: 10_000, percentileMs: 10_000, memoryRequests: 10_000_000 };
if (Number(argAfter('--rounds')) > 0) plan.rounds = Number(argAfter('--rounds'));
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

    if (cpuProf) profileInto(cpuProf);
    const perCpu = (ts: ToolRate[]) => Math.round(median(ts.map((t) => t.rpsPerCpu)));
    const rate = (ts: ToolRate[]) => `${Math.round(median(ts.map((t) => t.rps)))}/s (${perCpu(ts)} per client CPU-second)`;
    const spread = (r: { median: number; min: number; max: number }) => `${r.median} (${r.min}–${r.max})`;
    const medianRps = (ts: ToolRate[]) => Math.round(median(ts.map((t) => t.rps)));

    let http: Awaited<ReturnType<typeof compareHttp>> | undefined;
    if (only !== 'redis') {
      say(`\n[http] ${HTTP_CONNECTIONS} connections, ${plan.compareMs / 1000}s each after a 1s warm-up, GET / from nginx (1 worker), ${plan.rounds} alternated rounds per peer`);
      http = await compareHttp(nginx, HTTP_CONNECTIONS, plan.compareMs, plan.rounds, say);
      const a = ratios(http.vsAutocannon);
      const w = ratios(http.vsWrk);
      say(`  vs autocannon: ours ${rate(http.vsAutocannon.ours)} · autocannon ${rate(http.vsAutocannon.peer)}; ratio median ${spread(a.rps)}, per CPU ${spread(a.perCpu)}`);
      say(`  vs wrk:        ours ${rate(http.vsWrk.ours)} · wrk ${rate(http.vsWrk.peer)}; ratio median ${spread(w.rps)}, per CPU ${spread(w.perCpu)}`);
    }

    let redisCmp: Awaited<ReturnType<typeof compareRedis>> | undefined;
    if (only !== 'http') {
      say(`\n[redis] ${REDIS_CONNECTIONS} connections, pipeline ${REDIS_PIPELINE}, GET (100-byte values, every key set), ${plan.rounds} alternated rounds (ours after a 1s warm-up; redis-benchmark, in C, takes none)`);
      redisCmp = await compareRedis(redis, REDIS_CONNECTIONS, REDIS_PIPELINE, plan.compareMs, plan.rounds, say);
      const r = ratios(redisCmp);
      say(`  ours ${rate(redisCmp.ours)} · redis-benchmark ${rate(redisCmp.peer)}; ratio median ${spread(r.rps)}, per CPU ${spread(r.perCpu)}`);
      say(`  GETs that missed during the rounds: ${redisCmp.misses}`);
    }

    const rates: RateAccuracy[] = [];
    let pct: Awaited<ReturnType<typeof percentileAccuracy>> | undefined;
    let mem: Awaited<ReturnType<typeof memoryOverLongRun>> | undefined;
    if (!only) {
      say(`\n[open loop] constant-arrival-rate against nginx, ${plan.rateMs / 1000}s measured after 1s warm-up`);
      for (const target of RATES) {
        const r = await openLoopAccuracy(nginx, target, plan.rateMs);
        rates.push(r);
        say(`  target ${target}/s: achieved ${r.achieved}/s, error ${r.errorPct}%, dropped ${r.dropped}${r.warnings.map((w) => `\n    warning: ${w}`).join('')}`);
      }

      say(`\n[percentiles] open loop ${PERCENTILE_RATE}/s, server delay 10 ms + exp(mean 20 ms), ${plan.percentileMs / 1000}s`);
      pct = await percentileAccuracy(PERCENTILE_RATE, plan.percentileMs);
      say(`  ${pct.samples} requests: p50 ours ${pct.oursP50Us} µs vs true ${pct.trueP50Us} µs (${pct.p50ErrorPct}%), p99 ours ${pct.oursP99Us} µs vs true ${pct.trueP99Us} µs (${pct.p99ErrorPct}%)`);

      say(`\n[memory] ${plan.memoryRequests.toLocaleString('en')} redis requests, pipeline 16, 50 connections`);
      mem = await memoryOverLongRun(redis, plan.memoryRequests);
      say(`  ${mem.requests} requests in ${mem.seconds}s (${mem.opsPerSec} ops/s): peak RSS ${mem.peakRssMb} MB; max RSS first quarter ${mem.firstQuarterMaxRssMb} MB, last quarter ${mem.lastQuarterMaxRssMb} MB`);
    }

    const vsAc = http ? ratios(http.vsAutocannon) : undefined;
    const vsWrk = http ? ratios(http.vsWrk) : undefined;
    const vsRb = redisCmp ? ratios(redisCmp) : undefined;
    const summary = {
      quick,
      pinned: canPin,
      rounds: plan.rounds,
      load_average_before: loadBefore,
      // Medians over the rounds of each round's ours/peer.
      http_vs_autocannon: vsAc?.rps.median ?? null,
      http_vs_wrk: vsWrk?.rps.median ?? null,
      redis_vs_redis_benchmark: vsRb?.rps.median ?? null,
      rate_error_pct: rates.length ? Math.max(...rates.map((r) => r.errorPct)) : null,
      p50_error_pct: pct?.p50ErrorPct ?? null,
      p99_error_pct: pct?.p99ErrorPct ?? null,
      rss_mb: mem?.peakRssMb ?? null,
      http_rps: http
        ? { ours: medianRps([...http.vsAutocannon.ours, ...http.vsWrk.ours]), autocannon: medianRps(http.vsAutocannon.peer), wrk: medianRps(http.vsWrk.peer) }
        : null,
      redis_ops: redisCmp ? { ours: medianRps(redisCmp.ours), redis_benchmark: medianRps(redisCmp.peer), get_misses: redisCmp.misses } : null,
      // Throughput per second of the client's own CPU: steadier than raw rates on a shared machine.
      per_client_cpu: {
        http_vs_autocannon: vsAc?.perCpu.median ?? null,
        http_vs_wrk: vsWrk?.perCpu.median ?? null,
        redis_vs_redis_benchmark: vsRb?.perCpu.median ?? null,
      },
      // Median, spread (min–max) and each round's ratio.
      spread: { http_vs_autocannon: vsAc?.rps ?? null, http_vs_wrk: vsWrk?.rps ?? null, redis_vs_redis_benchmark: vsRb?.rps ?? null },
      rates: rates.map((r) => ({ target: r.target, achieved: r.achieved, error_pct: r.errorPct, dropped: r.dropped })),
      rss_flat: mem ? { first_quarter_mb: mem.firstQuarterMaxRssMb, last_quarter_mb: mem.lastQuarterMaxRssMb } : null,
      goals: {
        http_vs_autocannon: GOALS.httpVsAutocannon,
        http_vs_wrk: GOALS.httpVsWrk,
        redis_vs_redis_benchmark: GOALS.redisVsRedisBenchmark,
        rate_error_pct: GOALS.ratePct,
        p50_error_pct: GOALS.percentilePct,
        p99_error_pct: GOALS.percentilePct,
        rss_mb: GOALS.rssMb,
      },
      goals_met: {} as Record<string, boolean | null>,
    };
    const atLeast = (v: number | null, goal: number) => (v === null ? null : v >= goal);
    const atMost = (v: number | null, goal: number) => (v === null ? null : v <= goal);
    summary.goals_met = {
      http_vs_autocannon: atLeast(summary.http_vs_autocannon, GOALS.httpVsAutocannon),
      http_vs_wrk: atLeast(summary.http_vs_wrk, GOALS.httpVsWrk),
      redis_vs_redis_benchmark: atLeast(summary.redis_vs_redis_benchmark, GOALS.redisVsRedisBenchmark),
      rate_error_pct: atMost(summary.rate_error_pct, GOALS.ratePct),
      p50_error_pct: atMost(summary.p50_error_pct, GOALS.percentilePct),
      p99_error_pct: atMost(summary.p99_error_pct, GOALS.percentilePct),
      rss_mb: summary.rss_mb === null ? null : summary.rss_mb < GOALS.rssMb,
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
