/**
 * Replays every recorded history under test/fixtures/histories against the current workflow code.
 * Exits 1 on any nondeterminism: a workflow change that would break running experiments needs patched().
 *   npx tsx scripts/replay-histories.ts [FILE...]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';

const DIR = path.join(__dirname, '..', 'test', 'fixtures', 'histories');

async function main(): Promise<number> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const files = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => path.join(DIR, f));
  let failed = 0;
  for (const file of files) {
    const history = JSON.parse(readFileSync(file, 'utf8'));
    try {
      await Worker.runReplayHistory({ workflowsPath: path.join(__dirname, '..', 'src', 'workflows', 'index.ts') }, history, path.basename(file));
      process.stdout.write(`replay ok: ${path.basename(file)} (${history.events.length} events)\n`);
    } catch (e) {
      failed++;
      process.stdout.write(`replay FAILED: ${path.basename(file)}: ${(e as Error).message}\n`);
    }
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
