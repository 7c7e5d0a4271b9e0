import { z } from 'zod';
import { clampLatencyUs, createLatencyHistogram } from '../../results/histogram';
import { parseDriverOptions } from '../driver';
import { ToolOutputError, wholeSeconds, type ExternalTool, type ToolOutput } from './external-tool';

const fioOptionsSchema = z.strictObject({
  /** File (or device) to exercise; fio creates a file of `size`. */
  filename: z.string().optional(),
  /** Or a folder (a filesystem service's path): each job gets its own file there. */
  directory: z.string().optional(),
  rw: z.enum(['read', 'write', 'randread', 'randwrite', 'rw', 'randrw']).default('randread'),
  bs: z.string().regex(/^\d+[kKmM]?$/, 'bs is a block size like 4k').default('4k'),
  size: z.string().regex(/^\d+[kKmMgG]?$/, 'size is like 64m').default('64m'),
  ioengine: z.enum(['psync', 'sync', 'libaio', 'io_uring', 'posixaio']).default('psync'),
  iodepth: z.number().int().positive().default(1),
  direct: z.boolean().default(false),
}).refine((o) => (o.filename === undefined) !== (o.directory === undefined), {
  message: "give fio either filename (a file or device) or directory (a folder, e.g. a filesystem service's path)",
});

/** fio: executor.connections becomes numjobs; the target host/port are not used. */
export const fioTool: ExternalTool = {
  kind: 'fio',
  description: 'fio (Debian) exercising a file or device; connections become numjobs',
  options: fioOptionsSchema,
  protocols: ['storage'],
  command(spec, _workDir, phase) {
    if (spec.executor.type !== 'closed-loop') throw new ToolOutputError(`executor.type: fio runs a closed loop only; use closed-loop (got ${spec.executor.type})`);
    const o = parseDriverOptions('fio', fioOptionsSchema, spec.driver.options);
    const args = [
      '--name=bench', ...(o.filename ? [`--filename=${o.filename}`] : []), ...(o.directory ? [`--directory=${o.directory}`] : []), `--rw=${o.rw}`, `--bs=${o.bs}`, `--size=${o.size}`, `--ioengine=${o.ioengine}`,
      `--iodepth=${o.iodepth}`, `--direct=${o.direct ? 1 : 0}`, `--numjobs=${spec.executor.connections}`, '--group_reporting', '--output-format=json+',
    ];
    if (phase === 'warmup') args.push(`--runtime=${wholeSeconds(spec.warmupMs)}`, '--time_based');
    else if (spec.durationMs !== undefined) args.push(`--runtime=${wholeSeconds(spec.durationMs)}`, '--time_based');
    else args.push(`--number_ios=${Math.ceil((spec.requests as number) / spec.executor.connections)}`);
    return { command: 'fio', args, threads: spec.executor.connections };
  },
  parse: parseFioOutput,
};

interface FioDirection {
  total_ios: number;
  runtime: number;
  clat_ns?: { N: number; bins?: Record<string, number> };
}

/** `--output-format=json+`: completion-latency bins in ns give an exact histogram. Directions add up. */
export function parseFioOutput(stdout: string): ToolOutput {
  const start = stdout.indexOf('{');
  let json: { jobs?: Array<{ error: number; read: FioDirection; write: FioDirection; trim: FioDirection }> };
  try {
    json = JSON.parse(stdout.slice(start));
  } catch {
    throw new ToolOutputError(`fio output is not JSON (run with --output-format=json+); output was:\n${stdout.slice(0, 2000)}`);
  }
  if (!json.jobs?.length) throw new ToolOutputError('fio JSON has no jobs');
  const histogram = createLatencyHistogram();
  const errors: Record<string, number> = {};
  let ok = 0;
  let durationMs = 0;
  for (const job of json.jobs) {
    if (job.error) errors[`fio_errno_${job.error}`] = (errors[`fio_errno_${job.error}`] ?? 0) + 1;
    for (const dir of [job.read, job.write, job.trim]) {
      if (!dir || dir.total_ios === 0) continue;
      const bins = dir.clat_ns?.bins;
      if (!bins) throw new ToolOutputError('fio JSON has no clat_ns.bins: use --output-format=json+ (plain json has percentiles only)');
      for (const [ns, count] of Object.entries(bins)) histogram.recordValueWithCount(clampLatencyUs(Number(ns) / 1000), count);
      ok += dir.clat_ns?.N ?? dir.total_ios;
      durationMs = Math.max(durationMs, dir.runtime);
    }
  }
  return { ok, errors, durationMs, histogram, warnings: [] };
}
