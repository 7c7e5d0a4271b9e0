import type { RunningServer } from '../../test/helpers/servers/running-server';
import { runClientProcess } from './processes';

export interface RateAccuracy {
  target: number;
  achieved: number;
  errorPct: number;
  dropped: number;
  warnings: string[];
}

/** Constant-arrival-rate against nginx: how close the achieved rate is to the target. */
export async function openLoopAccuracy(nginx: RunningServer, rate: number, durationMs: number): Promise<RateAccuracy> {
  const { result } = await runClientProcess(
    {
      driver: { kind: 'http', target: { host: nginx.host, port: nginx.port } },
      executor: { type: 'constant-arrival-rate', rate, connections: 64, maxInFlight: 10_000 },
      durationMs,
      warmupMs: 1000,
    },
    durationMs + 60_000,
  );
  const achieved = (result.counters.requests * 1000) / result.durationMs;
  return {
    target: rate,
    achieved: Math.round(achieved * 10) / 10,
    errorPct: Math.round((Math.abs(achieved - rate) / rate) * 100 * 1000) / 1000,
    dropped: result.counters.dropped,
    warnings: result.warnings,
  };
}
