import type { ExecutorSpec } from '../spec';
import { ClosedLoopExecutor } from './closed-loop';
import { constantArrivalRate } from './constant-arrival-rate';
import type { Executor } from './executor';
import { poissonArrivalRate } from './poisson-arrival-rate';
import { rampingArrivalRate } from './ramping-arrival-rate';
import { RampingUsersExecutor } from './ramping-users';

export function createExecutor(spec: ExecutorSpec): Executor {
  switch (spec.type) {
    case 'closed-loop':
      return new ClosedLoopExecutor({ connections: spec.connections, thinkTimeMs: spec.thinkTime });
    case 'constant-arrival-rate':
      return constantArrivalRate(spec);
    case 'poisson-arrival-rate':
      return poissonArrivalRate(spec);
    case 'ramping-arrival-rate':
      return rampingArrivalRate(spec);
    case 'ramping-users':
      return new RampingUsersExecutor({ startUsers: spec.startUsers, stages: spec.stages, thinkTimeMs: spec.thinkTime });
  }
}
