/** Reads, filters and merges an experiment's logs/*.log by time (what `bench logs` shows). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LEVEL_ORDER, LogEntry, parseLine } from './log-entry';

export interface LogFilter {
  component?: string[];
  level?: string;
  grep?: RegExp;
  sinceMs?: number;
}

export function logFiles(logsDir: string): string[] {
  if (!existsSync(logsDir)) return [];
  return readdirSync(logsDir).filter((f) => f.endsWith('.log')).sort().map((f) => path.join(logsDir, f));
}

export function parseFile(file: string, text = readFileSync(file, 'utf8')): LogEntry[] {
  const base = path.basename(file, '.log');
  let previous = statSafe(file) ?? 0;
  // Lines before the first timestamped one inherit the first timestamp found in the file.
  const first = text.split('\n').map((l) => parseLine(l, base, NaN)).find((e) => e && Number.isFinite(e.time));
  previous = first?.time ?? previous;
  const out: LogEntry[] = [];
  for (const line of text.split('\n')) {
    const e = parseLine(line, base, previous);
    if (!e) continue;
    previous = e.time;
    out.push(e);
  }
  return out;
}

export function matches(e: LogEntry, f: LogFilter): boolean {
  if (f.component?.length && !f.component.some((c) => c === e.component || c === e.file || c === `${e.component}-${e.instance}` || c === e.instance)) return false;
  if (f.level && LEVEL_ORDER.indexOf(e.level) < LEVEL_ORDER.indexOf(f.level)) return false;
  if (f.sinceMs !== undefined && e.time < f.sinceMs) return false;
  if (f.grep && !f.grep.test(e.msg) && !(e.fields && f.grep.test(JSON.stringify(e.fields)))) return false;
  return true;
}

/** All entries of all files matching the filter, merged by time (stable within one file). */
export function readLogs(logsDir: string, filter: LogFilter = {}): LogEntry[] {
  const all = logFiles(logsDir).flatMap((f) => parseFile(f).map((e, i) => ({ e, i })));
  return all
    .filter(({ e }) => matches(e, filter))
    .sort((a, b) => a.e.time - b.e.time || a.e.file.localeCompare(b.e.file) || a.i - b.i)
    .map(({ e }) => e);
}

/** "10m", "90s", "2h" ago, or an ISO time. */
export function parseSince(value: string, now = Date.now()): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim());
  if (m) return now - Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms']!;
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw new Error(`--since ${value}: use a duration like 10m or 30s, or an ISO time`);
  return t;
}

export function formatEntry(e: LogEntry): string {
  const lvl = e.level.toUpperCase().padEnd(5);
  const who = e.component === e.instance ? e.component : `${e.component}/${e.instance}`;
  return `${new Date(e.time).toISOString()} ${lvl} ${who.padEnd(22)} ${e.msg}`;
}

function statSafe(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
