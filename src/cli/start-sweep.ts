import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import path from 'node:path';
import type { RecipeFile } from './recipe-file';
import { assertSafeExperimentId, newExperimentId } from '../store/experiment-id';
import { registerSearchAttributes } from '../temporal/register-search-attributes';
import { BACKEND, PHASE, RECIPE_NAME, SERVICE_KINDS, SWEEP_ID } from '../temporal/search-attributes';
import type { sweep } from '../workflows/sweep';
import type { SweepInput } from '../workflows/sweep-types';
import { CliError, EXIT } from './exit-codes';
import { experimentsRoot, type StartOptions } from './start-experiment';

/** Starts one sweep workflow; its id names the sweep folder and prefixes every run's experiment id. */
export async function startSweep(client: Client, file: RecipeFile, opts: StartOptions): Promise<WorkflowHandleWithFirstExecutionRunId<typeof sweep>> {
  const sweepId = opts.id ?? newExperimentId(file.recipe.name);
  try {
    assertSafeExperimentId(sweepId);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.badInput);
  }
  // A server started by an older bench lacks BenchSweep, and a child started with it would fail.
  await registerSearchAttributes(client.connection, client.options.namespace).catch((e) => {
    throw new CliError(`the Temporal server lacks bench's search attributes and they could not be added (${(e as Error).message}); create each with \`temporal operator search-attribute create --name NAME --type Keyword\` (BenchSweep, BenchRecipe, BenchBackend, BenchPhase, BenchSchedule, BenchRegression; BenchServiceKinds is KeywordList)`, EXIT.environment);
  });
  const input: SweepInput = { sweepId, recipeText: file.text, recipeSource: path.resolve(file.path), outputRoot: experimentsRoot(opts.output) };
  const r = file.recipe;
  try {
    return await client.workflow.start<typeof sweep>('sweep', {
      taskQueue: opts.taskQueue,
      workflowId: sweepId,
      args: [input],
      typedSearchAttributes: new TypedSearchAttributes([
        { key: RECIPE_NAME, value: r.name },
        { key: BACKEND, value: r.backend },
        { key: SERVICE_KINDS, value: [...new Set(r.services.map((s) => s.kind))] },
        { key: SWEEP_ID, value: sweepId },
        { key: PHASE, value: 'validating' },
      ]),
    });
  } catch (e) {
    if ((e as Error).name === 'WorkflowExecutionAlreadyStartedError') {
      throw new CliError(`a sweep or experiment with id ${sweepId} already exists; choose another --id`, EXIT.badInput);
    }
    throw e;
  }
}
