import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { folderWalkCommand, folderWriter } from '../../../src/backends/kubernetes/folder-stream';

describe('kubernetes folder stream (copyFrom without tar)', () => {
  it('recreates folders and files, dot files and binary content included, and skips symlinks', async () => {
    const src = mkdtempSync(path.join(os.tmpdir(), 'bench-walk-src-'));
    const dst = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-walk-dst-')), 'out');
    mkdirSync(path.join(src, 'wal', 'empty'), { recursive: true });
    const binary = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256));
    writeFileSync(path.join(src, 'wal', '00000001'), binary);
    writeFileSync(path.join(src, '.hidden'), 'h');
    writeFileSync(path.join(src, 'a b $(x).txt'), 'spaces\n');
    writeFileSync(path.join(src, 'empty.txt'), '');
    symlinkSync('/etc/passwd', path.join(src, 'link'));
    const [, ...args] = folderWalkCommand(src + '/');
    const child = spawn('dash', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const code = new Promise((r) => child.on('exit', r));
    await pipeline(child.stdout, folderWriter(dst));
    expect(await code).toBe(0);
    expect(readFileSync(path.join(dst, 'wal', '00000001')).equals(binary)).toBe(true);
    expect(readFileSync(path.join(dst, '.hidden'), 'utf8')).toBe('h');
    expect(readFileSync(path.join(dst, 'a b $(x).txt'), 'utf8')).toBe('spaces\n');
    expect(readFileSync(path.join(dst, 'empty.txt'), 'utf8')).toBe('');
    expect(readdirSync(path.join(dst, 'wal', 'empty'))).toEqual([]);
    expect(readdirSync(dst).sort()).toEqual(['.hidden', 'a b $(x).txt', 'empty.txt', 'wal']);
  });

  it('refuses paths that leave the folder', async () => {
    const dst = mkdtempSync(path.join(os.tmpdir(), 'bench-walk-evil-'));
    const w = folderWriter(dst);
    const failed = new Promise((r) => w.on('error', r));
    w.write('@@bench-file ../escape\nYQ==\n@@bench-end\n');
    expect(String(await failed)).toMatch(/would leave/);
  });
});
