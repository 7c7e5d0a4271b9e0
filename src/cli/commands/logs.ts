import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LEVEL_ORDER, type LogEntry } from '../../logs/log-entry';
import { formatEntry, logFiles, matches, parseFile, parseSince, readLogs, type LogFilter } from '../../logs/read-logs';
import { CliError, EXIT } from '../exit-codes';
import { experimentFolderArg } from '../folder-arg';

interface LogsOptions {
  output?: string;
  component?: string[];
  level?: string;
  grep?: string;
  since?: string;
  follow?: boolean;
  json?: boolean;
}

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description("an experiment's logs (services, clients, monitor, orchestrator) merged by time")
    .argument('<id>', 'experiment id')
    .option('--output <dir>', 'experiments folder (default: BENCH_EXPERIMENTS_DIR or ./experiments)')
    .option('--component <name...>', 'only these: service, client, monitor, exporter, orchestrator, or a file name like client-mixed-0')
    .option('--level <level>', `minimum level (${LEVEL_ORDER.join(', ')})`)
    .option('--grep <regex>', 'only lines matching this regular expression (case-insensitive)')
    .option('--since <when>', 'only lines newer than a duration ago (10m, 30s) or an ISO time')
    .option('-f, --follow', 'keep printing new lines as they are written (Ctrl-C to stop)')
    .option('--json', 'one JSON object per line')
    .action(async (id: string, opts: LogsOptions) => {
      const folder = experimentFolderArg(id, opts.output);
      if (opts.level && !LEVEL_ORDER.includes(opts.level)) throw new CliError(`--level ${opts.level}: use one of ${LEVEL_ORDER.join(', ')}`, EXIT.badInput);
      let filter: LogFilter;
      try {
        filter = { component: opts.component, level: opts.level, grep: opts.grep ? new RegExp(opts.grep, 'i') : undefined, sinceMs: opts.since ? parseSince(opts.since) : undefined };
      } catch (e) {
        throw new CliError((e as Error).message, EXIT.badInput);
      }
      const print = (e: LogEntry) => process.stdout.write((opts.json ? JSON.stringify({ time: new Date(e.time).toISOString(), level: e.level, component: e.component, instance: e.instance, msg: e.msg, file: `logs/${e.file}.log`, ...(e.fields ? { fields: e.fields } : {}) }) : formatEntry(e)) + '\n');
      readLogs(folder.logsDir, filter).forEach(print);
      if (opts.follow) await follow(folder.logsDir, filter, print);
    });
}

/** Prints what is appended to any log file (new files too) until interrupted. */
async function follow(dir: string, filter: LogFilter, print: (e: LogEntry) => void): Promise<void> {
  const offsets = new Map(logFiles(dir).map((f) => [f, statSync(f).size]));
  let stop = false;
  process.once('SIGINT', () => (stop = true));
  while (!stop) {
    await new Promise((r) => setTimeout(r, 500));
    const fresh: LogEntry[] = [];
    for (const f of logFiles(dir)) {
      const size = statSync(f).size;
      const from = offsets.get(f) ?? 0;
      if (size <= from) continue;
      const text = readFileSync(f).subarray(from, size).toString('utf8');
      const complete = text.lastIndexOf('\n') + 1;
      if (complete === 0) continue;
      offsets.set(f, from + Buffer.byteLength(text.slice(0, complete)));
      fresh.push(...parseFile(path.join(dir, path.basename(f)), text.slice(0, complete)).filter((e) => matches(e, filter)));
    }
    fresh.sort((a, b) => a.time - b.time).forEach(print);
  }
}
