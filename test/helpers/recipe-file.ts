import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes a recipe variant for one test into a temp folder and returns its path. */
export function writeRecipe(name: string, yaml: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-recipe-${name}-`));
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

export const SLURM_CONNECTION = path.resolve(__dirname, '..', '..', '.bench', 'slurm', 'connection.json');
