/** Linux process facts from /proc, used to tell a live process from a reused pid. */
import { readdirSync, readFileSync } from 'node:fs';

/** Start time in clock ticks since boot (field 22 of /proc/PID/stat), or undefined when the process is gone. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined; // a zombie has finished
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

export function isSameProcessAlive(pid: number, startTime: number): boolean {
  return processStartTime(pid) === startTime;
}

/** Every live pid in a process group. */
export function processGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return members;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return members;
}
