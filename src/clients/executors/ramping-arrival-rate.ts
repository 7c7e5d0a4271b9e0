import { rampingArrivals } from './arrival-schedule';
import { OpenLoopExecutor } from './open-loop';
import type { Stage } from './stages';

/**
 * Open loop whose rate ramps linearly through stages; a zero-length stage is a step, so a burst
 * is a step up, a hold, and a step down. The stage timeline starts with the run: warm-up is its
 * first `warmupMs`, and the run ends with the last stage.
 */
export function rampingArrivalRate(o: { startRate: number; stages: Stage[]; maxInFlight: number; connections: number }): OpenLoopExecutor {
  const schedule = rampingArrivals(o.startRate, o.stages);
  return new OpenLoopExecutor('ramping-arrival-rate', schedule, { ...o, scheduleEndMs: schedule.endMs });
}
