import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');
const HISTORIES = path.join(ROOT, 'test', 'fixtures', 'histories');

// Replay runs in its own process: protobufjs type checks do not survive Jest's module registry.
describe('replay: recorded experiment histories still replay against the current workflow code', () => {
  it('replays every recorded history without nondeterminism', async () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/replay-histories.ts'], { cwd: ROOT, timeout: 120_000 });
    for (const f of files) expect(stdout).toContain(`replay ok: ${f}`);
  });

  it('catches a nondeterministic change (a history whose activity order differs)', async () => {
    const history = JSON.parse(require('node:fs').readFileSync(path.join(HISTORIES, 'experiment-quickstart.json'), 'utf8'));
    for (const e of history.events) {
      const scheduled = e.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name === 'deployService') scheduled.activityType.name = 'launchClients';
    }
    const tampered = path.join(require('node:os').tmpdir(), `tampered-${Date.now()}.json`);
    require('node:fs').writeFileSync(tampered, JSON.stringify(history));
    const run = promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/replay-histories.ts', tampered], { cwd: ROOT, timeout: 120_000 });
    await expect(run).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('replay FAILED') });
  });
});
