/**
 * `npm run bench:cli [-- --runs N]`: how fast `bench` starts, from the build (build/, what
 * bin/bench.js runs while it is fresh) beside its peers, the same sources through tsx
 * (BENCH_NO_BUILD=1) and the program as it was before (tsx, every command module loaded at start).
 * Measured: `bench --help`, `bench validate recipes/quickstart.yaml` (wall time and peak RSS) and
 * `bench client` from spawn to the first request its target receives (an HTTP server in this
 * process). Medians of N runs (default 7), peers alternated in every round so a noisy neighbour
 * hurts all alike. Runs on a snapshot of the checkout in a temporary folder (src/, bin/, recipes/,
 * the builder, package.json; node_modules linked), so edits made meanwhile cannot change or stale
 * what is measured. Not a test: it prints figures and ends with one JSON line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const GOALS = { helpS: 0.3, validateS: 0.5, clientFirstRequestS: 0.5 };
const ROOT = join(__dirname, '..', '..');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const TIME = '/usr/bin/time';

type PeerName = 'original' | 'tsx' | 'build';
type Figure = 'help' | 'helpCpu' | 'validate' | 'validateCpu' | 'rssMb' | 'client';
interface Peer {
  name: PeerName;
  what: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/** The checkout's sources copied into dir, built there; plus the entry of the program as it was before issue 14. */
