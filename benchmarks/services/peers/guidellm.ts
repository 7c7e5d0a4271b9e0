/** GuideLLM (`guidellm run`, scripts/kinds/peers-inference.sh installs it) and its JSON report. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCacheDir } from '../../../src/services/tool-path';
import { runTree } from './run-tree';
import { usage, type Load, type Side } from './side';

export const GUIDELLM_VERSION = '0.8.1';
const WARMUP_S = 2;

interface Stat {
  mean: number;
  median: number;
  count: number;
  total_sum: number;
  percentiles: Record<string, number>;
}
interface Report {
  benchmarks: {
    scheduler_metrics: { measure_start_time: number; measure_end_time: number };
    duration: number;
    metrics: {
      request_totals: { successful: number; errored: number; incomplete: number };
      prompt_token_count: { successful: Stat };
      output_token_count: { successful: Stat };
      time_to_first_token_ms: { successful: Stat };
      inter_token_latency_ms: { successful: Stat };
    };
  }[];
}

export async function runGuidellm(load: Load, dir: string, tokenizer: string): Promise<Side> {
  const out = join(dir, `guidellm-${load.mode}.json`);
  const profile = load.mode === 'concurrency' ? `kind=concurrent,streams=${load.concurrency}` : `kind=constant,rate=${load.rate}`;
  const run = await runTree(
    [
      join(benchCacheDir(), 'venv-guidellm', 'bin', 'guidellm'),
      'run',
      '--backend', `kind=openai_http,target=http://${load.host}:${load.port},model=${load.model},request_format=/v1/chat/completions`,
      '--tokenizer', `kind=hf_auto,model=${tokenizer}`,
      '--data', `kind=synthetic_text,prompt_tokens=${load.inputTokens},output_tokens=${load.outputTokens}`,
      // A warm-up inside the duration, as bench's: the measured window is the same length for all.
      '--profile', `${profile},warmup=${WARMUP_S}`,
      '--constraint', `kind=max_duration,seconds=${load.durationS + WARMUP_S}`,
      '--output', `kind=json,path=${out}`,
      '--disable-console-interactive',
    ],
    { cwd: dir, env: { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' }, logFile: join(dir, `guidellm-${load.mode}.log`), timeoutMs: (load.durationS + 180) * 1000 },
  );
  const b = (JSON.parse(readFileSync(out, 'utf8')) as Report).benchmarks[0];
  const m = b.metrics;
  const from = b.scheduler_metrics.measure_start_time * 1000;
  const to = b.scheduler_metrics.measure_end_time * 1000;
  const windowS = (to - from) / 1000;
  const ok = m.request_totals.successful;
  const outputTokens = m.output_token_count.successful.total_sum;
  return {
    client: 'GuideLLM',
    version: GUIDELLM_VERSION,
    requests: ok,
    errors: m.request_totals.errored,
    windowS,
    reqPerSec: ok / windowS,
    outputTps: outputTokens / windowS,
    promptTokens: m.prompt_token_count.successful.mean,
    outputTokensPerRequest: m.output_token_count.successful.mean,
    ttftP50Ms: m.time_to_first_token_ms.successful.median,
    ttftP99Ms: m.time_to_first_token_ms.successful.percentiles.p99,
    // per gap between tokens, like bench's itl
    itlP50Ms: m.inter_token_latency_ms.successful.median,
    itlP99Ms: m.inter_token_latency_ms.successful.percentiles.p99,
    itlKind: 'gap',
    ...usage(run, from, to, outputTokens),
  };
}
