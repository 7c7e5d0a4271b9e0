import { z } from 'zod';
import { clampLatencyUs, createLatencyHistogram } from '../../results/histogram';
import { parseDriverOptions } from '../driver';
import type { SecondSample } from '../../results/result-file';
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
    if (phase === 'measure') args.push('--status-interval=1');
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

type FioDocument = { timestamp_ms?: number; jobs?: Array<{ error: number; elapsed?: number; read: FioDirection; write: FioDirection; trim: FioDirection }> };

/** Completion-latency bins (ns → count) and I/O count of one report, all jobs and directions added. */
function totals(doc: FioDocument): { bins: Map<number, number>; ios: number } {
  const bins = new Map<number, number>();
  let ios = 0;
  for (const job of doc.jobs ?? []) {
    for (const dir of [job.read, job.write, job.trim]) {
      if (!dir || dir.total_ios === 0) continue;
      if (!dir.clat_ns?.bins) throw new ToolOutputError('fio JSON has no clat_ns.bins: use --output-format=json+ (plain json has percentiles only)');
      for (const [ns, count] of Object.entries(dir.clat_ns.bins)) bins.set(Number(ns), (bins.get(Number(ns)) ?? 0) + count);
      ios += dir.clat_ns.N ?? dir.total_ios;
    }
  }
  return { bins, ios };
}

/**
 * `--output-format=json+`: completion-latency bins in ns give an exact histogram; directions add up.
 * With `--status-interval=1` fio prints a cumulative report every second before the final one: the
 * difference of consecutive reports is that second's histogram, so the series is exact too.
 */
export function parseFioOutput(stdout: string): ToolOutput {
  let docs: FioDocument[];
  try {
    docs = stdout
      .slice(stdout.indexOf('{'))
      .split(/^(?=\{$)/m)
      .filter((d) => d.trim())
      .map((d) => JSON.parse(d) as FioDocument);
  } catch {
    throw new ToolOutputError(`fio output is not JSON (run with --output-format=json+); output was:\n${stdout.slice(0, 2000)}`);
  }
  const json = docs.at(-1);
  if (!json?.jobs?.length) throw new ToolOutputError('fio JSON has no jobs');
  const histogram = createLatencyHistogram();
  const errors: Record<string, number> = {};
  let durationMs = 0;
  for (const job of json.jobs) {
    if (job.error) errors[`fio_errno_${job.error}`] = (errors[`fio_errno_${job.error}`] ?? 0) + 1;
    for (const dir of [job.read, job.write, job.trim]) if (dir && dir.total_ios > 0) durationMs = Math.max(durationMs, dir.runtime);
  }
  const final = totals(json);
  for (const [ns, count] of final.bins) histogram.recordValueWithCount(clampLatencyUs(ns / 1000), count);
  return { ok: final.ios, errors, durationMs, histogram, warnings: [], series: secondsOf(docs) };
}

function secondsOf(docs: FioDocument[]): SecondSample[] | undefined {
  if (docs.length < 2) return undefined;
  const series: SecondSample[] = [];
  let previous = { bins: new Map<number, number>(), ios: 0 };
  let startMs = (docs[0].timestamp_ms ?? 0) - 1000;
  for (const doc of docs) {
    const now = totals(doc);
    const h = createLatencyHistogram();
    for (const [ns, count] of now.bins) {
      const inSecond = count - (previous.bins.get(ns) ?? 0);
      if (inSecond > 0) h.recordValueWithCount(clampLatencyUs(ns / 1000), inSecond);
    }
    const requests = now.ios - previous.ios;
    // The final report can follow the last interval report by a fraction of a second: a partial second, kept.
    if (requests > 0) {
      series.push({ t: startMs, requests, errors: 0, p50Us: h.getValueAtPercentile(50), p90Us: h.getValueAtPercentile(90), p99Us: h.getValueAtPercentile(99), maxUs: h.getValueAtPercentile(100) });
    }
    previous = now;
    startMs = doc.timestamp_ms ?? startMs + 1000;
  }
  return series;
}
