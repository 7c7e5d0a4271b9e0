import { ExperimentFolder } from '../store/experiment-folder';
import { updateMetadata } from '../store/metadata';
import { orchestratorLog } from './orchestrator-log';

export interface FinishInput {
  folder: string;
  status: string;
  error?: string;
  /** What teardown could not stop, one line each (status completed_with_teardown_errors, or a failed run's). */
  teardownErrors?: string[];
}

/** Closes metadata.out with the end time and outcome (and what teardown left running, if anything). */
export function finishExperiment() {
  return async (input: FinishInput): Promise<void> => {
    const folder = ExperimentFolder.at(input.folder);
    const left = input.teardownErrors ?? [];
    updateMetadata(folder.metadataFile, {
      ended_at: new Date().toISOString(),
      status: input.status,
      ...(input.error ? { error: input.error } : {}),
      ...(left.length ? { teardown_errors: left.join('; ') } : {}),
    });
    const log = orchestratorLog(folder);
    if (left.length) {
      log.error({ event: 'teardown-incomplete', status: input.status, notStopped: left }, `experiment ${input.status}: teardown could not stop ${left.length} thing(s), left for the reaper: ${left.join('; ')}`);
    }
    log.info({ event: 'finished', status: input.status, error: input.error }, `experiment ${input.status}`);
  };
}
