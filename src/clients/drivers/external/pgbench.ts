import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { clampLatencyUs, createLatencyHistogram } from '../../results/histogram';
import { parseDriverOptions } from '../driver';
import { ToolOutputError, wholeSeconds, type ExternalTool, type ToolOutput } from './external-tool';

const pgbenchOptionsSchema = z.strictObject({
  builtin: z.enum(['tpcb-like', 'simple-update', 'select-only']).default('tpcb-like'),
  scale: z.number().int().positive().default(1),
  /** Run `pgbench -i` first (drops and recreates the pgbench tables). */
  init: z.boolean().default(true),
  threads: z.number().int().positive().default(1),
  database: z.string().default('postgres'),
  user: z.string().default('postgres'),
});

const LOG_PREFIX = 'pgbench_log';

function connArgs(spec: Parameters<ExternalTool['command']>[0], o: z.output<typeof pgbenchOptionsSchema>): string[] {
  return ['-h', spec.driver.target.host, '-p', String(spec.driver.target.port), '-U', o.user];
}

export const pgbenchTool: ExternalTool = {
  kind: 'pgbench',
  description: "pgbench (PostgreSQL's own benchmark) as a whole process",
  options: pgbenchOptionsSchema,
  protocols: ['postgresql'],
  prepare(spec) {
    const o = parseDriverOptions('pgbench', pgbenchOptionsSchema, spec.driver.options);
    if (!o.init) return undefined;
    return { command: 'pgbench', args: [...connArgs(spec, o), '-i', '-q', '-s', String(o.scale), o.database], threads: 1 };
  },
  command(spec, workDir, phase) {
    if (spec.executor.type !== 'closed-loop') throw new ToolOutputError(`executor.type: pgbench runs a closed loop only; use closed-loop (got ${spec.executor.type})`);
    const o = parseDriverOptions('pgbench', pgbenchOptionsSchema, spec.driver.options);
    const clients = spec.executor.connections;
    const args = [...connArgs(spec, o), '-n', '-b', o.builtin, '-c', String(clients), '-j', String(Math.min(o.threads, clients))];
    if (phase === 'warmup') args.push('-T', String(wholeSeconds(spec.warmupMs)));
    else if (spec.durationMs !== undefined) args.push('-T', String(wholeSeconds(spec.durationMs)));
    // pgbench counts transactions per client.
    else args.push('-t', String(Math.ceil((spec.requests as number) / clients)));
    if (phase === 'measure') args.push('-l', `--log-prefix=${join(workDir, LOG_PREFIX)}`);
    args.push(o.database);
    return { command: 'pgbench', args, threads: Math.min(o.threads, clients) };
  },
  parse: parsePgbenchOutput,
};

/**
 * The stdout summary gives the duration; the per-transaction log (-l) gives every latency, so the
 * histogram is exact. Log lines: client_id transaction_no time_us script_no epoch_s epoch_us;
 * failed or skipped transactions have a word in place of the time.
 */
export function parsePgbenchOutput(stdout: string, workDir: string): ToolOutput {
  const processed = /number of transactions actually processed: (\d+)/.exec(stdout);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  if (!processed || !tps) throw new ToolOutputError(`pgbench printed no summary; output was:\n${stdout.slice(0, 2000)}`);
  const histogram = createLatencyHistogram();
  const errors: Record<string, number> = {};
  let ok = 0;
  const logs = readdirSync(workDir).filter((f) => f.startsWith(LOG_PREFIX));
  if (logs.length === 0) throw new ToolOutputError(`pgbench wrote no transaction log (${LOG_PREFIX}.*) in ${workDir}`);
  for (const file of logs) {
    for (const line of readFileSync(join(workDir, file), 'utf8').split('\n')) {
      const time = line.split(' ')[2];
      if (time === undefined) continue;
      if (/^\d+$/.test(time)) {
        histogram.recordValue(clampLatencyUs(Number(time)));
        ok++;
      } else {
        errors[`pgbench_${time}`] = (errors[`pgbench_${time}`] ?? 0) + 1;
      }
    }
  }
  return { ok, errors, durationMs: (Number(processed[1]) / Number(tps[1])) * 1000, histogram, warnings: [] };
}
