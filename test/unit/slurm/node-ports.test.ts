import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { portToken, type LaunchSpec } from '../../../src/backends/backend';
import { portsToPick, shellWordWithPorts } from '../../../src/backends/slurm/node-ports';
import { jobPaths, renderJobScript } from '../../../src/backends/slurm/sbatch-script';

/** Renders the job script of `spec` and runs it with bash as SLURM would (job id 77), in a temp shared folder. */
function runJob(spec: LaunchSpec) {
  const shared = mkdtempSync(path.join(os.tmpdir(), 'bench-node-ports-'));
  const paths = jobPaths(shared, 'bench-e.monitor.x.0', spec.cwd);
  mkdirSync(paths.jobDir, { recursive: true });
  for (const f of spec.files ?? []) {
    mkdirSync(path.dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.content);
  }
  const script = path.join(paths.jobDir, 'job.sh');
  writeFileSync(script, renderJobScript(spec, { host: 'h', username: 'u', sharedDir: shared }, 'bench-e.monitor.x.0', paths));
  const out = execFileSync('bash', [script], { env: { PATH: '/usr/bin:/bin', SLURM_JOB_ID: '77' } }).toString();
  return { out, paths, shared };
}

test('ports named 0 are picked on the node, put into the command and the staged files, and reported in ports-<job>.json', async () => {
  // A port busy on "the node" (this host) must never be picked: occupy one and check it is skipped by reading /proc.
  const busy = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => busy.once('listening', r));
  try {
    const shared = os.tmpdir();
    const config = path.join(shared, `bench-node-ports-${process.pid}.yml`);
    const spec: LaunchSpec = {
      id: 'e.monitor.x.0',
      labels: { experiment: 'e', role: 'monitor', name: 'x' },
      command: ['/bin/sh', '-c', 'printf "arg<%s>\\n" "$@"; cat "$0"', config, `--listen=0.0.0.0:${portToken('web')}`, `${portToken('web')}/${portToken('metrics')}`, "it's {port:unknown}"],
      ports: { web: 0, metrics: 0, fixed: 9000 },
      files: [{ path: config, content: `self: 127.0.0.1:${portToken('web')}\nm: ${portToken('metrics')}\n` }],
      logFile: '/dev/null',
    };
    const { out, paths } = runJob(spec);
    const reported = JSON.parse(readFileSync(path.join(paths.jobDir, 'ports-77.json'), 'utf8'));
    expect(Object.keys(reported).sort()).toEqual(['metrics', 'web']);
    const { web, metrics } = reported as { web: number; metrics: number };
    expect(web).not.toBe(metrics);
    for (const p of [web, metrics]) {
      expect(p).toBeGreaterThanOrEqual(20000);
      expect(p).toBeLessThan(60000);
      expect(p).not.toBe((busy.address() as net.AddressInfo).port);
    }
    expect(out).toContain(`arg<--listen=0.0.0.0:${web}>\narg<${web}/${metrics}>\narg<it's {port:unknown}>\n`);
    expect(out).toContain(`self: 127.0.0.1:${web}\nm: ${metrics}\n`);
    expect(readdirSync(paths.jobDir).filter((f) => f.startsWith('ports-'))).toEqual(['ports-77.json']);
  } finally {
    busy.close();
  }
});

test('a launch without ports to pick writes no ports file and quotes its command as before', () => {
  const spec: LaunchSpec = { id: 'e.service.y.0', labels: { experiment: 'e', role: 'service', name: 'y' }, command: ['echo', portToken('web')], ports: { web: 6379 }, logFile: '/dev/null' };
  const { out, paths } = runJob(spec);
  expect(out).toBe(`${portToken('web')}\n`);
  expect(readdirSync(paths.jobDir).some((f) => f.startsWith('ports-'))).toBe(false);
});

test('port names that cannot be shell variables are refused; a word without tokens is quoted plainly', () => {
  expect(() => portsToPick({ 'we b': 0 })).toThrow(/letters, digits and _/);
  expect(shellWordWithPorts("a'b", ['web'])).toBe(`'a'\\''b'`);
  expect(shellWordWithPorts(portToken('web'), ['web'])).toBe('"${BENCH_PORT_web}"');
});
