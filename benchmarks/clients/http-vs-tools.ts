import { join } from 'node:path';
import type { RunningServer } from '../../test/helpers/servers/running-server';
import { onClientCore, ratePerSec, run, runClientProcess } from './processes';

export interface ToolRate {
  rps: number;
  /** Requests per second of the tool's own CPU: what it could do were the server not the limit. */
  rpsPerCpu: number;
}

export interface HttpComparison {
  ours: ToolRate;
  autocannon: ToolRate;
  wrk: ToolRate;
}

/** Every tool gets the same warm-up, excluded from its figures (JIT for the two in JavaScript). */
export const WARMUP_MS = 1000;

const best = (a: ToolRate | undefined, b: ToolRate): ToolRate => (!a || b.rps > a.rps ? b : a);

/**
 * Same connections, same duration, same core: our http driver, autocannon and wrk against nginx,
 * alternated over `rounds` and the best of each kept, so a noisy neighbour hurts all alike.
 */
export async function compareHttp(nginx: RunningServer, connections: number, durationMs: number, rounds: number): Promise<HttpComparison> {
  const target = { host: nginx.host, port: nginx.port };
  const timeout = durationMs + 60_000;
  const autocannonJs = join(__dirname, '..', '..', 'node_modules', 'autocannon', 'autocannon.js');
  let ours: ToolRate | undefined;
  let autocannon: ToolRate | undefined;
  let wrk: ToolRate | undefined;
  for (let round = 0; round < rounds; round++) {
    const o = await runClientProcess({ driver: { kind: 'http', target }, executor: { type: 'closed-loop', connections }, durationMs, warmupMs: WARMUP_MS }, timeout);
    const oRps = ratePerSec(o.result);
    ours = best(ours, { rps: oRps, rpsPerCpu: oRps / Math.max(0.01, o.result.health.cpuPct / 100) });

    const w = await runClientProcess(
      { driver: { kind: 'wrk', target, options: { threads: 1 } }, executor: { type: 'closed-loop', connections }, durationMs, warmupMs: WARMUP_MS },
      timeout,
    );
    const wRps = ratePerSec(w.result);
    wrk = best(wrk, { rps: wRps, rpsPerCpu: wRps / Math.max(0.01, w.result.health.cpuPct / 100) });

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
    const aRps = acJson.requests.total / acJson.duration;
    autocannon = best(autocannon, { rps: aRps, rpsPerCpu: acJson.requests.total / Math.max(0.01, ac.cpuSeconds) });
  }
  return { ours: ours as ToolRate, autocannon: autocannon as ToolRate, wrk: wrk as ToolRate };
}
