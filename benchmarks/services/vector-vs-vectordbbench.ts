/**
 * `npx tsx benchmarks/services/vector-vs-vectordbbench.ts [--quick] [--rounds N] [--concurrency N] [--pin|--no-pin]`:
 * our vector driver beside VectorDBBench 2.0.0 (its `vectordbbench pgvectorhnsw` command on a custom
 * dataset) against one PostgreSQL + pgvector server launched from the pgvector kind's plan: same vectors,
 * queries and exact neighbours, same HNSW m / ef_construction / ef_search, k and concurrency (our
 * connections, its processes). Round 1 loads each side's own table and builds its own index; every round
 * then searches for the same time, the two sides taking turns, so a busy machine slows both alike; the
 * figures are medians over the rounds. Nothing leaves 127.0.0.1: VectorDBBench reads the dataset from
 * parquet files written here. Not a test: it prints figures and ends with one JSON line.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { synthetic } from '../../src/clients/drivers/vector/dataset';
import { exactTopK } from '../../src/clients/drivers/vector/ground-truth';
import { writeVecs } from '../../src/clients/drivers/vector/vecs-file';
import { mergeResults } from '../../src/clients/results/merge';
import type { ClientProgress } from '../../src/clients/results/result-file';
import { serviceSchema } from '../../src/recipe/schema';
import { pgvector, pgvectorBin } from '../../src/services/pgvector';
import { benchCacheDir } from '../../src/services/tool-path';
import { startProcess } from '../../test/helpers/servers/child-process';
import { freePort } from '../../test/helpers/servers/free-port';
import { GaveUp, waitUntil } from '../../test/helpers/servers/wait-until';
import { canPin, loadAverage, onClientCore, pin, runClientProcess, SERVER_CORE, workDir } from '../clients/processes';

const VDBB_VERSION = '2.0.0';
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const quick = process.argv.includes('--quick');
const CONCURRENCY = arg('--concurrency', 4);
const ROUNDS = arg('--rounds', quick ? 2 : 5);
const DURATION_S = quick ? 5 : 10;
const DATA = { dimension: 128, count: quick ? 5000 : 10_000, queries: 1000, k: 10, seed: 1 };
const INDEX = { m: 16, efConstruction: 64, efSearch: 100 };
const host = '127.0.0.1';

const say = (line: string) => process.stdout.write(`${line}\n`);
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Search {
  qps: number;
  p50Ms: number;
  p99Ms: number;
  /** Over the search window, percent of one core: the client (all of VectorDBBench's processes) and the server. */
  clientCpuPct: number;
  serverCpuPct: number;
  recall?: number;
  loadS?: number;
  indexS?: number;
  errors?: number;
}

