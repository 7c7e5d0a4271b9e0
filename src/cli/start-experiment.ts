import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import path from 'node:path';
import type { RecipeFile } from './recipe-file';
import { assertSafeExperimentId, newExperimentId } from '../store/experiment-id';
import { experimentSearchAttributes } from '../temporal/search-attributes';
import type { experiment } from '../workflows/experiment';
import type { ExperimentInput } from '../workflows/types';
import { CliError, EXIT } from './exit-codes';

export interface StartOptions {
  id?: string;
  output?: string;
  taskQueue: string;
}

export function experimentsRoot(output?: string): string {
  return path.resolve(output ?? process.env.BENCH_EXPERIMENTS_DIR ?? 'experiments');
}

/** Starts one experiment workflow; its id is the experiment id and the folder name. */
export async function startExperiment(client: Client, file: RecipeFile, opts: StartOptions): Promise<WorkflowHandleWithFirstExecutionRunId<typeof experiment>> {
  const experimentId = opts.id ?? newExperimentId(file.recipe.name);
  try {
    assertSafeExperimentId(experimentId);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.badInput);
  }
  const input: ExperimentInput = { experimentId, recipeText: file.text, recipeSource: path.resolve(file.path), outputRoot: experimentsRoot(opts.output) };
  try {
    return await client.workflow.start<typeof experiment>('experiment', {
      taskQueue: opts.taskQueue,
      workflowId: experimentId,
      args: [input],
      typedSearchAttributes: new TypedSearchAttributes(experimentSearchAttributes(file.recipe)),
    });
  } catch (e) {
    if ((e as Error).name === 'WorkflowExecutionAlreadyStartedError') {
      throw new CliError(`an experiment with id ${experimentId} already exists; choose another --id`, EXIT.badInput);
    }
    throw e;
  }
}
