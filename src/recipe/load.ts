/**
 * Recipe text → validated Recipe, or every problem at once with its path and line.
 * Pure (no I/O): the workflow validates recipes with the same code the CLI uses.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { crossReferenceIssues, type ExtraChecks, type RawIssue } from './cross-references';
import { RecipeIssue, RecipeValidationError, formatPath } from './errors';
import { Recipe, recipeSchema } from './schema';
import { allowedKeysAt, closest } from './schema-keys';
import { sweepIssues } from './sweep-plan';

/** Larger recipes are refused before parsing: a recipe is a page of YAML, not a data file. */
export const MAX_RECIPE_BYTES = 1024 * 1024;
const MAX_ALIAS_EXPANSION = 1000;
/** Recipes nest a handful of levels; far deeper documents are refused before they exhaust the stack. */
export const MAX_NESTING = 64;

export type ParseResult = { ok: true; recipe: Recipe; issues: []; warnings?: RecipeIssue[] } | { ok: false; issues: RecipeIssue[]; warnings?: RecipeIssue[] };

/** Never throws for any input text: every problem comes back as an issue. */
export function parseRecipe(text: string, extraChecks?: ExtraChecks): ParseResult {
  try {
    return parseRecipeText(text, extraChecks);
  } catch (e) {
    // Nesting deep enough to exhaust the stack in the YAML library itself.
    if (e instanceof RangeError) return fail([tooDeep()]);
    throw e;
  }
}

function parseRecipeText(text: string, extraChecks?: ExtraChecks): ParseResult {
  if (text.length > MAX_RECIPE_BYTES) {
    return fail([{ path: '', message: `the recipe is ${(text.length / 1048576).toFixed(1)} MiB; recipes are limited to 1 MiB`, hint: 'is this the right file?' }]);
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    return fail([{ path: '', message: 'the file contains binary data, not YAML text', hint: 'is this the right file?' }]);
  }
  const lines = new LineCounter();
  // resolveKnownTags: false keeps YAML 1.1 extras (!!binary, !!set, !!timestamp) from becoming non-JSON values.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, resolveKnownTags: false });
  const at = (offset: number) => lines.linePos(offset);

  if (doc.errors.some((e) => e.message.includes('call stack'))) {
    const pos = at(doc.errors[0].pos[0]);
    return fail([{ ...tooDeep(), line: pos.line, column: pos.col }]);
  }
  const unsupportedTags = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (doc.errors.length > 0 || unsupportedTags.length > 0) {
    return fail(
      doc.errors.map((e) => {
        const pos = at(e.pos[0]);
        return { path: '', line: pos.line, column: pos.col, message: e.code === 'DUPLICATE_KEY' ? `duplicate key "${text.slice(e.pos[0], e.pos[0] + 200).split(/[:\n]/)[0].trim()}": keys must be unique in a mapping` : yamlMessage(e.code, e.message) };
      }).concat(
        unsupportedTags.map((w) => {
          const pos = at(w.pos[0]);
          return { path: '', line: pos.line, column: pos.col, message: `unsupported tag: ${w.message.split(' at line')[0].replace('Unresolved tag: ', '').replace('tag:yaml.org,2002:', '!!')}`, hint: 'recipes use plain YAML values: strings, numbers, booleans, lists and mappings' };
        }),
      ),
    );
  }

  const shape = inspectNodes(doc.contents as YamlNode | null);
  if (shape.deepest) return fail([{ ...tooDeep(), ...(shape.deepest.range ? lineOf(at, shape.deepest.range[0]) : {}) }]);
  if (shape.duplicateAnchors.length > 0) {
    return fail(
      shape.duplicateAnchors.map(({ name, first, again }) => ({
        path: '',
        ...lineOf(at, again),
        message: `anchor &${name} is defined twice (lines ${at(first).line} and ${at(again).line}); an alias *${name} would silently use the last one`,
        hint: 'give each anchor its own name',
      })),
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

  const result = validateRecipeObject(raw, extraChecks);
  const warnings = result.warnings.map((i) => locate(i, doc.contents as YamlNode | null, at));
  if (result.ok) return { ok: true, recipe: result.recipe, issues: [], ...(warnings.length ? { warnings } : {}) };
  return { ok: false, issues: result.issues.map((i) => locate(i, doc.contents as YamlNode | null, at)), ...(warnings.length ? { warnings } : {}) };
}

interface PathIssue extends RecipeIssue {
  rawPath: (string | number)[];
  /** For unknown keys: the key itself, to point at its line. */
  key?: string;
}

/** Validates an already-parsed object (from YAML or JSON). Issues carry paths but no lines. */
export function validateRecipeObject(
  raw: unknown,
  extraChecks?: ExtraChecks,
): ({ ok: true; recipe: Recipe; issues: [] } | { ok: false; issues: PathIssue[] }) & { warnings: PathIssue[] } {
  const parsed = recipeSchema.safeParse(raw);
  const raws = [...crossReferenceIssues(raw), ...(extraChecks?.(raw) ?? [])];
  // Each sweep point is validated as the whole recipe it becomes (only once the base recipe is sound).
  if (parsed.success && !raws.some((i) => i.severity !== 'warning')) raws.push(...sweepIssues(raw, (point) => validateRecipeObject(point, extraChecks)));
  const toPathIssue = (i: RawIssue): PathIssue => ({ rawPath: i.path, path: formatPath(i.path), message: i.message, ...(i.hint ? { hint: i.hint } : {}) });
  const cross = raws.filter((i) => i.severity !== 'warning').map(toPathIssue);
  const warnings = raws.filter((i) => i.severity === 'warning').map(toPathIssue);
  if (parsed.success && cross.length === 0) return { ok: true, recipe: parsed.data, issues: [], warnings };
  const issues: PathIssue[] = parsed.success ? [] : parsed.error.issues.flatMap((i) => describeZodIssue(i, raw));
  issues.push(...cross);
  issues.sort((a, b) => a.path.localeCompare(b.path));
  return { ok: false, issues, warnings };
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

function tooDeep(): RecipeIssue {
  return { path: '', message: `the document nests more than ${MAX_NESTING} levels deep; a recipe needs a handful`, hint: 'is this the right file?' };
}

function lineOf(at: (offset: number) => { line: number; col: number }, offset: number): { line: number; column: number } {
  const pos = at(offset);
  return { line: pos.line, column: pos.col };
}

/** One iterative walk over the YAML nodes (aliases not followed): nesting depth and anchors defined twice. */
function inspectNodes(root: YamlNode | null): { deepest?: YamlNode; duplicateAnchors: { name: string; first: number; again: number }[] } {
  const anchors = new Map<string, number>();
  const duplicateAnchors: { name: string; first: number; again: number }[] = [];
  const stack: [YamlNode, number][] = root ? [[root, 1]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) return { deepest: node, duplicateAnchors };
    if (isAlias(node)) continue;
    const anchor = (node as { anchor?: string }).anchor;
    const offset = node.range?.[0] ?? 0;
    if (anchor) {
      const first = anchors.get(anchor);
      if (first === undefined) anchors.set(anchor, offset);
      else duplicateAnchors.push({ name: anchor, first: Math.min(first, offset), again: Math.max(first, offset) });
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          if (item.key && typeof item.key === 'object') stack.push([item.key as YamlNode, depth + 1]);
          if (item.value) stack.push([item.value as YamlNode, depth + 1]);
        } else if (item) stack.push([item as YamlNode, depth + 1]);
      }
    }
  }
  return { duplicateAnchors };
}

function fail(issues: RecipeIssue[]): { ok: false; issues: RecipeIssue[] } {
  return { ok: false, issues };
}
