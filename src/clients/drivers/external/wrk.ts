import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { histogramFromPercentiles } from '../../results/histogram-from-points';
import { parseDriverOptions } from '../driver';
import { httpOptionsSchema } from '../http';
import { ToolOutputError, wholeSeconds, type ExternalTool, type ToolOutput } from './external-tool';

const wrkOptionsSchema = httpOptionsSchema
  .pick({ method: true, path: true, headers: true, body: true, timeoutMs: true })
  .extend({ threads: z.number().int().positive().default(1) });

/** Percentiles the Lua `done` hook prints, dense in the tail where it matters. */
export const WRK_PERCENTILES = [
  ...Array.from({ length: 90 }, (_, i) => i + 1),
  ...Array.from({ length: 18 }, (_, i) => 90.5 + i * 0.5),
  ...Array.from({ length: 9 }, (_, i) => 99.1 + i * 0.1),
  ...Array.from({ length: 9 }, (_, i) => 99.91 + i * 0.01),
  99.999,
].map((p) => Math.round(p * 1000) / 1000);

function luaScript(o: z.output<typeof wrkOptionsSchema>): string {
  const str = (s: string) => JSON.stringify(s); // JSON string escapes are valid Lua escapes for these
  const headers = Object.entries(o.headers).map(([k, v]) => `wrk.headers[${str(k)}] = ${str(v)}`);
  return `wrk.method = ${str(o.method)}
${o.body !== undefined ? `wrk.body = ${str(o.body)}` : ''}
${headers.join('\n')}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH_MAX %d\\n", latency.max))
  io.write(string.format("BENCH_SUMMARY requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout))
  for _, p in ipairs({${WRK_PERCENTILES.join(', ')}}) do
    io.write(string.format("BENCH_PCTL %g %d\\n", p, latency:percentile(p)))
  end
end
`;
}

export const wrkTool: ExternalTool = {
  kind: 'wrk',
  description: 'wrk (HTTP load generator) as a whole process, Lua-scripted requests',
  options: wrkOptionsSchema,
  protocols: ['http'],
  command(spec, workDir) {
    if (spec.executor.type !== 'closed-loop') throw new ToolOutputError(`executor.type: wrk runs a closed loop only; use closed-loop (got ${spec.executor.type})`);
    if (spec.durationMs === undefined) throw new ToolOutputError('durationMs: wrk ends by time; set durationMs');
    const o = parseDriverOptions('wrk', wrkOptionsSchema, spec.driver.options);
    const script = join(workDir, 'bench.lua');
    writeFileSync(script, luaScript(o));
    const { host, port } = spec.driver.target;
    const threads = Math.min(o.threads, spec.executor.connections);
    return {
      command: 'wrk',
      args: ['-t', String(threads), '-c', String(spec.executor.connections), '-d', `${wholeSeconds(spec.durationMs)}s`, '--timeout', `${Math.ceil(o.timeoutMs / 1000)}s`, '-s', script, `http://${host}:${port}${o.path}`],
      threads,
    };
  },
  parse: parseWrkOutput,
};

export function parseWrkOutput(stdout: string): ToolOutput {
  const summary = /BENCH_SUMMARY requests=(\d+) duration_us=(\d+) connect=(\d+) read=(\d+) write=(\d+) status=(\d+) timeout=(\d+)/.exec(stdout);
  if (!summary) throw new ToolOutputError(`wrk printed no BENCH_SUMMARY line (did the Lua done() hook run?); output was:\n${stdout.slice(0, 2000)}`);
  const [requests, durationUs, connect, read, write, status, timeout] = summary.slice(1).map(Number);
  const points = [...stdout.matchAll(/BENCH_PCTL ([\d.]+) (\d+)/g)].map((m) => ({ percent: Number(m[1]), valueUs: Number(m[2]) }));
  // wrk's percentile(100) answers 0, so the top comes from latency.max.
  const max = /BENCH_MAX (\d+)/.exec(stdout);
  if (max) points.push({ percent: 100, valueUs: Number(max[1]) });
  const ok = requests - status;
  const errors: Record<string, number> = {};
  const add = (type: string, n: number) => n > 0 && (errors[type] = n);
  add('http_non_2xx_3xx', status);
  add('connect', connect);
  add('read', read);
  add('write', write);
  add('timeout', timeout);
  return {
    ok,
    errors,
    durationMs: durationUs / 1000,
    // wrk's percentiles cover every response it timed, ok or not; spread them over the ok count.
    histogram: histogramFromPercentiles(points, ok),
    warnings: [`histogram rebuilt from ${points.length} percentiles reported by wrk: exact at those points, approximate between them`],
  };
}
