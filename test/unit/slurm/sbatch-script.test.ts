import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LaunchSpec } from '../../../src/backends/backend';
import { jobPaths, renderJobScript, sbatchOptions } from '../../../src/backends/slurm/sbatch-script';

const EVIL = '$(touch injected) `touch injected` \'q\' "d" \\ \n touch injected';

function fakeTools(dir: string): string {
  const bin = path.join(dir, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  const tool = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  tool('module', 'printf "module<%s>\\n" "$@"');
  tool('srun', 'printf "srun\\n"; exec "$@"');
  tool('apptainer', 'printf "apptainer<%s>\\n" "$@"');
  return bin;
}

const baseSpec = (over: Partial<LaunchSpec> = {}): LaunchSpec => ({
  id: 'e.service.x.0',
  labels: { experiment: 'e', role: 'service', name: 'x' },
  command: ['/bin/sh', '-c', 'printf "arg<%s>\\n" "$@"; printf "env<%s>\\n" "$EVIL"', 'sh', EVIL],
  env: { EVIL },
  cwd: `w ${EVIL}`,
  logFile: '/dev/null',
  ...over,
});

function runScript(spec: LaunchSpec, modules: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-sbatch-'));
  const shared = path.join(dir, 'shared');
  const paths = jobPaths(shared, 'bench-e.service.x.0', spec.cwd);
  const script = renderJobScript(spec, { host: 'h', username: 'u', sharedDir: shared, modules }, 'bench-e.service.x.0', paths);
  const file = path.join(dir, 'job.sh');
  writeFileSync(file, script);
  const out = execFileSync('bash', [file], { cwd: dir, env: { PATH: `${fakeTools(dir)}:/usr/bin:/bin` } }).toString();
  const injected = execFileSync('find', [dir, '-name', 'injected']).toString();
  return { out, injected, paths, script };
}

test('the script passes argv, env, cwd and modules through literally', () => {
  const { out, injected, paths } = runScript(baseSpec(), [EVIL]);
  expect(injected).toBe('');
  expect(out).toContain(`module<load>\nmodule<${EVIL}>\n`);
  expect(out).toContain(`arg<${EVIL}>`);
  expect(out).toContain(`env<${EVIL}>`);
  expect(readdirSync(paths.jobDir)).toEqual([`w ${EVIL}`]);
});

test('an image runs through apptainer exec, tasks through srun, GPUs add --nv', () => {
  const spec = baseSpec({ image: `img ${EVIL}.sif`, resources: { tasks: 2, gpus: 1 } });
  const { out, injected, paths } = runScript(spec, []);
  expect(injected).toBe('');
  const args = [...out.matchAll(/apptainer<([^>]*)>/g)].map((m) => m[1]);
  expect(out.startsWith('srun\n')).toBe(true);
  expect(args.slice(0, 7)).toEqual(['exec', '--nv', '--bind', path.dirname(path.dirname(paths.jobDir)), '--pwd', paths.workdir, `img ${EVIL}.sif`]);
});

test('sbatch options carry resources and reject nonsense with the field name', () => {
  const spec = baseSpec({ resources: { cpus: 2, memoryMb: 512, gpus: 1, nodes: 1, tasks: 3 } });
  const paths = jobPaths('/s', 'bench-j');
  const opts = sbatchOptions(spec, { host: 'h', username: 'u', sharedDir: '/s', partition: 'p', account: 'a', qos: 'q', timeLimit: '01:00:00' }, 'bench-j', paths, '{"c":1}', ['n1', 'n2']);
  expect(opts).toEqual([
    '--parsable',
    '--job-name=bench-j',
    '--no-requeue',
    '--output=/s/bench-jobs/bench-j/output-%j.log',
    '--comment={"c":1}',
    '--partition=p',
    '--account=a',
    '--qos=q',
    '--time=01:00:00',
    '--nodes=1',
    '--ntasks=3',
    '--cpus-per-task=2',
    '--mem=512M',
    '--gres=gpu:1',
    '--exclude=n1,n2',
  ]);
  expect(() => sbatchOptions(baseSpec({ resources: { cpus: 1.5 } }), { host: 'h', username: 'u', sharedDir: '/s' }, 'j', paths, '')).toThrow(/resources\.cpus: 1\.5 must be a positive whole number/);
  expect(() => renderJobScript(baseSpec({ env: { 'BAD;x': '1' } }), { host: 'h', username: 'u', sharedDir: '/s' }, 'j', paths)).toThrow(/env\.BAD;x/);
  expect(() => renderJobScript(baseSpec({ command: [] }), { host: 'h', username: 'u', sharedDir: '/s' }, 'j', paths)).toThrow(/command is empty/);
});
