/**
 * `npx tsx benchmarks/services/openai-vs-peers.ts [--duration S] [--rate R] [--repeat N] [--slots N]
 *   [--only concurrency|rate] [--out DIR]`
 * bench's openai client beside GuideLLM and AIPerf, one at a time against the same llama-server (tiny
 * model, one thread, one slot unless --slots, prompt caching off), streamed chat, 64 tokens in and 64 out
 * with ignore_eos: first a closed loop of 4 streams, then the same constant rate (default 20 req/s, or
 * 70 % of the best rate seen at concurrency 4 if that is lower). With one slot, TTFT in the closed loop
 * is mostly the wait behind the other streams' requests: the client that keeps the server busiest sees
 * the longest. Each client's CPU and RSS come from /proc for its whole process tree, its other figures
 * from its own report. Runs are neither niced nor pinned: the load average is printed beside each. With
 * --repeat N each load runs N rounds, the clients' order rotated each round, and the ratios use each
 * client's medians. Not a test: it prints tables and ends with one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceConfig } from '../../src/recipe/schema';
import { llamaCpp, tinyModelPath } from '../../src/services/llama-cpp';
import { benchCacheDir, findTool } from '../../src/services/tool-path';
import { startProcess } from '../../test/helpers/servers/child-process';
import { freePort } from '../../test/helpers/servers/free-port';
import { GaveUp, waitUntil } from '../../test/helpers/servers/wait-until';
import { AIPERF_VERSION, runAiperf } from './peers/aiperf';
import { runBench } from './peers/bench-client';
import { GUIDELLM_VERSION, runGuidellm } from './peers/guidellm';
import { ServerTokens } from './peers/server-tokens';
import type { Load, Side } from './peers/side';

const ROOT = join(__dirname, '..', '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DURATION_S = Number(arg('duration') ?? 25);
const CONCURRENCY = 4;
const DEFAULT_RATE = 20;
const only = arg('only');
const REPEAT = Number(arg('repeat') ?? 1);
const SLOTS = Number(arg('slots') ?? 1);
const say = (line = '') => process.stdout.write(`${line}\n`);
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
const r = (n: number, d = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : NaN);

function tools(): { tokenizer: string } {
  const tokenizer = join(benchCacheDir(), 'models', 'tiny-llama-tokenizer');
  const ready = [join(benchCacheDir(), 'venv-guidellm', `.ok-${GUIDELLM_VERSION}`), join(benchCacheDir(), 'venv-aiperf', `.ok-${AIPERF_VERSION}`), join(tokenizer, '.ok')].every(existsSync);
  if (!ready) {
    say('installing the peers (scripts/kinds/peers-inference.sh: GuideLLM pulls about 5.9 GiB, 5-15 min once)');
    execFileSync('bash', [join(ROOT, 'scripts', 'kinds', 'peers-inference.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return { tokenizer };
}

type Run = { side: Side; load: [number, number] };

/** One client run; undefined (and the error printed) when it failed, so one bad run does not lose the rest. */
async function measure(name: string, go: () => Promise<Side>, server: ServerTokens): Promise<Run | undefined> {
  const before = loadAvg()[0];
  process.stdout.write(`  ${name.padEnd(9)} load ${before.toFixed(2)} ... `);
  let side: Side;
  try {
    side = await go();
  } catch (err) {
    say(`FAILED: ${(err as Error).message}`);
    return undefined;
  }
  const s = server.between(side.fromMs, side.toMs);
  side.serverTps = s.predictedPerSec;
  side.serverPromptTps = s.promptPerSec;
  const after = loadAvg()[0];
  say(`${Math.round(side.outputTps)} tok/s, ${side.errors} errors, load after ${after.toFixed(2)}`);
  return { side, load: [before, after] };
}

