import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { HostKeyError, SlurmBackend } from '../../../src/backends/slurm';
import { ensureSlurmCluster, type Connection } from '../../helpers/slurm-cluster';

let conn: Connection;
let dir: string;
/** known_hosts naming the cluster's address with some other key. */
let wrongKnownHosts: string;

beforeAll(async () => {
  conn = await ensureSlurmCluster();
  dir = await mkdtemp(path.join(os.tmpdir(), 'bench-hostkey-'));
  const keyFile = path.join(dir, 'other');
  await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  const otherKey = (await readFile(`${keyFile}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
  wrongKnownHosts = path.join(dir, 'known_hosts_wrong');
  await writeFile(wrongKnownHosts, `[${conn.host}]:${conn.port} ${otherKey}\n`);
});

async function tryList(knownHostsPath: string, extra: Partial<Connection> = {}, warnings: string[] = []) {
  const backend = new SlurmBackend({ ...conn, knownHostsPath, ...extra }, { log: { warn: (m) => warnings.push(m) } });
  try {
    return await backend.list({ experiment: 'none' });
  } finally {
    await backend.close();
  }
}

test('a host key that differs from known_hosts rejects the connection with a clear error', async () => {
  const err = await tryList(wrongKnownHosts).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(HostKeyError);
  expect((err as Error).message).toContain(`HOST KEY MISMATCH for [${conn.host}]:${conn.port}`);
  expect((err as Error).message).toContain('ssh-keygen -R');
});

test('an unknown host is rejected with the command that adds it', async () => {
  const kh = path.join(dir, 'known_hosts_empty');
  await writeFile(kh, '');
  await expect(tryList(kh)).rejects.toThrow(`is not in ${kh}; verify its fingerprint and add it with: ssh-keyscan -p ${conn.port} ${conn.host}`);
});

test('the right key (also hashed, as ssh-keygen -H writes it) connects', async () => {
  await expect(tryList(conn.knownHostsPath)).resolves.toEqual([]);
  const hashed = path.join(dir, 'known_hosts_hashed');
  await writeFile(hashed, await readFile(conn.knownHostsPath));
  await promisify(execFile)('ssh-keygen', ['-H', '-f', hashed]);
  expect(await readFile(hashed, 'utf8')).toMatch(/^\|1\|/);
  await expect(tryList(hashed)).resolves.toEqual([]);
});

test('insecureSkipHostKeyCheck connects despite a mismatch and warns loudly', async () => {
  const warnings: string[] = [];
  await expect(tryList(wrongKnownHosts, { insecureSkipHostKeyCheck: true }, warnings)).resolves.toEqual([]);
  expect(warnings.join('\n')).toMatch(/WARNING: slurm\.insecureSkipHostKeyCheck is on/);
});
