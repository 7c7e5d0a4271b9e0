import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkHostKey, knownKeysFor } from '../../../src/backends/slurm/known-hosts';

const KEY = Buffer.from('the-real-key').toString('base64');
const OTHER = Buffer.from('another-key').toString('base64');

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

test('matches plain, bracketed-port, wildcard and hashed names; skips negations and revoked keys', () => {
  const text = [
    '# comment',
    `login.example ssh-ed25519 ${KEY}`,
    `[127.0.0.1]:2222 ssh-ed25519 ${KEY}`,
    `*.cluster,!bad.cluster ssh-ed25519 ${KEY}`,
    `${hashed('[10.0.0.5]:2200')} ssh-ed25519 ${KEY}`,
    `@revoked [127.0.0.1]:2222 ssh-ed25519 ${OTHER}`,
  ].join('\n');
  expect(knownKeysFor(text, 'login.example', 22).keys).toEqual([KEY]);
  expect(knownKeysFor(text, '127.0.0.1', 2222)).toEqual({ keys: [KEY], revoked: [OTHER] });
  expect(knownKeysFor(text, '127.0.0.1', 22).keys).toEqual([]);
  expect(knownKeysFor(text, 'n1.cluster', 22).keys).toEqual([KEY]);
  expect(knownKeysFor(text, 'bad.cluster', 22).keys).toEqual([]);
  expect(knownKeysFor(text, '10.0.0.5', 2200).keys).toEqual([KEY]);
});

test('checkHostKey says what is wrong and how to fix it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-kh-'));
  const file = path.join(dir, 'known_hosts');
  writeFileSync(file, `[h]:2222 ssh-ed25519 ${KEY}\n@revoked [h]:2222 ssh-ed25519 ${OTHER}\n`);
  expect(checkHostKey(file, 'h', 2222, Buffer.from(KEY, 'base64'))).toBeUndefined();
  expect(checkHostKey(file, 'h', 2222, Buffer.from('x'))?.message).toMatch(/HOST KEY MISMATCH for \[h\]:2222.*ssh-keygen -R/);
  expect(checkHostKey(file, 'h', 2222, Buffer.from(OTHER, 'base64'))?.message).toMatch(/@revoked/);
  expect(checkHostKey(file, 'g', 22, Buffer.from(KEY, 'base64'))?.message).toMatch(/host g is not in .*ssh-keyscan -p 22 g/);
  expect(checkHostKey(path.join(dir, 'missing'), 'h', 22, Buffer.from(KEY, 'base64'))?.message).toMatch(/cannot read known_hosts file/);
});
