/**
 * `npx tsx benchmarks/services/s3-vs-boto3.ts [--quick] [--pin|--no-pin]`: our s3 driver beside a
 * boto3 thread pool, same versitygw, same concurrency, same operation mix and object size, one after
 * the other. The gateway runs on core 0 and each client alone on core 1 when the machine is quiet
 * (see ../clients/processes.ts). Not a test: it prints figures and ends with one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mergeResults } from '../../src/clients/results/merge';
import type { ServiceConfig } from '../../src/recipe/schema';
import { s3 } from '../../src/services/s3';
import { benchCacheDir, findTool } from '../../src/services/tool-path';
import { startProcess } from '../../test/helpers/servers/child-process';
import { freePort } from '../../test/helpers/servers/free-port';
import { GaveUp, waitUntil } from '../../test/helpers/servers/wait-until';
import { canPin, onClientCore, pin, run, runClientProcess, SERVER_CORE, workDir } from '../clients/processes';

const BOTO3_VERSION = '1.44.8';
const quick = process.argv.includes('--quick');
const DURATION_MS = quick ? 3000 : 10_000;
const WARMUP_MS = 1000;
const CONNECTIONS = 8;
const OPS = ['get', 'put', 'delete', 'stat'] as const;
// PUTs signed with their body's hash on both sides: botocore always hashes the payload over plain HTTP.
const WORKLOAD = { mix: { get: 45, stat: 30, put: 15, delete: 10 }, objectSize: 64 * 1024, objects: 200, listMaxKeys: 100, signPayload: true, bucket: 'bench' };

const say = (line: string) => process.stdout.write(`${line}\n`);
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

interface Side {
  opsPerSec: Record<string, number>;
  totalOpsPerSec: number;
  p50Ms: Record<string, number>;
  p99Ms: Record<string, number>;
  cpuPct: number;
  errors: Record<string, number>;
  mibPerSec: { read: number; written: number };
}

function versitygw(): string {
  const built = join(benchCacheDir(), 'versitygw', 'v1.8.0', 'versitygw');
  const bin = findTool('versitygw') ?? (existsSync(built) ? built : undefined);
  if (!bin) throw new Error('versitygw is not built: run `bash scripts/kinds/versitygw.sh`');
  return bin;
}

/** A venv under the bench cache with the pinned boto3, made once. */
function boto3Python(): string {
  const venv = join(benchCacheDir(), 'venv-boto3');
  const python = join(venv, 'bin', 'python');
  const has = () => {
    try {
      return execFileSync(python, ['-c', 'import boto3; print(boto3.__version__)']).toString().trim() === BOTO3_VERSION;
    } catch {
      return false;
    }
  };
  if (!has()) {
    say(`installing boto3==${BOTO3_VERSION} into ${venv}`);
    if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', `boto3==${BOTO3_VERSION}`], { stdio: 'inherit' });
  }
  return python;
}

async function ours(host: string, port: number): Promise<Side> {
  const { result } = await runClientProcess(
    { driver: { kind: 's3', target: { host, port }, options: { ...WORKLOAD, keyPrefix: 'ours/' } }, executor: { type: 'closed-loop', connections: CONNECTIONS }, durationMs: DURATION_MS, warmupMs: WARMUP_MS },
    DURATION_MS + 120_000,
  );
  const m = mergeResults([result]);
  const secs = result.durationMs / 1000;
  const opsPerSec = Object.fromEntries(OPS.map((op) => [op, (result.counts?.[`${op}_ops`] ?? 0) / secs]));
  const at = (op: string, p: 'p50' | 'p99') => (m.measurements[`${op}_latency`]?.summary[p] ?? NaN) / 1000;
  return {
    opsPerSec,
    totalOpsPerSec: result.counters.ok / secs,
    p50Ms: Object.fromEntries(OPS.map((op) => [op, at(op, 'p50')])),
    p99Ms: Object.fromEntries(OPS.map((op) => [op, at(op, 'p99')])),
    cpuPct: result.health.cpuPct,
    errors: result.errors,
    mibPerSec: { read: (result.counts?.bytes_read ?? 0) / secs / 2 ** 20, written: (result.counts?.bytes_written ?? 0) / secs / 2 ** 20 },
  };
}

