/**
 * Recipe text → validated Recipe, or every problem at once with its path and line.
 * Pure (no I/O): the workflow validates recipes with the same code the CLI uses.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { crossReferenceIssues } from './cross-references';
import { RecipeIssue, RecipeValidationError, formatPath } from './errors';
import { Recipe, recipeSchema } from './schema';
import { allowedKeysAt, closest } from './schema-keys';

/** Larger recipes are refused before parsing: a recipe is a page of YAML, not a data file. */
export const MAX_RECIPE_BYTES = 1024 * 1024;
const MAX_ALIAS_EXPANSION = 1000;

export type ParseResult = { ok: true; recipe: Recipe; issues: [] } | { ok: false; issues: RecipeIssue[] };

export function parseRecipe(text: string): ParseResult {
  if (text.length > MAX_RECIPE_BYTES) {
    return fail([{ path: '', message: `the recipe is ${(text.length / 1048576).toFixed(1)} MiB; recipes are limited to 1 MiB`, hint: 'is this the right file?' }]);
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    return fail([{ path: '', message: 'the file contains binary data, not YAML text', hint: 'is this the right file?' }]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number) => lines.linePos(offset);

  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) => {
        const pos = at(e.pos[0]);
        return { path: '', line: pos.line, column: pos.col, message: yamlMessage(e.code, e.message) };
      }),
    );
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (e) {
    return fail([{ path: '', message: (e as Error).message, hint: 'aliases (*name) may expand to at most 1000 nodes' }]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail([{ path: '', line: 1, column: 1, message: 'a recipe is a YAML mapping (name:, services:, workload: ...)', hint: 'see recipes/quickstart.yaml' }]);
  }

  const result = validateRecipeObject(raw);
  if (result.ok) return result;
  return fail(result.issues.map((i) => locate(i, doc.contents as YamlNode | null, at)));
}

interface PathIssue extends RecipeIssue {
  rawPath: (string | number)[];
  /** For unknown keys: the key itself, to point at its line. */
  key?: string;
}

/** Validates an already-parsed object (from YAML or JSON). Issues carry paths but no lines. */
export function validateRecipeObject(raw: unknown): { ok: true; recipe: Recipe; issues: [] } | { ok: false; issues: PathIssue[] } {
  const parsed = recipeSchema.safeParse(raw);
  const cross = crossReferenceIssues(raw).map((i) => ({ rawPath: i.path, path: formatPath(i.path), message: i.message }));
  if (parsed.success && cross.length === 0) return { ok: true, recipe: parsed.data, issues: [] };
  const issues: PathIssue[] = parsed.success ? [] : parsed.error.issues.flatMap((i) => describeZodIssue(i, raw));
  issues.push(...cross);
  issues.sort((a, b) => a.path.localeCompare(b.path));
  return { ok: false, issues };
}

/** Throws RecipeValidationError with every problem; returns the recipe otherwise. */
export function loadRecipe(text: string, source = 'recipe'): Recipe {
  const result = parseRecipe(text);
  if (!result.ok) throw new RecipeValidationError(source, result.issues);
  return result.recipe;
}

function describeZodIssue(issue: z.core.$ZodIssue, raw: unknown): PathIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(recipeSchema, path, raw);
    return issue.keys.map((key) => {
      const guess = closest(key, allowed);
      return {
        rawPath: [...path, key],
        key,
        path: formatPath([...path, key]),
        message: `unknown field "${key}"`,
        hint: guess ? `did you mean "${guess}"?` : allowed.length ? `allowed here: ${allowed.join(', ')}` : undefined,
      };
    });
  }
  let message = issue.message;
  let hint: string | undefined;
  if (issue.code === 'invalid_type') {
    const got = valueAt(raw, path);
    message = got === undefined ? `required field is missing (expected ${issue.expected})` : `expected ${issue.expected}, got ${describe(got)}`;
  } else if (issue.code === 'invalid_value') {
    hint = `one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    message = `${JSON.stringify(valueAt(raw, path))} is not allowed`;
  } else if (issue.code === 'invalid_union' && path.at(-1) === 'executor') {
    hint = 'executor.type is one of closed-loop, constant-arrival-rate, poisson-arrival-rate, ramping-arrival-rate, ramping-users';
  }
  return [{ rawPath: path, path: formatPath(path), message, hint }];
}

function locate(issue: PathIssue, root: YamlNode | null, at: (offset: number) => { line: number; col: number }): RecipeIssue {
  const node = nodeAt(root, issue.rawPath, issue.key);
  const { rawPath: _p, key: _k, ...rest } = issue;
  if (!node?.range) return rest;
  const pos = at(node.range[0]);
  return { ...rest, line: pos.line, column: pos.col };
}

/** The deepest YAML node along the path (the key node for unknown keys), so a missing field points at its parent. */
function nodeAt(root: YamlNode | null, path: (string | number)[], key?: string): YamlNode | null {
  let node: YamlNode | null = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === step);
      if (!pair) return node;
      if (key !== undefined && i === path.length - 1 && step === key) return pair.key as YamlNode;
      node = (pair.value as YamlNode) ?? (pair.key as YamlNode);
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as YamlNode | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, p) => (v as Record<string | number, unknown> | undefined)?.[p], raw);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0];
  return code === 'DUPLICATE_KEY' ? `duplicate key: ${first}` : `YAML syntax: ${first}`;
}

function fail(issues: RecipeIssue[]): { ok: false; issues: RecipeIssue[] } {
  return { ok: false, issues };
}
