import { ApplicationFailure } from '@temporalio/activity';
import type { BackendTarget } from '../backends/target';
import { ExperimentFolder } from '../store/experiment-folder';
import type { DeployedService } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';

/** Node failure: submit the service again, excluding the failed nodes (SLURM's --exclude). Idempotent per job name. */
export function rescheduleService(deps: ActivityDeps) {
  return async (input: { folder: string; backend: BackendTarget; deployed: DeployedService; badNodes: string[] }): Promise<DeployedService> => {
    const backend = deps.backends.get(input.backend);
    if (!backend.resubmitExcluding) throw ApplicationFailure.nonRetryable(`backend ${input.backend.kind} cannot reschedule away from nodes`, 'BadLaunchSpec');
    const handle = await backend.resubmitExcluding(input.deployed.handle, input.badNodes);
    orchestratorLog(ExperimentFolder.at(input.folder)).warn({ event: 'service-rescheduled', service: input.deployed.name, badNodes: input.badNodes, ref: handle.ref }, `service ${input.deployed.name} rescheduled away from ${input.badNodes.join(', ')}`);
    return { ...input.deployed, handle, generation: input.deployed.generation + 1 };
  };
}
