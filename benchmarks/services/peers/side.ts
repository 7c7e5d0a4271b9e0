import type { TreeRun } from './run-tree';

/** The load every client is given, in its own terms. */
export interface Load {
  /** Closed loop of this many streams, or open loop at this many requests per second. */
  mode: 'concurrency' | 'rate';
  concurrency: number;
  rate: number;
  inputTokens: number;
  outputTokens: number;
  durationS: number;
  host: string;
  port: number;
  model: string;
}

/** One client's figures over its own measured window. */
export interface Side {
  client: string;
  version: string;
  requests: number;
  errors: number;
  windowS: number;
  reqPerSec: number;
  outputTps: number;
  /** Mean prompt tokens per request as the server counted them: the same workload check. */
  promptTokens: number;
  outputTokensPerRequest: number;
  ttftP50Ms: number;
  ttftP99Ms: number;
  itlP50Ms: number;
  itlP99Ms: number;
  /** Client CPU over the measured window (whole process tree), in cores. */
  cpuCores: number;
  cpuUsPerToken: number;
  /** Whole run, start-up included. */
  totalCpuS: number;
  wallS: number;
  /** Sum of the tree's RSS at its peak (shared pages of forked workers count once per process). */
  peakRssMiB: number;
  processes: number;
  /** Per gap between streamed tokens, or AIPerf's per-request mean (latency − TTFT) / (tokens − 1). */
  itlKind: 'gap' | 'request';
  /** bench only: its per-request tpot, the figure AIPerf calls ITL. */
  tpotP50Ms?: number;
  /** The measured window, epoch ms. */
  fromMs: number;
  toMs: number;
  /** What llama-server itself counted in that window (its /metrics): generated and evaluated prompt tokens/s. */
  serverTps?: number;
  serverPromptTps?: number;
}

/** The CPU and memory fields of a Side, from a tree run and the client's measured window (epoch ms). */
export function usage(
  run: TreeRun,
  fromMs: number,
  toMs: number,
  outputTokens: number,
): Pick<Side, 'cpuCores' | 'cpuUsPerToken' | 'totalCpuS' | 'wallS' | 'peakRssMiB' | 'processes' | 'fromMs' | 'toMs'> {
  const { cpuS, spanS } = run.sampler.cpuBetween(fromMs, toMs);
  const tokensInSpan = outputTokens * (spanS / ((toMs - fromMs) / 1000));
  return {
    cpuCores: cpuS / spanS,
    cpuUsPerToken: (cpuS * 1e6) / tokensInSpan,
    totalCpuS: run.sampler.totalCpuS(),
    wallS: (run.endedAt - run.startedAt) / 1000,
    peakRssMiB: run.sampler.peakRssBytes() / 2 ** 20,
    processes: run.sampler.peakProcesses(),
    fromMs,
    toMs,
  };
}