function snapshot(dir: string): void {
  for (const rel of ['src', 'bin', 'recipes', 'package.json', 'package-lock.json', join('scripts', 'build.js'), join('scripts', 'build-state.js')]) {
    cpSync(join(ROOT, rel), join(dir, rel), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const built = spawnSync(process.execPath, ['scripts/build.js', '--quiet'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stderr}`);
  // Before: tsx, and main.ts imported every command module at start.
  writeFileSync(
    join(dir, 'original.js'),
    "require('tsx/cjs');\nconst main = require('./src/cli/main.ts');\nfor (const c of main.availableCommands()) c.load();\nmain.runCli();\n",
  );
  // Which cli/main a process ran, for the check below.
  writeFileSync(join(dir, 'probe.js'), "process.on('exit', () => require('fs').writeSync(2, '\\nMAIN=' + Object.keys(require.cache).find((k) => /cli.main\\.(js|ts)$/.test(k)) + '\\n'));\n");
}

/** Runs argv to its end; wall seconds from spawn to exit. */
function timed(argv: string[], cwd: string, env: NodeJS.ProcessEnv, onSpawn?: () => void): Promise<{ seconds: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ seconds: (performance.now() - t0) / 1000, code, stdout, stderr });
    });
  });
}

/** An HTTP target that notes when its first request arrives. */
class Target {
  private server: Server;
  firstRequestAt: number | undefined;
  constructor() {
    this.server = createServer((_req, res) => {
      this.firstRequestAt ??= performance.now();
      res.end('ok');
    });
  }
  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function main(): Promise<void> {
  say(`bench:cli, ${RUNS} runs each, on ${readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*: (.*)/)?.[1] ?? 'unknown CPU'} (${cpus().length} cores)`);
  const loadBefore = loadAverage();
  say(`load average before: ${loadBefore}`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  const target = new Target();
  try {
    snapshot(dir);
    const base = { ...process.env, BENCH_NO_BUILD: '', BENCH_DEBUG: '' };
    const peers: Peer[] = [
      { name: 'original', what: 'before: tsx, every command module loaded at start', argv: [process.execPath, 'original.js'], env: base },
      { name: 'tsx', what: 'the sources through tsx (BENCH_NO_BUILD=1)', argv: [process.execPath, 'bin/bench.js'], env: { ...base, BENCH_NO_BUILD: '1' } },
      { name: 'build', what: 'build/ (fresh)', argv: [process.execPath, 'bin/bench.js'], env: base },
    ];
    for (const p of peers) {
      const r = await timed([p.argv[0], '-r', './probe.js', ...p.argv.slice(1), '--version'], dir, p.env);
      const ran = /^MAIN=.*?((build|src)\/cli\/main\.(js|ts))$/m.exec(r.stderr)?.[1];
      const expected = p.name === 'build' ? 'build/cli/main.js' : 'src/cli/main.ts';
      if (r.code !== 0 || ran !== expected) throw new Error(`peer ${p.name} ran ${ran ?? 'nothing'} (exit ${r.code}), expected ${expected}:\n${r.stderr}`);
      say(`  ${p.name.padEnd(8)} ${p.what}: runs ${ran}`);
    }

    const port = await target.listen();
    const rss = existsSync(TIME);
    const figures = Object.fromEntries(peers.map((p) => [p.name, { help: [], helpCpu: [], validate: [], validateCpu: [], rssMb: [], client: [] }])) as unknown as Record<PeerName, Record<Figure, number[]>>;
    let n = 0;
    /** One command; with /usr/bin/time, also its peak RSS and CPU seconds (user + system). */
    const command = async (p: Peer, args: string[], expect: string) => {
      const file = join(dir, `time-${n++}`);
      const r = await timed([...(rss ? [TIME, '-f', '%M %U %S', '-o', file] : []), ...p.argv, ...args], dir, p.env);
      if (r.code !== 0 || !r.stdout.includes(expect)) throw new Error(`${p.name}: bench ${args.join(' ')} failed (exit ${r.code}):\n${r.stderr}`);
      const [kb, user, sys] = rss ? readFileSync(file, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN, NaN];
      return { seconds: r.seconds, rssMb: kb / 1024, cpuS: user + sys };
    };
    /** `bench client` with one connection for 200 ms against the target: seconds from spawn to the first request the target receives. */
    const firstRequest = async (p: Peer) => {
      const id = `client-${n++}`;
      const spec = join(dir, `${id}.spec.json`);
      writeFileSync(spec, JSON.stringify({ experiment: 'bench-cli', instance: id, driver: { kind: 'http', target: { host: '127.0.0.1', port } }, executor: { type: 'closed-loop', connections: 1 }, durationMs: 200, warmupMs: 0 }));
      let spawnedAt = 0;
      target.firstRequestAt = undefined;
      const r = await timed([...p.argv, 'client', '--spec', spec, '--out', join(dir, `${id}.result.json`)], dir, p.env, () => (spawnedAt = performance.now()));
      if (r.code !== 0 || target.firstRequestAt === undefined) throw new Error(`${p.name}: bench client failed (exit ${r.code}) or sent nothing:\n${r.stderr}`);
      return (target.firstRequestAt - spawnedAt) / 1000;
    };
    // tsx compiles a source once and caches it: one unmeasured run of each command warms that cache, as in daily use.
    for (const p of peers) {
      await command(p, ['--help'], 'validate');
      await command(p, ['validate', 'recipes/quickstart.yaml'], 'ok');
      await firstRequest(p);
    }
    for (let run = 0; run < RUNS; run++) {
      // Each round starts with another peer.
      for (const p of [...peers.slice(run % peers.length), ...peers.slice(0, run % peers.length)]) {
        const f = figures[p.name];
        const help = await command(p, ['--help'], 'validate');
        f.help.push(help.seconds);
        f.helpCpu.push(help.cpuS);
        const validate = await command(p, ['validate', 'recipes/quickstart.yaml'], 'ok');
        f.validate.push(validate.seconds);
        f.validateCpu.push(validate.cpuS);
        f.rssMb.push(validate.rssMb);

        f.client.push(await firstRequest(p));
      }
    }

    const med = (k: Figure) => Object.fromEntries(peers.map((p) => [p.name, figures[p.name][k].every(Number.isFinite) ? round(median(figures[p.name][k]), k === 'rssMb' ? 1 : 3) : null])) as Record<PeerName, number | null>;
    const ratios = (m: Record<PeerName, number | null>) => ({ original_over_build: m.original && m.build ? round(m.original / m.build, 2) : null, tsx_over_build: m.tsx && m.build ? round(m.tsx / m.build, 2) : null });
    const help = med('help');
    const validate = med('validate');
    const rssMb = med('rssMb');
    const client = med('client');
    const helpCpu = med('helpCpu');
    const validateCpu = med('validateCpu');
    const row = (label: string, m: Record<PeerName, number | null>, unit: string) => {
      const r = ratios(m);
      say(`  ${label.padEnd(34)} before ${String(m.original).padStart(6)} ${unit} · tsx ${String(m.tsx).padStart(6)} ${unit} · build ${String(m.build).padStart(6)} ${unit}   (before/build ${r.original_over_build}x, tsx/build ${r.tsx_over_build}x)`);
    };
    say(`\nmedians of ${RUNS} (wall time from spawn${rss ? `; RSS by ${TIME}` : ''}):`);
    row('bench --help', help, 's');
    row('bench validate quickstart', validate, 's');
    if (rss) row('bench validate peak RSS', rssMb, 'MB');
    row('bench client, spawn -> 1st request', client, 's');
    if (rss) {
      say(`CPU seconds (user + system; steadier than wall time when other work shares the machine):`);
      row('bench --help', helpCpu, 's');
      row('bench validate quickstart', validateCpu, 's');
    }

    const summary = {
      runs: RUNS,
      cores: cpus().length,
      load_average_before: loadBefore,
      load_average_after: loadAverage(),
      help_s: help,
      validate_s: validate,
      validate_rss_mb: rss ? rssMb : null,
      client_first_request_s: client,
      cpu_s: rss ? { help: helpCpu, validate: validateCpu } : null,
      ratios: { help: ratios(help), validate: ratios(validate), validate_rss: rss ? ratios(rssMb) : null, client_first_request: ratios(client) },
      goals: { help_s: GOALS.helpS, validate_s: GOALS.validateS, client_first_request_s: GOALS.clientFirstRequestS },
      goals_met: {
        help_s: help.build !== null && help.build <= GOALS.helpS,
        validate_s: validate.build !== null && validate.build <= GOALS.validateS,
        client_first_request_s: client.build !== null && client.build <= GOALS.clientFirstRequestS,
      },
    };
    say(`\nload average after: ${summary.load_average_after} (on ${cpus().length} cores; above that, other work shared the machine)`);
    say(JSON.stringify(summary));
  } finally {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:cli failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
