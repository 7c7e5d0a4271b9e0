import type { RunningServer } from '../../test/helpers/servers/running-server';
import { ratePerSec, runClientProcess } from './processes';

export interface MemoryUse {
  requests: number;
  seconds: number;
  opsPerSec: number;
  peakRssMb: number;
  firstQuarterMaxRssMb: number;
  lastQuarterMaxRssMb: number;
}

/** RSS of one client process over a long pipelined redis run: flat means no per-request retention. */
export async function memoryOverLongRun(redis: RunningServer, requests: number): Promise<MemoryUse> {
  const r = await runClientProcess(
    {
      driver: { kind: 'redis', target: { host: redis.host, port: redis.port }, options: { command: 'get', pipeline: 16 } },
      executor: { type: 'closed-loop', connections: 50 },
      requests,
    },
    600_000,
  );
  const s = r.rssMbSamples;
  const q = Math.max(1, Math.floor(s.length / 4));
  return {
    requests: r.result.counters.requests,
    seconds: Math.round(r.result.durationMs / 100) / 10,
    opsPerSec: Math.round(ratePerSec(r.result)),
    peakRssMb: r.peakRssMb,
    firstQuarterMaxRssMb: Math.max(...s.slice(0, q)),
    lastQuarterMaxRssMb: Math.max(...s.slice(-q)),
  };
}
