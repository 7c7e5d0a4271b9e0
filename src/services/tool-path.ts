/**
 * Where a service's program is: the PATH first, then bench's per-machine build cache
 * (`bench setup KIND` builds pinned tools there and links them into <cache>/bin). A program found in
 * neither is returned by name, so a cluster node's own PATH (modules, containers) can still provide it.
 */
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function benchCacheDir(): string {
  return process.env.BENCH_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'bench');
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of `name` on PATH or in the cache's bin/, or undefined. */
export function findTool(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), path.join(benchCacheDir(), 'bin')]) {
    const file = path.join(dir, name);
    if (executable(file)) return file;
  }
  return undefined;
}

export function toolPath(name: string): string {
  return findTool(name) ?? name;
}
