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

  it('decides from the recipe recorded in the history, not from parsing the input again', async () => {
    // Turning monitoring off in the input would change the commands of a workflow that re-parses it
    // (no startMonitoring): the v2 history (parse in workflow code) breaks, v3 (parse in a local activity) does not.
    const tamper = (name: string) => {
      const history = JSON.parse(require('node:fs').readFileSync(path.join(HISTORIES, name), 'utf8'));
      const payload = history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
      const input = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
      expect(input.recipeText).toMatch(/monitoring:\n {2}enabled: true/);
      input.recipeText = input.recipeText.replace(/monitoring:\n {2}enabled: true/, 'monitoring:\n  enabled: false');
      payload.data = Buffer.from(JSON.stringify(input)).toString('base64');
      const file = path.join(require('node:os').tmpdir(), `changed-input-${name}`);
      require('node:fs').writeFileSync(file, JSON.stringify(history));
      return file;
    };
    const replay = (file: string) => promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/replay-histories.ts', file], { cwd: ROOT, timeout: 120_000 });
    await expect(replay(tamper('experiment-quickstart-v3.json'))).resolves.toMatchObject({ stdout: expect.stringContaining('replay ok') });
    await expect(replay(tamper('experiment-quickstart-v2.json'))).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('replay FAILED') });
  });
});
