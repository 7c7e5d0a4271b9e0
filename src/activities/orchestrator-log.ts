import { ExperimentFolder } from '../store/experiment-folder';
import { fileLogger } from '../logs/logger';

/** Orchestrator events of one experiment (deploys, restarts, teardown) in logs/orchestrator.log. */
export function orchestratorLog(folder: ExperimentFolder) {
  return fileLogger(folder.logFile('orchestrator'), { experiment: folder.id, component: 'orchestrator' });
}
