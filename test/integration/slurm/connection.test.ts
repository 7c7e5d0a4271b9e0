import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SlurmBackend } from '../../../src/backends/slurm';
import { execRemote } from '../../../src/backends/slurm/remote-exec';
import { ensureSlurmCluster, pollUntil, type Connection } from '../../helpers/slurm-cluster';

let conn: Connection;
let agent: ChildProcess | undefined;

beforeAll(async () => {
  conn = await ensureSlurmCluster();
});
afterAll(() => {
  agent?.kill();
});

async function sinfoThrough(config: ConstructorParameters<typeof SlurmBackend>[0]): Promise<string> {
  const backend = new SlurmBackend(config);
  try {
    return (await execRemote(backend.connection, ['sinfo', '-h', '-p', config.partition ?? 'debug', '-o', '%P'])).stdout.trim();
  } finally {
    await backend.close();
  }
}

test('through a jump host (the login node itself, forwarding to its own sshd)', async () => {
  const jumpHost = { host: conn.host, port: conn.port, username: conn.username, privateKeyPath: conn.privateKeyPath, knownHostsPath: conn.knownHostsPath };
  expect(await sinfoThrough({ ...conn, jumpHost })).toBe(`${conn.partition}*`);
});

test('with the key in an ssh-agent instead of a key file', async () => {
  const sock = path.join(await mkdtemp(path.join(os.tmpdir(), 'bench-agent-')), 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  await pollUntil('ssh-agent socket', () => promisify(execFile)('ssh-add', ['-l'], { env: { SSH_AUTH_SOCK: sock } }).then(() => true, (e: { code?: number }) => (e.code === 1 ? true : undefined)));
  await promisify(execFile)('ssh-add', [conn.privateKeyPath], { env: { SSH_AUTH_SOCK: sock } });
  expect(await sinfoThrough({ ...conn, privateKeyPath: undefined, agent: sock })).toBe(`${conn.partition}*`);
});

test('without key or agent the error says how to authenticate', async () => {
  const saved = process.env.SSH_AUTH_SOCK;
  delete process.env.SSH_AUTH_SOCK;
  try {
    await expect(sinfoThrough({ ...conn, privateKeyPath: undefined })).rejects.toThrow(/set privateKeyPath, or run an ssh-agent/);
  } finally {
    if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
  }
});