async function boto3(python: string, host: string, port: number): Promise<Side & { version: string }> {
  const cfg = { ...WORKLOAD, endpoint: `http://${host}:${port}`, accessKey: 'bench', secretKey: 'bench-secret-key', region: 'us-east-1', threads: CONNECTIONS, keyPrefix: 'boto3/', durationMs: DURATION_MS, warmupMs: WARMUP_MS };
  const { stdout } = await run(onClientCore([python, join(__dirname, 's3_boto3_load.py'), JSON.stringify(cfg)]), DURATION_MS + 120_000);
  const r = JSON.parse(stdout.trim().split('\n').pop() as string) as {
    boto3: string;
    durationS: number;
    cpuS: number;
    ops: Record<string, number>;
    latencyMs: Record<string, { p50: number; p99: number }>;
    errors: Record<string, number>;
    bytesRead: number;
    bytesWritten: number;
  };
  const total = Object.values(r.ops).reduce((a, b) => a + b, 0);
  return {
    version: r.boto3,
    opsPerSec: Object.fromEntries(OPS.map((op) => [op, r.ops[op] / r.durationS])),
    totalOpsPerSec: total / r.durationS,
    p50Ms: Object.fromEntries(OPS.map((op) => [op, r.latencyMs[op]?.p50 ?? NaN])),
    p99Ms: Object.fromEntries(OPS.map((op) => [op, r.latencyMs[op]?.p99 ?? NaN])),
    cpuPct: (r.cpuS / r.durationS) * 100,
    errors: r.errors,
    mibPerSec: { read: r.bytesRead / r.durationS / 2 ** 20, written: r.bytesWritten / r.durationS / 2 ** 20 },
  };
}

function describe(name: string, s: Side): void {
  say(`  ${name}: ${Math.round(s.totalOpsPerSec)} ops/s, client CPU ${Math.round(s.cpuPct)} %, read ${round(s.mibPerSec.read, 1)} MiB/s, written ${round(s.mibPerSec.written, 1)} MiB/s, errors ${JSON.stringify(s.errors)}`);
  for (const op of OPS) say(`    ${op.padEnd(6)} ${String(Math.round(s.opsPerSec[op])).padStart(5)}/s  p50 ${round(s.p50Ms[op]).toFixed(2)} ms  p99 ${round(s.p99Ms[op]).toFixed(2)} ms`);
}

async function main(): Promise<void> {
  const bin = versitygw();
  const python = boto3Python();
  const host = '127.0.0.1';
  const port = await freePort();
  const dir = mkdtempSync(join(workDir, 's3-'));
  const options = s3.options.parse({});
  const plan = s3.launch({ name: 's3', kind: 's3', command: [bin] } as unknown as ServiceConfig, options, { ports: { s3: port }, bindAddress: host, workDir: dir, replica: 0 });
  for (const step of plan.setup ?? []) {
    const argv = Array.isArray(step) ? step : step.argv;
    execFileSync(argv[0], argv.slice(1));
  }
  const gw = startProcess(plan.command[0], plan.command.slice(1), { env: { ...process.env, ...plan.env } });
  try {
    await waitUntil('versitygw', async () => {
      if (gw.child.exitCode !== null) throw new GaveUp(`versitygw exited: ${gw.output()}`);
      const r = await s3.ping!({ host, ports: { s3: port } }, port, options, 1000);
      if (!r.ok) throw new Error(r.detail);
      return true;
    });
    pin(gw.child.pid as number, SERVER_CORE);
    say(`s3 vs boto3: versitygw v1.8.0 on ${host}:${port}; ${CONNECTIONS} connections/threads, ${DURATION_MS / 1000} s each after ${WARMUP_MS / 1000} s warm-up`);
    say(`workload: mix ${JSON.stringify(WORKLOAD.mix)}, ${WORKLOAD.objectSize / 1024} KiB objects, ${WORKLOAD.objects} uploaded first, signed payloads`);
    say(`pinning: ${canPin ? `gateway on core ${SERVER_CORE}, each client alone on core 1` : 'off (see the load average, or pass --pin)'}`);
    const b = await boto3(python, host, port);
    const o = await ours(host, port);
    describe('ours ', o);
    describe(`boto3 ${b.version}`, b);
    const ratio = (a: number, c: number) => round(a / c);
    const perCpu = (s: Side) => s.totalOpsPerSec / Math.max(1, s.cpuPct);
    const figures: Record<string, number> = {
      s3_ops_vs_boto3: ratio(o.totalOpsPerSec, b.totalOpsPerSec),
      ...Object.fromEntries(OPS.map((op) => [`s3_${op}_ops_vs_boto3`, ratio(o.opsPerSec[op], b.opsPerSec[op])])),
      s3_get_p50_vs_boto3: ratio(o.p50Ms.get, b.p50Ms.get),
      s3_get_p99_vs_boto3: ratio(o.p99Ms.get, b.p99Ms.get),
      s3_put_p50_vs_boto3: ratio(o.p50Ms.put, b.p50Ms.put),
      s3_ops_per_cpu_vs_boto3: ratio(perCpu(o), perCpu(b)),
      s3_errors: Object.values(o.errors).reduce((a, c) => a + c, 0),
      boto3_errors: Object.values(b.errors).reduce((a, c) => a + c, 0),
    };
    say(`\nours / boto3: ${figures.s3_ops_vs_boto3}x ops/s (get ${figures.s3_get_ops_vs_boto3}x, put ${figures.s3_put_ops_vs_boto3}x), get p50 ${figures.s3_get_p50_vs_boto3}x and p99 ${figures.s3_get_p99_vs_boto3}x the latency, ${figures.s3_ops_per_cpu_vs_boto3}x ops per client CPU`);
    say(JSON.stringify(figures));
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
