import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020';
import { recipeJsonSchema } from '../../../src/recipe/json-schema';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('recipe JSON Schema', () => {
  const schema = recipeJsonSchema();
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

  it('is the committed schemas/recipe.schema.json (regenerate with `npx bench schema > schemas/recipe.schema.json`)', () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'recipe.schema.json'), 'utf8'))).toEqual(schema);
  });

  it('accepts the shipped quickstart and rejects an unknown field, as the zod schema does', () => {
    const quickstart = parse(readFileSync(path.join(ROOT, 'recipes', 'quickstart.yaml'), 'utf8'));
    expect(validate(quickstart)).toBe(true);
    expect(validate({ ...quickstart, servicez: [] })).toBe(false);
  });

  it('is referenced by the shipped recipes for editors', () => {
    expect(readFileSync(path.join(ROOT, 'recipes', 'quickstart.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schemas\/recipe\.schema\.json/);
  });
});
