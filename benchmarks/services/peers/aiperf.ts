/** AIPerf (`aiperf profile`, scripts/kinds/peers-inference.sh installs it) and its profile_export_aiperf.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCacheDir } from '../../../src/services/tool-path';
import { runTree } from './run-tree';
import { usage, type Load, type Side } from './side';

export const AIPERF_VERSION = '0.13.0';
const WARMUP_S = 2;

interface Metric {
  avg: number;
  p50?: number;
  p99?: number;
}
type Export = Record<string, Metric | undefined> & { error_summary?: { count: number }[] };

export async function runAiperf(load: Load, dir: string, tokenizer: string): Promise<Side> {
  const artifacts = join(dir, `aiperf-${load.mode}`);
  const shape = load.mode === 'concurrency' ? ['--concurrency', String(load.concurrency)] : ['--request-rate', String(load.rate), '--arrival-pattern', 'constant'];
  // Not HF_HUB_OFFLINE: with it AIPerf takes the tokenizer path for a hub id.
  const env = { ...process.env };
  delete env.HF_HUB_OFFLINE;
  delete env.TRANSFORMERS_OFFLINE;
  const run = await runTree(
    [
      join(benchCacheDir(), 'venv-aiperf', 'bin', 'aiperf'),
      'profile',
      '--model', load.model,
      '--url', `http://${load.host}:${load.port}`,
      '--endpoint-type', 'chat',
      '--streaming',
      '--tokenizer', tokenizer,
      '--isl', String(load.inputTokens),
      '--isl-stddev', '0',
      '--osl', String(load.outputTokens),
      '--extra-inputs', 'ignore_eos:true',
      ...shape,
      '--warmup-duration', String(WARMUP_S),
      '--benchmark-duration', String(load.durationS),
      '--use-server-token-count',
      // llama-server drops some reused keep-alive connections; bench's default is a connection per request too.
      '--connection-reuse-strategy', 'never',
      '--ui-type', 'none',
      '--artifact-dir', artifacts,
    ],
    { cwd: dir, env, logFile: join(dir, `aiperf-${load.mode}.log`), timeoutMs: (load.durationS + 240) * 1000 },
  );
  const e = JSON.parse(readFileSync(join(artifacts, 'profile_export_aiperf.json'), 'utf8')) as Export;
  const get = (name: string, stat: keyof Metric = 'avg') => e[name]?.[stat] ?? NaN;
  // The measured window: from the first profiling request for the benchmark's own duration.
  const starts = readFileSync(join(artifacts, 'profile_export.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { metadata: { request_start_ns: number; benchmark_phase: string } })
    .filter((r) => r.metadata.benchmark_phase === 'profiling')
    .map((r) => r.metadata.request_start_ns / 1e6);
  const windowS = get('benchmark_duration');
  const from = Math.min(...starts);
  const to = from + windowS * 1000;
  const ok = get('request_count');
  const outputTokens = get('total_output_tokens');
  return {
    client: 'AIPerf',
    version: AIPERF_VERSION,
    requests: ok,
    errors: (e.error_summary ?? []).reduce((a, x) => a + x.count, 0),
    windowS,
    reqPerSec: ok / windowS,
    outputTps: outputTokens / windowS,
    promptTokens: get('input_sequence_length'),
    outputTokensPerRequest: get('output_sequence_length'),
    ttftP50Ms: get('time_to_first_token', 'p50'),
    ttftP99Ms: get('time_to_first_token', 'p99'),
    // AIPerf's ITL is per request: (latency − TTFT) / (tokens − 1), i.e. bench's tpot.
    itlP50Ms: get('inter_token_latency', 'p50'),
    itlP99Ms: get('inter_token_latency', 'p99'),
    itlKind: 'request',
    ...usage(run, from, to, outputTokens),
  };
}
