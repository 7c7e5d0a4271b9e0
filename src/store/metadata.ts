/** metadata.out: provenance of one experiment, as `key: value` lines a person can read and a script can parse. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write';

export type Metadata = Record<string, string>;

export function readMetadata(file: string): Metadata {
  if (!existsSync(file)) return {};
  const out: Metadata = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 2);
  }
  return out;
}

export function writeMetadata(file: string, values: Metadata): void {
  const body = Object.entries(values)
    .map(([k, v]) => `${k}: ${String(v).replace(/\n/g, ' ')}`)
    .join('\n');
  writeFileAtomic(file, body + '\n');
}

export function updateMetadata(file: string, values: Metadata): Metadata {
  const merged = { ...readMetadata(file), ...values };
  writeMetadata(file, merged);
  return merged;
}

export function hostFacts(projectRoot: string): Metadata {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  return {
    bench_version: pkg.version,
    node_version: process.version,
    user: safe(() => os.userInfo().username) ?? 'unknown',
    host: os.hostname(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown'}`,
    memory_gib: (os.totalmem() / 2 ** 30).toFixed(1),
    git_commit: gitCommit(projectRoot),
  };
}

/**
 * The checkout's commit, looked up once per process: the code that runs was loaded at start, and a
 * synchronous `git` per experiment blocked a busy worker's event loop.
 */
const commits = new Map<string, string>();
function gitCommit(projectRoot: string): string {
  let commit = commits.get(projectRoot);
  if (commit === undefined) {
    commit = safe(() => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()) ?? 'unknown';
    commits.set(projectRoot, commit);
  }
  return commit;
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
