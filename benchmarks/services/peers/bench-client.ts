/** bench's own openai client, run the way backends run it: `node bin/bench.js client --spec --out`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readResultFile } from '../../../src/clients/results/result-reader';
import { decodeHistogram } from '../../../src/clients/results/histogram';
import type { ClientSpecInput } from '../../../src/clients/spec';
import { runTree } from './run-tree';
import { usage, type Load, type Side } from './side';

const ROOT = join(__dirname, '..', '..', '..');
export const WARMUP_MS = 2000;

export async function runBench(load: Load, dir: string, extraNodeArgs: string[] = []): Promise<Side> {
  const spec: ClientSpecInput = {
    experiment: 'openai-vs-peers',
    instance: `oai-${load.mode}`,
    driver: {
      kind: 'openai',
      target: { host: load.host, port: load.port },
      options: { model: load.model, inputTokens: load.inputTokens, outputTokens: load.outputTokens, ignoreEos: true, stream: true, api: 'chat' },
    },
    executor:
      load.mode === 'concurrency'
        ? { type: 'closed-loop', connections: load.concurrency }
        : { type: 'constant-arrival-rate', rate: load.rate, connections: 64, maxInFlight: 256 },
    durationMs: load.durationS * 1000,
    warmupMs: WARMUP_MS,
  };
  const specFile = join(dir, `bench-${load.mode}.spec.json`);
  const outFile = join(dir, `bench-${load.mode}.result.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const run = await runTree([process.execPath, ...extraNodeArgs, join(ROOT, 'bin', 'bench.js'), 'client', '--spec', specFile, '--out', outFile], {
    cwd: dir,
    logFile: join(dir, `bench-${load.mode}.log`),
    timeoutMs: load.durationS * 1000 + 120_000,
  });
  const r = readResultFile(outFile);
  const from = r.series[0]?.t ?? Date.parse(r.startedAt) + WARMUP_MS;
  const to = from + r.durationMs;
  const secs = r.durationMs / 1000;
  const pct = (name: string, p: number) => {
    const m = r.measurements?.[name];
    return m && m.count ? decodeHistogram(m.histogram).getValueAtPercentile(p) / 1000 : NaN;
  };
  const outputTokens = r.counts?.output_tokens ?? 0;
  return {
    client: 'bench openai',
    version: 'this checkout',
    requests: r.counters.ok,
    errors: r.counters.errors + r.counters.dropped,
    windowS: secs,
    reqPerSec: r.counters.ok / secs,
    outputTps: outputTokens / secs,
    promptTokens: (r.counts?.input_tokens ?? NaN) / r.counters.ok,
    outputTokensPerRequest: outputTokens / r.counters.ok,
    ttftP50Ms: pct('ttft', 50),
    ttftP99Ms: pct('ttft', 99),
    itlP50Ms: pct('itl', 50),
    itlP99Ms: pct('itl', 99),
    itlKind: 'gap',
    tpotP50Ms: pct('tpot', 50),
    ...usage(run, from, to, outputTokens),
  };
}
