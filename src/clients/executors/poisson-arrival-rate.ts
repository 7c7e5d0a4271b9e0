import { poissonArrivals } from './arrival-schedule';
import { OpenLoopExecutor } from './open-loop';

/** Open loop at a mean rate with exponential gaps, as independent users arrive. */
export function poissonArrivalRate(o: { rate: number; maxInFlight: number; connections: number; random?: () => number }): OpenLoopExecutor {
  return new OpenLoopExecutor('poisson-arrival-rate', poissonArrivals(o.rate, o.random), o);
}
