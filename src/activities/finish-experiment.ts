import { ExperimentFolder } from '../store/experiment-folder';
import { updateMetadata } from '../store/metadata';
import { orchestratorLog } from './orchestrator-log';

/** Closes metadata.out with the end time and outcome. */
export function finishExperiment() {
  return async (input: { folder: string; status: string; error?: string }): Promise<void> => {
    const folder = ExperimentFolder.at(input.folder);
    updateMetadata(folder.metadataFile, { ended_at: new Date().toISOString(), status: input.status, ...(input.error ? { error: input.error } : {}) });
    orchestratorLog(folder).info({ event: 'finished', status: input.status, error: input.error }, `experiment ${input.status}`);
  };
}
