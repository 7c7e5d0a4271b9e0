import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slurmConfigFrom } from '../../../src/backends/slurm/load-config';

test('recipe fields win over the connection file, which fills the rest', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-slurmcfg-'));
  writeFileSync(path.join(dir, 'connection.json'), JSON.stringify({ host: '127.0.0.1', port: 2222, username: 'root', sharedDir: '/s', partition: 'debug' }));
  expect(slurmConfigFrom({ connection: 'connection.json', partition: 'gpu', account: undefined }, dir)).toEqual({ host: '127.0.0.1', port: 2222, username: 'root', sharedDir: '/s', partition: 'gpu' });
});

test('missing pieces are named with the fix', () => {
  expect(() => slurmConfigFrom({ host: 'h', username: 'u' })).toThrow(/slurm\.sharedDir is missing/);
  expect(() => slurmConfigFrom({ connection: '/nonexistent/connection.json' })).toThrow(/slurm\.connection: cannot read .*npm run slurm:up/);
});
