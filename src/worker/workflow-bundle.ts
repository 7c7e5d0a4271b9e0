/**
 * Bundles the workflow code once per source version and caches it in the state folder: webpack takes
 * seconds, and `bench run` should not pay that on every run.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-write';

// Always the TypeScript sources, also when this module runs compiled from build/ (scripts/build.js), which mirrors src/.
const SRC = path.resolve(__dirname, '..', '..', 'src');
const WORKFLOWS_ENTRY = path.join(SRC, 'workflows', 'index.ts');

export async function workflowBundle(stateDir: string): Promise<{ code: string }> {
  const key = sourceHash();
  const dir = path.join(stateDir, 'workflow-bundles');
  const file = path.join(dir, `${key}.js`);
  if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_ENTRY, logger: quietLogger });
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(file, code);
  return { code };
}

/** Hash of every TypeScript source file the bundle could include (all of src/, cheap to read). */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.ts')) hash.update(full).update(readFileSync(full));
    }
  };
  walk(SRC);
  hash.update(readFileSync(path.resolve(SRC, '..', 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: (m: string) => process.stderr.write(`workflow bundle: ${m}\n`), error: (m: string) => process.stderr.write(`workflow bundle: ${m}\n`), log: noop };
