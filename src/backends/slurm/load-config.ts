import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SlurmBackendConfig } from './config';

/** A recipe's `slurm:` block: any field may come from the connection.json it names instead. */
export type SlurmSettings = Partial<SlurmBackendConfig> & { connection?: string };

/**
 * The backend config for a recipe: fields from the recipe win over those in its `connection`
 * file (relative to `baseDir`, the recipe's folder), as written by `npm run slurm:up`.
 */
export function slurmConfigFrom(settings: SlurmSettings, baseDir = process.cwd()): SlurmBackendConfig {
  const { connection, ...own } = settings;
  let fromFile: Partial<SlurmBackendConfig> = {};
  if (connection) {
    const file = path.resolve(baseDir, connection);
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Partial<SlurmBackendConfig>;
    } catch (err) {
      throw new Error(`slurm.connection: cannot read ${file} (${(err as Error).message}); run \`npm run slurm:up\` to write it, or give host, username and sharedDir in the recipe`);
    }
  }
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined));
  const merged = { ...fromFile, ...defined } as Partial<SlurmBackendConfig>;
  for (const key of ['host', 'username', 'sharedDir'] as const) {
    if (!merged[key]) throw new Error(`slurm.${key} is missing; set it in the recipe's slurm block or point slurm.connection at a connection.json`);
  }
  return merged as SlurmBackendConfig;
}
