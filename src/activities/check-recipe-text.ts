import { checkRecipe } from '../recipe/check';
import type { RecipeIssue } from '../recipe/errors';
import type { Recipe } from '../recipe/schema';

export type CheckedRecipe = { ok: true; recipe: Recipe } | { ok: false; issues: RecipeIssue[] };

/**
 * The recipe parsed, defaulted and checked against the worker's plug-ins, as a local activity: its
 * result is recorded in the workflow's history, so a later release with other defaults cannot change
 * what a running experiment decides on replay.
 */
export function checkRecipeText() {
  return async (input: { recipeText: string }): Promise<CheckedRecipe> => {
    const result = checkRecipe(input.recipeText);
    return result.ok ? { ok: true, recipe: result.recipe } : { ok: false, issues: result.issues };
  };
}
