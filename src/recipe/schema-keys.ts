/** Walks the zod schema along a document path to list the keys allowed there (for did-you-mean hints). */
import type { z } from 'zod';

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType; options?: z.ZodType[] };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const d = defOf(s);
    if (d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else break;
  }
  return s;
}

export function allowedKeysAt(root: z.ZodType, path: (string | number)[], doc: unknown): string[] {
  let s = unwrap(root);
  let value: unknown = doc;
  for (const step of path) {
    const d = defOf(s);
    value = (value as Record<string | number, unknown> | undefined)?.[step];
    if (d.type === 'array' && d.element) s = unwrap(d.element);
    else if (d.type === 'object' && d.shape && typeof step === 'string' && d.shape[step]) s = unwrap(d.shape[step]);
    else return [];
    s = pickUnionBranch(s, value);
  }
  return Object.keys(defOf(s).shape ?? {});
}

function pickUnionBranch(s: z.ZodType, value: unknown): z.ZodType {
  const d = defOf(s);
  if (d.type !== 'union' || !d.options) return s;
  const type = (value as { type?: unknown } | undefined)?.type;
  for (const option of d.options.map(unwrap)) {
    const literal = defOf(option).shape?.type;
    if (literal && (literal as unknown as { _zod: { def: { values: unknown[] } } })._zod.def.values?.includes(type)) return option;
  }
  return s;
}

export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
