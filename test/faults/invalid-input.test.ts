/**
 * Invalid input never deploys anything: `bench start` rejects an invalid recipe with every error, the
 * workflow rejects one started directly through the Temporal client (InvalidRecipe, non-retryable),
 * experiment ids cannot escape the experiments folder, and recipe values reach processes as argv and
 * env, never through a shell.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { freePort } from '../../src/activities/free-port';
import { ROOT, runBench } from '../helpers/bench-cli';
import { journal } from '../helpers/processes';
import { faultHarness, writeRecipe } from './fault-kit';

const SEVERAL_ERRORS = path.join(ROOT, 'test', 'fixtures', 'recipes', 'several-errors.yaml');
const QUICKSTART = readFileSync(path.join(ROOT, 'recipes', 'quickstart.yaml'), 'utf8');

/** Files whose name starts with `injected` anywhere under `dir`. */
function injected(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => path.basename(f).startsWith('injected'));
}

describe('invalid input is refused before anything is deployed', () => {
  const h = faultHarness('invalid-input');
  const box = h.box;

  it('`bench start` rejects an invalid recipe with every error, before contacting Temporal', async () => {
    const res = await runBench(['start', SEVERAL_ERRORS], { ...box.env, TEMPORAL_ADDRESS: '127.0.0.1:1' }, 60_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('7 problems');
    expect(res.stderr).toMatch(/several-errors\.yaml:5:5 services\[0\]\.prots: unknown field "prots"/);
    expect(res.stderr).toMatch(/no service named "nope"/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('the workflow itself rejects an invalid recipe started through the Temporal client: InvalidRecipe, non-retryable, nothing deployed', async () => {
    const id = `invalid-direct-${Date.now()}`;
    const handle = await h.client().workflow.start('experiment', {
      taskQueue: box.taskQueue,
      workflowId: id,
      args: [{ experimentId: id, recipeText: readFileSync(SEVERAL_ERRORS, 'utf8'), recipeSource: 'api', outputRoot: box.experiments }],
    });
    const err = await handle.result().catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = err.cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe('InvalidRecipe');
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toContain('api:5:5 services[0].prots: unknown field "prots"');
    expect(cause.message.split('\n').filter((l) => l.startsWith('  api'))).toHaveLength(7);
    expect((await handle.describe()).status.name).toBe('FAILED');
    expect(journal(box.home, id)).toEqual([]);
    expect(existsSync(path.join(box.experiments, id))).toBe(false);
  });

  it('experiment ids cannot escape the experiments folder: bench run/start --id ../x, and a workflow started directly', async () => {
    for (const cmd of ['run', 'start']) {
      const res = await runBench([cmd, path.join(ROOT, 'recipes', 'quickstart.yaml'), '--id', '../escaped', '--output', box.experiments], box.env, 60_000);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/experiment id "\.\.\/escaped" is not allowed/);
    }
    for (const bad of ['a/b', '..', '/etc/x', 'x/../../y']) {
      const res = await runBench(['start', path.join(ROOT, 'recipes', 'quickstart.yaml'), '--id', bad], box.env, 60_000);
      expect(res.code).toBe(2);
    }

    const handle = await h.client().workflow.start('experiment', {
      taskQueue: box.taskQueue,
      workflowId: `escape-direct-${Date.now()}`,
      args: [{ experimentId: '../escaped', recipeText: QUICKSTART, outputRoot: box.experiments }],
    });
    const err = await handle.result().catch((e) => e);
    expect((err.cause as ApplicationFailure).type).toBe('InvalidExperimentId');
    expect(journal(box.home, '../escaped')).toEqual([]);
    expect(existsSync(path.join(box.home, 'escaped'))).toBe(false);
    expect(existsSync(path.join(box.experiments, '..', 'escaped'))).toBe(false);
  });

  it('recipe values never reach a shell: $(...), backticks and ; in args and env arrive verbatim', async () => {
    const port = await freePort();
    const payloads = ['$(touch injected-1)', '`touch injected-2`', '; touch injected-3', '&& touch injected-4', '| touch injected-5', "'; touch injected-6; '", '"; touch injected-7; "'];
    // The service writes the argv and env it received, then serves HTTP for the clients.
    const script = "require('fs').writeFileSync('received.json', JSON.stringify({ argv: process.argv.slice(1), env: process.env.EVIL })); require('http').createServer((q, s) => s.end('ok')).listen(+process.env.PORT, '127.0.0.1')";
    const recipe = writeRecipe(box, 'injection', `
name: injection
services:
  - name: echo
    kind: command
    command: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(script)}]
    args: ${JSON.stringify(payloads)}
    env: {PORT: "${port}", EVIL: "$(touch injected-env)"}
    ports: {http: ${port}}
workload:
  clients:
    - name: load
      driver: http
      target: echo
      executor: {type: closed-loop, connections: 1}
      duration: 2s
`);
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments], box.env, 180_000);
    expect(res.code).toBe(0);
    const { experimentId, folder } = JSON.parse(res.stdout);
    const received = JSON.parse(readFileSync(path.join(folder, 'work', 'echo', 'received.json'), 'utf8'));
    expect(received.argv).toEqual(payloads);
    expect(received.env).toBe('$(touch injected-env)');
    expect(injected(box.home)).toEqual([]);
    expect(readdirSync(ROOT).filter((f) => f.startsWith('injected'))).toEqual([]);
    expect(journal(box.home, experimentId).filter((e) => e.event === 'launch')).toHaveLength(2);
  }, 240_000);
});
