/** The action every bench schedule takes: start the `experiment` workflow with the recipe text embedded. */
import type { ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Recipe } from '../recipe/schema';
import { experimentSearchAttributes } from '../temporal/search-attributes';
import type { experiment } from '../workflows/experiment';
import type { ExperimentInput } from '../workflows/types';

export function experimentAction(a: { scheduleId: string; recipe: Recipe; recipeText: string; recipeSource: string; outputRoot: string; taskQueue: string; failOnRegression?: boolean }): ScheduleOptionsStartWorkflowAction<typeof experiment> {
  // No experimentId: each run's id is its workflow id, "<schedule id>-<scheduled time>".
  const input: ExperimentInput = { recipeText: a.recipeText, recipeSource: a.recipeSource, outputRoot: a.outputRoot, scheduleId: a.scheduleId, ...(a.failOnRegression ? { failOnRegression: true } : {}) };
  return {
    type: 'startWorkflow',
    workflowType: 'experiment',
    workflowId: a.scheduleId,
    taskQueue: a.taskQueue,
    args: [input],
    typedSearchAttributes: new TypedSearchAttributes(experimentSearchAttributes(a.recipe, a.scheduleId)),
  };
}
