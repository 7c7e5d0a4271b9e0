import type { ExecutorSpec } from '../spec';
import { ClosedLoopExecutor } from './closed-loop';
import type { Executor } from './executor';

export function createExecutor(spec: ExecutorSpec): Executor {
  switch (spec.type) {
    case 'closed-loop':
      return new ClosedLoopExecutor({ connections: spec.connections, thinkTimeMs: spec.thinkTime });
    default:
      throw new Error(`executor.type: "${spec.type}" is not implemented yet; use closed-loop`);
  }
}
