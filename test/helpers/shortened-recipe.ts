import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

/** A copy of a shipped recipe in `dir` with short load phases (and, unless kept, no PDF): the same run, less waiting. */
export function shortenedRecipe(recipe: string, dir: string, opts: { duration?: string; warmup?: string; keepFormats?: boolean } = {}): string {
  const doc = parseDocument(readFileSync(recipe, 'utf8'));
  const clients = doc.getIn(['workload', 'clients']) as { items: { set(k: string, v: unknown): void; has(k: string): boolean }[] };
  for (const c of clients.items) {
    c.set('duration', opts.duration ?? '4s');
    if (c.has('warmup')) c.set('warmup', opts.warmup ?? '1s');
  }
  if (!opts.keepFormats) doc.setIn(['reporting', 'formats'], ['summary', 'csv']);
  const file = path.join(dir, path.basename(recipe));
  writeFileSync(file, doc.toString());
  return file;
}
