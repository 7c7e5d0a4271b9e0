import { constantArrivals } from './arrival-schedule';
import { OpenLoopExecutor } from './open-loop';

/** Open loop at a fixed rate, evenly spaced (like wrk2 -R). */
export function constantArrivalRate(o: { rate: number; maxInFlight: number; connections: number }): OpenLoopExecutor {
  return new OpenLoopExecutor('constant-arrival-rate', constantArrivals(o.rate), o);
}
