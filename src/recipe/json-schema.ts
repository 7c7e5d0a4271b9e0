import { z } from 'zod';
import { recipeSchema } from './schema';

/** The recipe's JSON Schema, generated from the zod schema (what editors validate against). */
export function recipeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(recipeSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://bench.dev/schemas/recipe-v1.json', title: 'bench recipe (bench/v1)' };
}
