import { ApplicationFailure } from '@temporalio/activity';
import { existsSync, writeFileSync } from 'node:fs';
import { checkRecipe } from '../recipe/check';
import { formatIssues } from '../recipe/errors';
import { ExperimentFolder } from '../store/experiment-folder';
import { hostFacts, updateMetadata } from '../store/metadata';
import { temporalCliVersion } from '../temporal/temporal-cli';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';
import { redactRecipeText } from '../logs/redact-folder';
import { warmPdfBrowser } from './pdf-browser';

export interface PrepareInput {
  experimentId: string;
  outputRoot: string;
  recipeText: string;
  recipeName: string;
  recipeSource?: string;
  backend: string;
  workflowRunId: string;
}

/** Creates the experiment folder, keeps the recipe as given and writes the start of metadata.out. Idempotent. */
export function prepareExperiment(deps: ActivityDeps) {
  return async (input: PrepareInput): Promise<string> => {
    // The workflow checked the recipe's shape; the plug-ins' own checks (kinds, drivers, their options)
    // need the registries, which live on the worker: a recipe naming what this worker lacks stops here.
    const checked = checkRecipe(input.recipeText);
    if (!checked.ok) {
      throw ApplicationFailure.create({ type: 'InvalidRecipe', nonRetryable: true, message: `invalid recipe\n${formatIssues(input.recipeSource ?? 'recipe', checked.issues)}`, details: [checked.issues] });
    }
    const folder = new ExperimentFolder(input.outputRoot, input.experimentId).create();
    // Chromium starts while the services deploy, so report.pdf does not wait for it after the load.
    if (checked.recipe.reporting.formats.includes('pdf')) warmPdfBrowser(folder.dir);
    // Secrets in the recipe (passwords, tokens, keys) never reach the folder.
    const recipeCopy = redactRecipeText(input.recipeText);
    if (!existsSync(folder.recipeFile)) writeFileSync(folder.recipeFile, recipeCopy);
    if (!existsSync(folder.metadataFile)) {
      updateMetadata(folder.metadataFile, {
        experiment_id: input.experimentId,
        recipe: input.recipeName,
        recipe_source: input.recipeSource ?? 'unknown',
        backend: input.backend,
        workflow_id: input.experimentId,
        workflow_run_id: input.workflowRunId,
        started_at: new Date().toISOString(),
        ...hostFacts(deps.projectRoot),
        temporal_cli: temporalCliVersion() ?? 'unknown',
        status: 'running',
      });
      orchestratorLog(folder).info({ event: 'prepared', folder: folder.dir }, 'experiment folder prepared');
    }
    return folder.dir;
  };
}