/** A venv under the bench cache with the pinned VectorDBBench and its pgvector extra, made once. */
function vdbbVenv(): string {
  const venv = join(benchCacheDir(), 'venv-vdbb');
  const python = join(venv, 'bin', 'python');
  const has = () => {
    try {
      return execFileSync(python, ['-c', 'import importlib.metadata as m, psycopg, pgvector; print(m.version("vectordb-bench"))']).toString().trim() === VDBB_VERSION;
    } catch {
      return false;
    }
  };
  if (!has()) {
    say(`installing vectordb-bench[pgvector]==${VDBB_VERSION} into ${venv} (about 1.3 GiB, 5 min)`);
    if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    // --prefer-binary, not --only-binary: one of its dependencies (oss2) is published as an sdist only.
    execFileSync(join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', '--prefer-binary', `vectordb-bench[pgvector]==${VDBB_VERSION}`], { stdio: 'inherit' });
  }
  return venv;
}


/** PostgreSQL + pgvector from the kind's own launch plan; as root it runs as postgres (runAsIfRoot). */
async function startPgvector(): Promise<{ port: number; pid: number; stop: () => Promise<void> }> {
  if (!pgvectorBin()) throw new Error('pgvector is not installed: run `bash scripts/kinds/pgvector.sh`');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-vdbb-pg-'));
  const o = pgvector.options.parse({});
  const plan = pgvector.launch(serviceSchema.parse({ name: 'pgv', kind: 'pgvector' }), o, { ports: { postgresql: port }, bindAddress: host, workDir: dir, replica: 0 });
  const asUser: { uid?: number; gid?: number } = {};
  if (plan.runAsIfRoot && process.getuid?.() === 0) {
    asUser.uid = Number(execFileSync('id', ['-u', plan.runAsIfRoot]).toString());
    asUser.gid = Number(execFileSync('id', ['-g', plan.runAsIfRoot]).toString());
    chownSync(dir, asUser.uid, asUser.gid);
  }
  const env = { ...process.env, ...plan.env };
  for (const step of plan.setup ?? []) {
    const argv = Array.isArray(step) ? step : step.argv;
    execFileSync(argv[0], argv.slice(1), { env, ...asUser, stdio: 'pipe' });
  }
  const server = startProcess(plan.command[0], plan.command.slice(1), { env, ...asUser });
  const stop = async () => {
    await server.stop(10_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      'pgvector',
      async () => {
        if (server.child.exitCode !== null) throw new GaveUp(`postgres exited: ${server.output().slice(-2000)}`);
        const r = await pgvector.ping!({ host, ports: { postgresql: port } }, port, o, 2000);
        if (!r.ok) throw new Error(r.detail);
        return true;
      },
      60_000,
      200,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, pid: server.child.pid as number, stop };
}

/**
 * CPU seconds of `root` and its descendants, counting those already exited and reaped (cutime/cstime):
 * PostgreSQL's backends and VectorDBBench's workers come and go within a window.
 */
function treeCpuSeconds(root: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const f = readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks.set(Number(e), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
      children.set(Number(f[1]), [...(children.get(Number(f[1])) ?? []), Number(e)]);
    } catch {
      // exited while listed
    }
  }
  let sum = 0;
  for (const todo = [root]; todo.length; ) {
    const pid = todo.pop() as number;
    sum += ticks.get(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return sum / 100;
}

interface CpuMark {
  at: number;
  client: number;
  server: number;
}

const cpuPct = (a: CpuMark | undefined, b: CpuMark | undefined, key: 'client' | 'server') =>
  a && b && b.at > a.at ? ((b[key] - a[key]) / ((b.at - a.at) / 1000)) * 100 : NaN;

interface VdbbMetrics {
  insert_duration: number;
  optimize_duration: number;
  recall: number;
  conc_qps_list: number[];
  conc_latency_p50_list: number[];
  conc_latency_p99_list: number[];
}

function vdbbResult(dir: string): VdbbMetrics {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^result_.*\.json$/.test(e)) files.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  if (files.length !== 1) throw new Error(`VectorDBBench wrote ${files.length} result_*.json files under ${dir}, expected 1`);
  return (JSON.parse(readFileSync(files[0], 'utf8')) as { results: { metrics: VdbbMetrics }[] }).results[0].metrics;
}

/** One `vectordbbench pgvectorhnsw` run; `load`: drop, insert, index and measure recall first (round 1). */
async function vectordbbench(venv: string, port: number, serverPid: number, dataDir: string, scratch: string, load: boolean): Promise<Search> {
  const env = {
    ...process.env,
    // Custom datasets are read from DATASET_LOCAL_DIR/<name>/<dir>; an absolute dir is used as it is.
    DATASET_LOCAL_DIR: join(scratch, 'datasets'),
    RESULTS_LOCAL_DIR: mkdtempSync(join(scratch, 'results-')),
    CONFIG_LOCAL_DIR: join(scratch, 'config'),
    LOG_FILE: join(scratch, 'vectordb_bench.log'),
    // INFO: its "start concurrency search" and "End search" lines delimit the window the CPU is read over.
    LOG_LEVEL: 'INFO',
    HF_HUB_OFFLINE: '1',
  };
  const argv = onClientCore([
    join(venv, 'bin', 'vectordbbench'), 'pgvectorhnsw',
    '--case-type', 'PerformanceCustomDataset',
    '--custom-case-name', 'bench', '--custom-dataset-name', 'bench', '--custom-dataset-dir', dataDir,
    '--custom-dataset-size', String(DATA.count), '--custom-dataset-dim', String(DATA.dimension),
    '--custom-dataset-metric-type', 'L2', '--custom-dataset-file-count', '1', '--custom-dataset-with-gt', '--skip-custom-dataset-use-shuffled',
    '--k', String(DATA.k), '--num-concurrency', String(CONCURRENCY), '--concurrency-duration', String(DURATION_S),
    '--insert-batch-size', '1000',
    '--m', String(INDEX.m), '--ef-construction', String(INDEX.efConstruction), '--ef-search', String(INDEX.efSearch),
    '--user-name', 'postgres', '--password', 'unused-trust-auth', '--host', host, '--port', String(port), '--db-name', 'postgres',
    '--db-label', 'bench', '--task-label', 'bench',
    ...(load ? [] : ['--skip-drop-old', '--skip-load', '--skip-search-serial']),
  ]);
  const marks: CpuMark[] = [];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const watcher = () => {
      let partial = '';
      return (d: Buffer) => {
        text = (text + d.toString()).slice(-50_000);
        const lines = (partial + d.toString()).split('\n');
        partial = lines.pop() as string;
        if (lines.some((l) => /start concurrency search|End search in concurrency/.test(l))) {
          marks.push({ at: performance.now(), client: treeCpuSeconds(child.pid as number), server: treeCpuSeconds(serverPid) });
        }
      };
    };
    child.stdout.on('data', watcher());
    child.stderr.on('data', watcher());
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`vectordbbench exited ${code}: ${text.slice(-3000)}`))));
  });
  const m = vdbbResult(env.RESULTS_LOCAL_DIR);
  if (!m.conc_qps_list[0]) throw new Error(`VectorDBBench measured no concurrent QPS: ${out.slice(-2000)}\nsee ${env.LOG_FILE}`);
  return {
    qps: m.conc_qps_list[0],
    p50Ms: m.conc_latency_p50_list[0] * 1000,
    p99Ms: m.conc_latency_p99_list[0] * 1000,
    clientCpuPct: cpuPct(marks[0], marks[1], 'client'),
    serverCpuPct: cpuPct(marks[0], marks[1], 'server'),
    ...(load ? { recall: m.recall, loadS: m.insert_duration, indexS: m.optimize_duration } : {}),
  };
}

