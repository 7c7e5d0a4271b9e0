import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SlurmBackend, waitForRunning } from '../../../src/backends/slurm';
import { cancelJobsNamed, ensureSlurmCluster, pollUntil, uniqueExperiment, type Connection } from '../../helpers/slurm-cluster';

const EVIL = [
  '$(touch benchpwned)',
  '`touch benchpwned`',
  `'; touch benchpwned; '`,
  `"; touch benchpwned; "`,
  'a\ntouch benchpwned\nb',
  '$HOME ${PATH} \\ * ?',
];

let conn: Connection;
const experiment = uniqueExperiment('inject');

beforeAll(async () => {
  conn = await ensureSlurmCluster();
});
afterEach(() => cancelJobsNamed(conn, `bench-${experiment}`));

async function findInjected(): Promise<string> {
  const dirs = [conn.sharedDir, process.cwd(), os.homedir(), os.tmpdir()];
  const { stdout } = await promisify(execFile)('find', [...dirs, '-name', 'benchpwned*'], { maxBuffer: 64 << 20 }).catch((e) => e as { stdout: string });
  return stdout.trim();
}

test('recipe values in command, env, cwd, labels and job fields reach the job literally and run nothing', async () => {
  // Job fields a cluster accepts without checking (no accounting database here) carry the payload too.
  const backend = new SlurmBackend({ ...conn, account: EVIL[0], qos: EVIL[2] });
  try {
    const spec = {
      id: `${experiment}.service.${EVIL[1]}.0`,
      labels: { experiment, role: 'service' as const, name: EVIL.join('|') },
      // Our own fixed script prints its arguments and the environment variable back.
      command: ['/bin/sh', '-c', 'printf "<%s>\\n" "$@"; printf "env=<%s>\\n" "$EVIL"; printf "cwd=<%s>\\n" "$PWD"', 'sh', ...EVIL],
      env: { EVIL: EVIL.join('|') },
      cwd: `work ${EVIL.join(' ')}`,
      logFile: path.join(os.tmpdir(), `${experiment}.log`),
    };
    const handle = await backend.launch(spec);
    await waitForRunning(backend, handle, { pollMs: 100, maxPendingMs: 60_000 });
    const status = await pollUntil('the job to end', async () => {
      const s = await backend.status(handle);
      return s.state === 'running' || s.state === 'pending' ? undefined : s;
    });
    expect(status).toMatchObject({ state: 'exited', exitCode: 0 });
    const out = await backend.logs(handle);
    for (const v of EVIL) expect(out).toContain(`<${v}>`);
    expect(out).toContain(`env=<${EVIL.join('|')}>`);
    expect(out).toContain(`cwd=<${handle.ref.jobDir}/work ${EVIL.join(' ')}>`);
    expect(await findInjected()).toBe('');
  } finally {
    await backend.close();
  }
});
