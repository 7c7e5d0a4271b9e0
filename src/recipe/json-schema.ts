import { z } from 'zod';
import { allDrivers } from '../clients/drivers/catalog';
import { allServiceKinds } from '../services/catalog';
import { recipeSchema } from './schema';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** zod writes string checks such as startsWith as a non-standard `format` next to an equivalent `pattern`: editors warn on it. */
function dropZodFormats(node: unknown): void {
  if (Array.isArray(node)) node.forEach(dropZodFormats);
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (o.format === 'starts_with' || o.format === 'ends_with' || o.format === 'includes') delete o.format;
    Object.values(o).forEach(dropZodFormats);
  }
}

const toJson = (schema: z.ZodType): Json => {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  dropZodFormats(json);
  return json;
};

/** One if/then per plug-in: editors check (and complete) `options` by the kind or driver the item names. */
function optionsByName(key: string, plugins: { name: string; options: z.ZodType; description: string }[]): Json[] {
  return plugins.map((p) => {
    const { $schema: _drop, ...options } = toJson(p.options);
    return { if: { properties: { [key]: { const: p.name } }, required: [key] }, then: { properties: { options: { ...options, description: p.description } } } };
  });
}

/**
 * The recipe's JSON Schema (what editors validate against): generated from the zod schema, with each
 * service kind's and driver's own options schema composed in, so their options are checked too.
 */
export function recipeJsonSchema(): Record<string, unknown> {
  const schema = toJson(recipeSchema);
  schema.properties.services.items.allOf = optionsByName(
    'kind',
    allServiceKinds().map((k) => ({ name: k.kind, options: k.options, description: k.description })),
  );
  schema.properties.workload.properties.clients.items.allOf = optionsByName(
    'driver',
    allDrivers().map((d) => ({ name: d.kind, options: d.options, description: d.description })),
  );
  return { ...schema, $id: 'https://bench.dev/schemas/recipe-v1.json', title: 'bench recipe (bench/v1)' };
}