/** One run of our vector driver; round 1 (`load`) rebuilds its table, later rounds keep it. */
async function ours(port: number, serverPid: number, files: { base: string; queries: string; groundTruth: string }, scratch: string, load: boolean): Promise<Search> {
  const progressFile = join(scratch, `ours-${Date.now()}.progress.json`);
  // The server's CPU between the first and the last progress beat of the measured window.
  const marks: CpuMark[] = [];
  let beat = 0;
  const poll = setInterval(() => {
    try {
      const p = JSON.parse(readFileSync(progressFile, 'utf8')) as ClientProgress;
      if (p.phase !== 'measuring' || p.updatedAt === beat) return;
      beat = p.updatedAt;
      marks.push({ at: performance.now(), client: NaN, server: treeCpuSeconds(serverPid) });
    } catch {
      // not written yet, or being replaced
    }
  }, 100);
  const { result } = await runClientProcess(
    {
      driver: { kind: 'vector', target: { host, port }, options: { engine: 'pgvector', dataset: files, queries: DATA.queries, k: DATA.k, distance: 'l2', ...INDEX, batchSize: 1000, reuse: !load } },
      executor: { type: 'closed-loop', connections: CONCURRENCY },
      durationMs: DURATION_S * 1000,
      warmupMs: 1000,
      progressFile,
    },
    DURATION_S * 1000 + 300_000,
  ).finally(() => clearInterval(poll));
  const m = mergeResults([result]);
  return {
    qps: result.counters.ok / (result.durationMs / 1000),
    p50Ms: m.latencyUs.p50 / 1000,
    p99Ms: m.latencyUs.p99 / 1000,
    clientCpuPct: result.health.cpuPct,
    serverCpuPct: cpuPct(marks[0], marks.at(-1), 'server'),
    recall: m.measurements.recall.mean,
    errors: result.counters.errors,
    ...(load ? { loadS: (result.prepare?.phasesMs.load ?? NaN) / 1000, indexS: (result.prepare?.phasesMs.index ?? NaN) / 1000 } : {}),
  };
}

function line(name: string, s: Search): string {
  const extra = s.recall === undefined ? '' : `  recall@${DATA.k} ${s.recall.toFixed(4)}`;
  const build = s.loadS === undefined ? '' : `  load ${round(s.loadS).toFixed(2)} s, index ${round(s.indexS ?? NaN).toFixed(2)} s`;
  return `  ${name.padEnd(14)} ${s.qps.toFixed(1).padStart(7)} q/s  p50 ${s.p50Ms.toFixed(2)} ms  p99 ${s.p99Ms.toFixed(2)} ms  CPU client ${Math.round(s.clientCpuPct)} %, server ${Math.round(s.serverCpuPct)} %${extra}${build}${s.errors ? `  errors ${s.errors}` : ''}`;
}

