import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readMetadata } from '../../src/store/metadata';
import { PHASE } from '../../src/temporal/search-attributes';
import type { ReaperResult } from '../../src/workflows/reaper';
import type { ExperimentResult } from '../../src/workflows/types';
import { runBench } from '../helpers/bench-cli';
import { isAlive, survivors } from '../helpers/processes';
import { waitFor } from '../helpers/wait-for';
import { faultHarness, launchOf, readSummary, recordRecovery, redisRecipe, waitForLoad, writeRecipe } from './fault-kit';

const FREEZER = '/sys/fs/cgroup/freezer';

/**
 * Puts one process into a frozen cgroup (v1 freezer): it sleeps uninterruptibly (state D, as behind a
 * hung NFS mount), so neither SIGTERM nor SIGKILL ends it until it is thawed. Returns the thaw.
 */
function freeze(pid: number): () => void {
  if (!existsSync(FREEZER)) throw new Error(`this test needs the cgroup v1 freezer at ${FREEZER} (and root)`);
  const dir = path.join(FREEZER, `bench-teardown-${pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'cgroup.procs'), String(pid));
  writeFileSync(path.join(dir, 'freezer.state'), 'FROZEN');
  let thawed = false;
  return () => {
    if (thawed) return;
    thawed = true;
    writeFileSync(path.join(dir, 'freezer.state'), 'THAWED');
    // The SIGKILL it could not take is delivered now; the empty cgroup can go.
    for (let i = 0; i < 100 && readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').trim() !== ''; i++) execFileSync('sleep', ['0.05']);
    try {
      rmdirSync(dir);
    } catch {
      // still busy: the kernel removes nothing by itself, but an empty leftover cgroup harms nothing
    }
  };
}

/** Makes a file immutable (chattr +i: not even root may replace it); returns the undo. */
function makeImmutable(file: string): () => void {
  execFileSync('chattr', ['+i', file]);
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    execFileSync('chattr', ['-i', file]);
  };
}

describe('fault: teardown cannot stop what it launched; the results stay valid', () => {
  const h = faultHarness('teardown-errors');
  const box = h.box;
  const undo: (() => void)[] = [];
  afterAll(() => {
    for (const u of undo) u();
  });

  it('a service process that survives SIGKILL: `bench run` exits 4, status completed_with_teardown_errors, summary kept, the log names it', async () => {
    const id = `frozen-${Date.now()}`;
    const recipe = writeRecipe(box, 'frozen', redisRecipe({ name: 'frozen', instances: 2, duration: '6s' }));
    const run = runBench(['run', recipe, '--id', id, '--json', '--output', box.experiments], box.env, 300_000);
    const handle = h.handle(id);
    await waitFor('the experiment to start', () => handle.describe().then(() => true, () => undefined), 60_000, 200);
    await waitForLoad(handle, 2);
    // The service's process group keeps a member no signal can end: its launcher (the sh that records
    // the exit code), frozen. redis-server itself serves on, so the run and its numbers are unaffected.
    const wrapper = launchOf(box, id, 'redis').pid;
    const thaw = freeze(wrapper);
    undo.push(thaw);
    const frozenAt = Date.now();

    const res = await run;
    const endedMs = Date.now() - frozenAt;
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    expect({ code: res.code, status: out.status }).toEqual({ code: 4, status: 'completed_with_teardown_errors' });
    expect(res.stderr).toContain('teardown could not stop everything');
    expect(isAlive(wrapper)).toBe(true);

    const result = (await handle.result()) as ExperimentResult;
    expect(result.status).toBe('completed_with_teardown_errors');
    expect(result.summary.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    const desc = await handle.describe();
    expect(desc.status.name).toBe('COMPLETED'); // closed: a reaper candidate
    expect(desc.typedSearchAttributes.get(PHASE)).toBe('completed_with_teardown_errors');

    const summary = readSummary(box, id);
    expect(summary.schemaVersion).toBe(3);
    expect(summary.experiment).toMatchObject({ status: 'completed_with_teardown_errors', partial: false });
    expect(summary.totals.requests).toBeGreaterThan(0);
    expect(summary.totals.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    const warning = summary.warnings.find((w) => w.startsWith('teardown could not stop'));
    expect(warning).toContain(`service redis (${id}.service.redis.0): process group ${wrapper} survived SIGKILL`);

    const folder = path.join(box.experiments, id);
    const metadata = readMetadata(path.join(folder, 'metadata.out'));
    expect(metadata.status).toBe('completed_with_teardown_errors');
    expect(metadata.teardown_errors).toMatch(new RegExp(`^service redis \\(${id}\\.service\\.redis\\.0\\): process group ${wrapper} survived SIGKILL`));
    const log = readFileSync(path.join(folder, 'logs', 'orchestrator.log'), 'utf8');
    const failed = log.split('\n').filter((l) => l.includes('"event":"teardown-failed"'));
    expect(failed.length).toBe(3); // one per teardown round
    expect(failed.every((l) => l.includes('"name":"redis"') && l.includes('"role":"service"'))).toBe(true);
    expect(log).toContain('experiment completed_with_teardown_errors');

    // Everything else was stopped; once thawed, the frozen launcher takes its SIGKILL.
    expect(survivors(box.home, id)).toEqual([wrapper]);
    thaw();
    await waitFor('the thawed launcher to end', () => (survivors(box.home, id).length === 0 ? true : undefined), 30_000, 100);
    recordRecovery('service process survives SIGKILL at teardown (frozen to run end)', endedMs, 'completed_with_teardown_errors, exit 4; summary.json kept, redis named in log/metadata/warnings');
  }, 360_000);

  it('a stop the backend cannot carry out: the run ends completed_with_teardown_errors and `bench reaper run` removes the leftover later', async () => {
    const { id, handle } = await h.startLoaded('unstoppable', redisRecipe({ name: 'unstoppable', instances: 2, duration: '6s' }), 2);
    // The local backend records each stop in its state folder before it signals; that record cannot be
    // written (immutable, as on a failing state disk), so the stop fails and redis-server runs on.
    const record = path.join(box.home, 'local', 'handles', `${encodeURIComponent(`${id}.service.redis.0`)}.json`);
    expect(existsSync(record)).toBe(true);
    const unlock = makeImmutable(record);
    undo.push(unlock);

    const result = (await handle.result()) as ExperimentResult;
    expect(result.status).toBe('completed_with_teardown_errors');
    const summary = readSummary(box, id);
    expect(summary.experiment).toMatchObject({ status: 'completed_with_teardown_errors', partial: false });
    expect(summary.warnings.find((w) => w.startsWith('teardown could not stop'))).toContain(`service redis (${id}.service.redis.0): EPERM`);
    const redis = launchOf(box, id, 'redis').pid;
    expect(survivors(box.home, id)).toContain(redis);

    // While the stop still fails, a reaper pass says so (exit 4, the error per leftover) instead of failing as a whole.
    const stuck = await runBench(['reaper', 'run', '--json'], box.env, 180_000);
    expect(stuck.code).toBe(4);
    const stuckPass = JSON.parse(stuck.stdout) as ReaperResult;
    const mine = stuckPass.removed.filter((r) => r.experiment === id);
    expect(mine).toEqual([expect.objectContaining({ role: 'service', name: 'redis', workflowStatus: 'COMPLETED', error: expect.stringContaining('EPERM') })]);
    expect(survivors(box.home, id)).toContain(redis);

    unlock();
    const started = Date.now();
    const reaped = await runBench(['reaper', 'run', '--json'], box.env, 180_000);
    expect(reaped.code).toBe(0);
    const pass = JSON.parse(reaped.stdout) as ReaperResult;
    expect(pass.removed.filter((r) => r.experiment === id).map((r) => `${r.role}:${r.name}:${r.workflowStatus}`)).toEqual(['service:redis:COMPLETED']);
    expect(survivors(box.home, id)).toEqual([]);
    const log = readFileSync(path.join(box.experiments, id, 'logs', 'orchestrator.log'), 'utf8');
    expect(log).toMatch(/"event":"reaped"/);
    recordRecovery('teardown stop fails, reaper later', Date.now() - started, 'completed_with_teardown_errors; reaper removed service redis (workflow COMPLETED)');
  }, 360_000);
});
