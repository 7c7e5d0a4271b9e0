import { z } from 'zod';
import { histogramFromCumulative, type CumulativePoint } from '../../results/histogram-from-points';
import { createLatencyHistogram } from '../../results/histogram';
import { parseDriverOptions } from '../driver';
import { ToolOutputError, type ExternalTool, type ToolOutput } from './external-tool';

const redisBenchmarkOptionsSchema = z.strictObject({
  /** redis-benchmark -t: the commands to run, one after the other. */
  tests: z.array(z.enum(['get', 'set', 'incr', 'lpush', 'rpush', 'lpop', 'rpop', 'sadd', 'hset', 'spop', 'zadd', 'ping_inline', 'ping_mbulk'])).min(1).default(['get']),
  pipeline: z.number().int().positive().default(1),
  keySpace: z.number().int().positive().default(10_000),
  valueSize: z.number().int().positive().default(100),
  threads: z.number().int().positive().default(1),
  password: z.string().optional(),
  db: z.number().int().nonnegative().default(0),
});

export const redisBenchmarkTool: ExternalTool = {
  kind: 'redis-benchmark',
  description: 'redis-benchmark as a whole process',
  options: redisBenchmarkOptionsSchema,
  protocols: ['redis'],
  // It ends by count only, so a warm-up of some milliseconds cannot be expressed.
  supportsWarmup: false,
  command(spec) {
    if (spec.executor.type !== 'closed-loop') throw new ToolOutputError(`executor.type: redis-benchmark runs a closed loop only; use closed-loop (got ${spec.executor.type})`);
    if (spec.requests === undefined) throw new ToolOutputError('requests: redis-benchmark ends by request count; set requests (durationMs is not used)');
    const o = parseDriverOptions('redis-benchmark', redisBenchmarkOptionsSchema, spec.driver.options);
    const { host, port } = spec.driver.target;
    const args = ['-h', host, '-p', String(port), '-c', String(spec.executor.connections), '-n', String(spec.requests), '-P', String(o.pipeline)];
    args.push('-r', String(o.keySpace), '-d', String(o.valueSize), '-t', o.tests.join(','), '--dbnum', String(o.db));
    if (o.threads > 1) args.push('--threads', String(o.threads));
    if (o.password !== undefined) args.push('-a', o.password);
    return { command: 'redis-benchmark', args, threads: o.threads };
  },
  parse: parseRedisBenchmarkOutput,
};

/**
 * Reads redis-benchmark's default report (not -q or --csv): per test, the completed count and
 * time, and the "Latency by percentile distribution" with cumulative counts. Tests add up.
 */
export function parseRedisBenchmarkOutput(stdout: string): ToolOutput {
  // Live "rps=" lines are redrawn with carriage returns; only the final report matters.
  const text = stdout.replace(/\r/g, '\n');
  const sections = text.split(/^={3,} (.+?) ={3,}$/m).slice(1);
  if (sections.length === 0) throw new ToolOutputError(`redis-benchmark printed no "====== TEST ======" report (was it run with -q or --csv?); output was:\n${text.slice(0, 2000)}`);
  const histogram = createLatencyHistogram();
  let ok = 0;
  let durationMs = 0;
  const tests: string[] = [];
  for (let i = 0; i < sections.length; i += 2) {
    const name = sections[i].trim();
    const body = sections[i + 1] ?? '';
    const done = /(\d+) requests completed in ([\d.]+) seconds/.exec(body);
    if (!done) throw new ToolOutputError(`redis-benchmark test ${name}: no "requests completed in" line`);
    const dist = body.split('Latency by percentile distribution:')[1]?.split(/\n\s*\n/)[0] ?? '';
    const points: CumulativePoint[] = [...dist.matchAll(/<= ([\d.]+) milliseconds \(cumulative count (\d+)\)/g)].map((m) => ({
      valueUs: Number(m[1]) * 1000,
      cumulativeCount: Number(m[2]),
    }));
    if (points.length === 0) throw new ToolOutputError(`redis-benchmark test ${name}: no latency distribution`);
    histogram.add(histogramFromCumulative(points));
    ok += Number(done[1]);
    // Tests run one after another; the "seconds" are rounded to 10 ms, so prefer the throughput line.
    const rps = /throughput summary: ([\d.]+) requests per second/.exec(body);
    durationMs += rps ? (Number(done[1]) / Number(rps[1])) * 1000 : Number(done[2]) * 1000;
    tests.push(name);
  }
  return {
    ok,
    errors: {},
    durationMs,
    histogram,
    warnings: [
      `histogram rebuilt from redis-benchmark's percentile distribution (${tests.join(', ')}): exact at its points, approximate between them`,
    ],
  };
}
