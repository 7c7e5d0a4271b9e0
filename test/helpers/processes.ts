import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { processGroupMembers } from '../../src/backends/local/process-info';

/** Every spawn the local backend journaled for an experiment under a BENCH_HOME. */
export function journal(home: string, experiment: string): { event: string; id: string; pid: number; command: string[]; labels: { role: string; name: string } }[] {
  const file = path.join(home, 'local', 'launches.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((e) => e.labels?.experiment === experiment);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

/** Processes of an experiment still alive: every launched pid and its process group. */
export function survivors(home: string, experiment: string): number[] {
  const pids = journal(home, experiment).filter((e) => e.event === 'launch').map((e) => e.pid);
  const alive: number[] = [];
  for (const pid of pids) {
    if (isAlive(pid)) alive.push(pid);
    // Live members of its process group (zombies excluded: they are dead and only wait to be reaped).
    alive.push(...processGroupMembers(pid).filter((m) => m !== pid));
  }
  return alive;
}
