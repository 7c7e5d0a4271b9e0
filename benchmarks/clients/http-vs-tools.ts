import { join } from 'node:path';
import type { RunningServer } from '../../test/helpers/servers/running-server';
import { onClientCore, ratePerSec, run, runClientProcess } from './processes';
import { alternated, type Comparison } from './rounds';

export interface ToolRate {
  rps: number;
  /** Requests per second of the tool's own CPU: what it could do were the server not the limit. */
  rpsPerCpu: number;
}

export interface HttpComparison {
  vsAutocannon: Comparison;
  vsWrk: Comparison;
}

/** Every tool gets the same warm-up, excluded from its figures (JIT for the two in JavaScript). */
export const WARMUP_MS = 1000;

type Say = (line: string) => void;
const fmt = (t: ToolRate) => `${Math.round(t.rps)}/s`;

/**
 * Same connections, same duration, same core: our http driver against autocannon, then against
 * wrk, each as `rounds` alternated rounds (ours, peer, ours, peer...), so a noisy neighbour hurts
 * both sides of a ratio alike.
 */
export async function compareHttp(nginx: RunningServer, connections: number, durationMs: number, rounds: number, say: Say = () => undefined): Promise<HttpComparison> {
  const target = { host: nginx.host, port: nginx.port };
  const timeout = durationMs + 60_000;
  const autocannonJs = join(__dirname, '..', '..', 'node_modules', 'autocannon', 'autocannon.js');

  const ours = async (): Promise<ToolRate> => {
    const o = await runClientProcess({ driver: { kind: 'http', target }, executor: { type: 'closed-loop', connections }, durationMs, warmupMs: WARMUP_MS }, timeout, 'http');
    const rps = ratePerSec(o.result);
    return { rps, rpsPerCpu: rps / Math.max(0.01, o.result.health.cpuPct / 100) };
  };
  const wrk = async (): Promise<ToolRate> => {
    const w = await runClientProcess(
      { driver: { kind: 'wrk', target, options: { threads: 1 } }, executor: { type: 'closed-loop', connections }, durationMs, warmupMs: WARMUP_MS },
      timeout,
    );
    const rps = ratePerSec(w.result);
    return { rps, rpsPerCpu: rps / Math.max(0.01, w.result.health.cpuPct / 100) };
  };
  const autocannon = async (): Promise<ToolRate> => {
    const ac = await run(
      onClientCore([
        process.execPath, autocannonJs, '-c', String(connections), '-d', String(durationMs / 1000), '-j',
        '--warmup', '[', '-c', String(connections), '-d', String(WARMUP_MS / 1000), ']', `http://${nginx.host}:${nginx.port}/`,
      ]),
      timeout,
    );
    // With --warmup, autocannon prints the warm-up's JSON first; the measured run's is the last line.
    const acJson = JSON.parse(ac.stdout.trim().split('\n').pop() as string) as { requests: { total: number }; duration: number; non2xx: number; errors: number };
    if (acJson.non2xx || acJson.errors) throw new Error(`autocannon saw ${acJson.non2xx} non-2xx and ${acJson.errors} errors`);
    return { rps: acJson.requests.total / acJson.duration, rpsPerCpu: acJson.requests.total / Math.max(0.01, ac.cpuSeconds) };
  };
  const vsAutocannon = await alternated(rounds, ours, autocannon, (i, o, p) => say(`  round ${i + 1}: ours ${fmt(o)} · autocannon ${fmt(p)} → ${(o.rps / p.rps).toFixed(3)}`));
  const vsWrk = await alternated(rounds, ours, wrk, (i, o, p) => say(`  round ${i + 1}: ours ${fmt(o)} · wrk ${fmt(p)} → ${(o.rps / p.rps).toFixed(3)}`));
  return { vsAutocannon, vsWrk };
}