async function main(): Promise<void> {
  const venv = vdbbVenv();
  const scratch = mkdtempSync(join(workDir, 'vdbb-'));
  const dataDir = join(scratch, 'data');
  mkdirSync(dataDir);
  const { dimension, count, queries: n, k, seed } = DATA;
  const base = synthetic(count, dimension, 'uniform', seed);
  const queries = synthetic(n, dimension, 'uniform', (seed ^ 0x5bd1e995) >>> 0);
  const truth = exactTopK(base, count, queries, n, dimension, k, 'l2');
  const files = {
    base: writeVecs(join(dataDir, 'base.fvecs'), base, dimension),
    queries: writeVecs(join(dataDir, 'query.fvecs'), queries, dimension),
    groundTruth: writeVecs(join(dataDir, 'truth.ivecs'), truth.ids, k),
  };
  execFileSync(join(venv, 'bin', 'python'), [join(__dirname, 'vector_vdbb_dataset.py'), dataDir, files.base, files.queries, files.groundTruth]);
  const pg = await startPgvector();
  try {
    pin(pg.pid, SERVER_CORE);
    say(`vector vs VectorDBBench ${VDBB_VERSION}: PostgreSQL + pgvector on ${host}:${pg.port}; ${count} x ${dimension} uniform vectors, ${n} queries, top-${k}, L2`);
    say(`HNSW m ${INDEX.m}, ef_construction ${INDEX.efConstruction}, ef_search ${INDEX.efSearch}; concurrency ${CONCURRENCY} (our connections, VectorDBBench processes); ${ROUNDS} rounds of ${DURATION_S} s search per side`);
    say(`pinning: ${canPin ? `server on core ${SERVER_CORE}, each client on core 1` : `off (load average ${loadAverage()}; pass --pin)`}`);
    const o: Search[] = [];
    const v: Search[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Who goes first alternates, so neither side always runs right after the other's load.
      const first = r % 2 === 0;
      if (first) v.push(await vectordbbench(venv, pg.port, pg.pid, dataDir, scratch, r === 0));
      o.push(await ours(pg.port, pg.pid, files, scratch, r === 0));
      if (!first) v.push(await vectordbbench(venv, pg.port, pg.pid, dataDir, scratch, false));
      say(`round ${r + 1}/${ROUNDS} (load average ${loadAverage()}):`);
      say(line('ours', o[r]));
      say(line('VectorDBBench', v[r]));
    }
    const med = (xs: Search[], key: 'qps' | 'p50Ms' | 'p99Ms' | 'clientCpuPct' | 'serverCpuPct') => median(xs.map((x) => x[key]));
    const ratios = o.map((x, i) => x.qps / v[i].qps);
    // Queries per CPU-second of the server: what other work on the machine takes from the server cancels out.
    const perServerCpu = (x: Search) => x.qps / (x.serverCpuPct / 100);
    const serverRatios = o.map((x, i) => perServerCpu(x) / perServerCpu(v[i]));
    const ratio = median(ratios);
    const recall = { ours: median(o.map((x) => x.recall as number)), vdbb: v[0].recall as number };
    const figures = {
      vector_qps_vs_vdbb: round(ratio, 3),
      vector_qps: round(med(o, 'qps'), 1),
      vdbb_qps: round(med(v, 'qps'), 1),
      vector_recall: round(recall.ours, 4),
      vdbb_recall: round(recall.vdbb, 4),
      vector_p50_ms: round(med(o, 'p50Ms')),
      vdbb_p50_ms: round(med(v, 'p50Ms')),
      vector_p99_ms: round(med(o, 'p99Ms')),
      vdbb_p99_ms: round(med(v, 'p99Ms')),
      vector_client_cpu_pct: Math.round(med(o, 'clientCpuPct')),
      vdbb_client_cpu_pct: Math.round(med(v, 'clientCpuPct')),
      vector_server_cpu_pct: Math.round(med(o, 'serverCpuPct')),
      vector_q_per_server_cpu_s_vs_vdbb: round(median(serverRatios), 3),
      vdbb_server_cpu_pct: Math.round(med(v, 'serverCpuPct')),
      vector_load_s: round(o[0].loadS as number),
      vdbb_load_s: round(v[0].loadS as number),
      vector_index_s: round(o[0].indexS as number),
      vdbb_index_s: round(v[0].indexS as number),
      vector_errors: o.reduce((a, x) => a + (x.errors ?? 0), 0),
      qps_ratio_per_round: ratios.map((x) => round(x, 3)),
      qps_within_10pct: Math.abs(ratio - 1) <= 0.1,
      recall_within_0_01: Math.abs(recall.ours - recall.vdbb) <= 0.01,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      load_average: loadAverage(),
    };
    say(`\nmedians: ours ${figures.vector_qps} q/s, VectorDBBench ${figures.vdbb_qps} q/s (ours / VectorDBBench ${figures.vector_qps_vs_vdbb}x per round, ${figures.vector_q_per_server_cpu_s_vs_vdbb}x per server CPU-second); recall@${k} ${figures.vector_recall} vs ${figures.vdbb_recall}`);
    say(JSON.stringify(figures));
  } finally {
    await pg.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
