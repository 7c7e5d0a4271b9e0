import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mergeResults } from '../../src/clients/results/merge';
import { canPin, runClientProcess, SERVER_CORE } from './processes';

export interface PercentileAccuracy {
  samples: number;
  trueP50Us: number;
  trueP99Us: number;
  oursP50Us: number;
  oursP99Us: number;
  p50ErrorPct: number;
  p99ErrorPct: number;
}

async function get(port: number, path: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return res.json();
}

/** Open loop against a server that injects a known delay distribution and records the delays it really served. */
export async function percentileAccuracy(rate: number, durationMs: number): Promise<PercentileAccuracy> {
  const argv = [process.execPath, '-r', 'tsx/cjs', join(__dirname, 'delay-server.ts')];
  const child = spawn(canPin ? 'taskset' : argv[0], canPin ? ['-c', String(SERVER_CORE), ...argv] : argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
      child.once('exit', (code) => reject(new Error(`delay server exited ${code}`)));
    });
    await get(port, '/reset');
    // No warm-up: the server's samples and the client's measured requests are then the same requests.
    const { result } = await runClientProcess(
      {
        driver: { kind: 'http', target: { host: '127.0.0.1', port } },
        executor: { type: 'constant-arrival-rate', rate, connections: 128, maxInFlight: 10_000 },
        durationMs,
      },
      durationMs + 60_000,
    );
    const truth = (await get(port, '/stats')) as { count: number; p50Us: number; p99Us: number };
    const ours = mergeResults([result]).latencyUs;
    const err = (a: number, b: number) => Math.round((Math.abs(a - b) / b) * 100 * 1000) / 1000;
    if (truth.count !== result.counters.ok) throw new Error(`server answered ${truth.count} requests, client measured ${result.counters.ok}: not the same sample`);
    return {
      samples: truth.count,
      trueP50Us: Math.round(truth.p50Us),
      trueP99Us: Math.round(truth.p99Us),
      oursP50Us: ours.p50,
      oursP99Us: ours.p99,
      p50ErrorPct: err(ours.p50, truth.p50Us),
      p99ErrorPct: err(ours.p99, truth.p99Us),
    };
  } finally {
    child.kill('SIGTERM');
  }
}