function table(title: string, runs: Run[]): void {
  say(`\n${title}`);
  const cols: [string, (x: Run) => string][] = [
    ['client', (x) => `${x.side.client} ${x.side.version}`],
    ['req/s', (x) => r(x.side.reqPerSec, 1).toFixed(1)],
    ['out tok/s', (x) => Math.round(x.side.outputTps).toString()],
    ['server tok/s', (x) => Math.round(x.side.serverTps ?? NaN).toString()],
    ['TTFT p50', (x) => r(x.side.ttftP50Ms, 1).toFixed(1)],
    ['TTFT p99', (x) => r(x.side.ttftP99Ms, 1).toFixed(1)],
    ['ITL p50', (x) => `${r(x.side.itlP50Ms, 3).toFixed(3)}${x.side.itlKind === 'request' ? '*' : ''}`],
    ['ITL p99', (x) => `${r(x.side.itlP99Ms, 2).toFixed(2)}${x.side.itlKind === 'request' ? '*' : ''}`],
    ['CPU cores', (x) => r(x.side.cpuCores, 3).toFixed(3)],
    ['CPU µs/tok', (x) => Math.round(x.side.cpuUsPerToken).toString()],
    ['RSS MiB', (x) => Math.round(x.side.peakRssMiB).toString()],
    ['procs', (x) => String(x.side.processes)],
    ['prompt tok', (x) => r(x.side.promptTokens, 1).toFixed(1)],
    ['srv prefill tok/s', (x) => Math.round(x.side.serverPromptTps ?? NaN).toString()],
    ['errors', (x) => String(x.side.errors)],
    ['run CPU s / wall s', (x) => `${r(x.side.totalCpuS, 1)} / ${r(x.side.wallS, 1)}`],
    ['load 1m', (x) => `${x.load[0].toFixed(1)}→${x.load[1].toFixed(1)}`],
  ];
  const cells = [cols.map(([h]) => h), ...runs.map((x) => cols.map(([, f]) => f(x)))];
  const widths = cols.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  for (const [n, row] of cells.entries()) {
    say(`  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
    if (n === 0) say(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  }
}

interface Ratios {
  output_tps_vs_best_peer: number;
  ttft_p50_vs_best_peer: number;
  cpu_per_token_vs_guidellm: number;
  cpu_per_token_vs_aiperf: number;
}

function ratios(runs: Run[]): Ratios {
  const [ours, ...peers] = runs.map((x) => x.side);
  const guidellm = peers.find((p) => p.client === 'GuideLLM') as Side;
  const aiperf = peers.find((p) => p.client === 'AIPerf') as Side;
  return {
    output_tps_vs_best_peer: r(ours.outputTps / Math.max(...peers.map((p) => p.outputTps)), 3),
    ttft_p50_vs_best_peer: r(ours.ttftP50Ms / Math.min(...peers.map((p) => p.ttftP50Ms)), 3),
    cpu_per_token_vs_guidellm: r(ours.cpuUsPerToken / guidellm.cpuUsPerToken, 3),
    cpu_per_token_vs_aiperf: r(ours.cpuUsPerToken / aiperf.cpuUsPerToken, 3),
  };
}

const compact = (s: Side) => ({
  req_s: r(s.reqPerSec, 1),
  out_tps: Math.round(s.outputTps),
  server_tps: Math.round(s.serverTps ?? NaN),
  ttft_p50_ms: r(s.ttftP50Ms, 2),
  ttft_p99_ms: r(s.ttftP99Ms, 2),
  itl_p50_ms: r(s.itlP50Ms, 3),
  cpu_cores: r(s.cpuCores, 3),
  cpu_us_per_token: Math.round(s.cpuUsPerToken),
  rss_mib: Math.round(s.peakRssMiB),
  prompt_tokens: r(s.promptTokens, 1),
  errors: s.errors,
});

const median = (xs: number[]) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : NaN;
};

/** One client's rounds as one Side: the median of each figure on its own. */
function medianRun(runs: Run[]): Run {
  const side = { ...runs[0].side } as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(side)) if (typeof v === 'number') side[k] = median(runs.map((x) => (x.side as unknown as Record<string, number>)[k]));
  return { side: side as unknown as Side, load: [median(runs.map((x) => x.load[0])), median(runs.map((x) => x.load[1]))] };
}

/** Every client once per round, in an order rotated each round; returns each client's median (bench first) and all runs. */
async function phase(load: Load, dir: string, tokenizer: string, server: ServerTokens): Promise<{ medians: Run[]; all: Run[][] }> {
  const clients: [string, (round: string) => Promise<Side>][] = [
    ['bench', (d) => runBench(load, d)],
    ['GuideLLM', (d) => runGuidellm(load, d, tokenizer)],
    ['AIPerf', (d) => runAiperf(load, d, tokenizer)],
  ];
  const byClient: Run[][] = clients.map(() => []);
  for (let round = 0; round < REPEAT; round++) {
    const d = REPEAT > 1 ? join(dir, `round-${round}`) : dir;
    mkdirSync(d, { recursive: true });
    if (REPEAT > 1) say(`  round ${round + 1}/${REPEAT}`);
    for (let k = 0; k < clients.length; k++) {
      const i = (k + round) % clients.length;
      const run = await measure(clients[i][0], () => clients[i][1](d), server);
      if (run) byClient[i].push(run);
    }
  }
  const missing = clients.filter((_, i) => byClient[i].length === 0).map(([name]) => name);
  if (missing.length) throw new Error(`no successful run of ${missing.join(', ')}`);
  return { medians: byClient.map(medianRun), all: byClient };
}

async function main(): Promise<void> {
  const { tokenizer } = tools();
  const bin = findTool('llama-server');
  if (!bin || !existsSync(tinyModelPath())) throw new Error('llama-server or the tiny model is missing: run `bash scripts/kinds/setup.sh llama-cpp`');
  const dir = arg('out') ?? mkdtempSync(join(tmpdir(), 'openai-vs-peers-'));
  mkdirSync(dir, { recursive: true });
  const host = '127.0.0.1';
  const port = await freePort();
  const options = llamaCpp.options.parse({ parallel: SLOTS });
  // Prompt caching off (the slot's prefix reuse and the cross-request RAM cache): otherwise a client whose
  // prompts share prefixes, or repeat from an earlier run, costs the server less prefill than another.
  const service = { name: 'llm', kind: 'llama-cpp', command: [bin], args: ['--no-cache-prompt', '--cache-ram', '0'] } as unknown as ServiceConfig;
  const plan = llamaCpp.launch(service, options, { ports: { http: port }, bindAddress: host, workDir: dir, replica: 0 });
  const srv = startProcess(plan.command[0], plan.command.slice(1));
  const server = new ServerTokens(`http://${host}:${port}/metrics`);
  try {
    await waitUntil('llama-server', async () => {
      if (srv.child.exitCode !== null) throw new GaveUp(`llama-server exited: ${srv.output()}`);
      const res = await fetch(`http://${host}:${port}/health`);
      if (res.status !== 200) throw new Error(`health ${res.status}`);
      return true;
    });
    const base: Omit<Load, 'mode' | 'rate'> = { concurrency: CONCURRENCY, inputTokens: 64, outputTokens: 64, durationS: DURATION_S, host, port, model: options.alias };
    say(`openai vs peers: llama-server ${plan.command.slice(1).join(' ')}`);
    say(`streamed chat, ${base.inputTokens} tokens in / ${base.outputTokens} out (ignore_eos), ${DURATION_S} s measured after 2 s warm-up each; not niced, not pinned; ${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length} CPUs; outputs in ${dir}`);
    say(`load average at start: ${loadAvg().join(' ')}`);

    let concAll: Run[][] | undefined;
    let conc: Run[] | undefined;
    if (only !== 'rate') {
      say(`\nconcurrency ${CONCURRENCY}:`);
      ({ medians: conc, all: concAll } = await phase({ ...base, mode: 'concurrency', rate: 0 }, dir, tokenizer, server));
    }
    const best = concAll ? Math.max(...concAll.flat().map((x) => x.side.reqPerSec)) : Infinity;
    const rate = Number(arg('rate') ?? Math.min(DEFAULT_RATE, Math.floor(0.7 * best)));
    let openAll: Run[][] | undefined;
    let open: Run[] | undefined;
    if (only !== 'concurrency') {
      say(`\nconstant rate ${rate} req/s${conc ? ` (best at concurrency ${CONCURRENCY}: ${r(best, 1)} req/s)` : ''}:`);
      ({ medians: open, all: openAll } = await phase({ ...base, mode: 'rate', rate }, dir, tokenizer, server));
    }

    const note = (runs: Run[]) => `ms; * AIPerf's ITL is per request, (latency − TTFT) / (tokens − 1): bench's tpot p50 is ${r(runs[0].side.tpotP50Ms ?? NaN, 3)} ms`;
    const each = (all: Run[][]) => all.flatMap((runs) => runs.map((x, round) => ({ ...x, side: { ...x.side, version: `${x.side.version} #${round + 1}` } })));
    if (REPEAT > 1 && concAll) table(`concurrency ${CONCURRENCY}, every round`, each(concAll));
    if (REPEAT > 1 && openAll) table(`constant rate ${rate} req/s, every round`, each(openAll));
    const of = REPEAT > 1 ? `, medians of ${REPEAT} rounds` : '';
    if (conc) table(`concurrency ${CONCURRENCY}${of} (${note(conc)})`, conc);
    if (open) table(`constant rate ${rate} req/s${of} (${note(open)})`, open);

    const c = conc ? ratios(conc) : undefined;
    const o = open ? ratios(open) : undefined;
    say('');
    if (c) say(`concurrency ${CONCURRENCY}: bench / best peer: ${c.output_tps_vs_best_peer}x output tok/s, ${c.ttft_p50_vs_best_peer}x TTFT p50; CPU per token ${c.cpu_per_token_vs_guidellm}x GuideLLM's, ${c.cpu_per_token_vs_aiperf}x AIPerf's`);
    if (o) say(`rate ${rate}/s: bench / best peer: ${o.output_tps_vs_best_peer}x output tok/s, ${o.ttft_p50_vs_best_peer}x TTFT p50; CPU per token ${o.cpu_per_token_vs_guidellm}x GuideLLM's, ${o.cpu_per_token_vs_aiperf}x AIPerf's`);
    // Throughput is a goal of the closed loop only: at a fixed rate every client should simply deliver it.
    const goals = {
      output_tps_ge_best_peer: c ? c.output_tps_vs_best_peer >= 1 : null,
      ttft_p50_le_best_peer: [c, o].every((x) => !x || x.ttft_p50_vs_best_peer <= 1),
      cpu_per_token_le_half_guidellm: [c, o].every((x) => !x || x.cpu_per_token_vs_guidellm <= 0.5),
    };
    const sides = (runs?: Run[]) => runs && Object.fromEntries(runs.map((x) => [x.side.client === 'bench openai' ? 'bench' : x.side.client.toLowerCase(), compact(x.side)]));
    say(
      JSON.stringify({
        ...(c ?? {}),
        goals_met: { ...goals, all: Object.values(goals).every((g) => g !== false) },
        rate: o ? { req_s: rate, ...o } : undefined,
        repeat: REPEAT,
        load_avg: { end: loadAvg(), per_run: [...(concAll ?? []), ...(openAll ?? [])].flat().map((x) => x.load) },
        concurrency_figures: sides(conc),
        rate_figures: sides(open),
      }),
    );
  } finally {
    server.stop();
    await srv.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
