/** Finds the Temporal CLI: TEMPORAL_CLI_PATH, then the project's tools/ venv (scripts/setup.sh), then PATH. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export function temporalCliPath(): string {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} does not exist; unset it or point it at the temporal binary`);
    return fromEnv;
  }
  const local = path.join(PROJECT_ROOT, 'tools', 'venv', 'bin', 'temporal');
  if (existsSync(local)) return local;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, 'temporal');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error('the Temporal CLI was not found; run `bash scripts/setup.sh` (installs it into tools/) or set TEMPORAL_CLI_PATH');
}

/**
 * Asked once per binary and process: every experiment's metadata names it, and a synchronous spawn
 * per experiment blocked the worker's event loop (17 s in all for 50 concurrent experiments on 2 cores).
 */
const cliVersions = new Map<string, string | undefined>();

export function temporalCliVersion(): string | undefined {
  let cli: string;
  try {
    cli = temporalCliPath();
  } catch {
    return undefined;
  }
  if (!cliVersions.has(cli)) {
    try {
      cliVersions.set(cli, execFileSync(cli, ['--version'], { encoding: 'utf8', timeout: 5000 }).trim());
    } catch {
      return undefined;
    }
  }
  return cliVersions.get(cli);
}
