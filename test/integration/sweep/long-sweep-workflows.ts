/**
 * Workflows for the time-skipping long-sweep test: the real `sweep` workflow, and under the type name
 * `experiment` a child that only takes its time (ten minutes of workflow time, skipped by the test
 * server) and completes. What the sweep's history holds of a child (start, started, completed) does not
 * depend on what the child does, so this measures the sweep's own history and its continue-as-new.
 */
import { sleep, workflowInfo } from '@temporalio/workflow';
import type { ExperimentInput, ExperimentResult } from '../../../src/workflows/types';

export { sweep } from '../../../src/workflows/sweep';

export async function experiment(input: ExperimentInput): Promise<ExperimentResult> {
  await sleep('10m');
  const experimentId = input.experimentId ?? workflowInfo().workflowId;
  return {
    experimentId,
    folder: `${input.outputRoot}/${experimentId}`,
    status: 'completed',
    summary: { requests: 0, errors: 0, opsPerSec: 0, latencyMs: { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 }, errorsByType: {}, instances: { planned: 0, completed: 0, failed: 0 }, loop: 'closed', saturatedInstances: [], warnings: [] },
  };
}
