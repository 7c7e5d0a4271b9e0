import { readFileSync, statSync } from 'node:fs';
import { formatIssues } from '../recipe/errors';
import { MAX_RECIPE_BYTES } from '../recipe/load';
import { checkRecipe } from '../recipe/check';
import type { Recipe } from '../recipe/schema';
import { CliError, EXIT } from './exit-codes';

export interface RecipeFile {
  path: string;
  text: string;
  recipe: Recipe;
}

export function readRecipeText(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new CliError(`${file} is not a file`, EXIT.badInput);
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read recipe ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, EXIT.badInput);
  }
  if (size > MAX_RECIPE_BYTES) throw new CliError(`${file}: the recipe is ${(size / 1048576).toFixed(1)} MiB; recipes are limited to 1 MiB (is this the right file?)`, EXIT.badInput);
  return readFileSync(file, 'utf8');
}

/** Reads and validates a recipe; every problem at once, exit code 2. */
export function loadRecipeFile(file: string): RecipeFile {
  const text = readRecipeText(file);
  const result = checkRecipe(text);
  if (!result.ok) {
    const n = result.issues.length;
    throw new CliError(`${file}: ${n} problem${n === 1 ? '' : 's'}\n${formatIssues(file, result.issues)}`, EXIT.badInput);
  }
  if (result.warnings?.length) process.stderr.write(`${file}: warning${result.warnings.length === 1 ? '' : 's'}\n${formatIssues(file, result.warnings)}\n`);
  return { path: file, text, recipe: result.recipe };
}
