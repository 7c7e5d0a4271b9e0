import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalBackend } from '../../../src/backends/local/local-backend';
import type { LaunchSpec } from '../../../src/backends/backend';
import { waitFor } from '../../helpers/wait-for';
import { isAlive } from '../../helpers/processes';

describe('local backend', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-local-'));
  const backend = new LocalBackend({ stateDir: dir, stopGraceMs: 1000 });
  const spec = (id: string, command: string[], extra: Partial<LaunchSpec> = {}): LaunchSpec => ({
    id,
    labels: { experiment: 'exp-local', role: 'service', name: id },
    command,
    logFile: path.join(dir, 'logs', `${id}.log`),
    ...extra,
  });

  afterAll(async () => {
    for (const h of await backend.list({})) await backend.stop(h);
  });

  it('runs a process group, finds it by labels, and stops all of it', async () => {
    // The child forks a grandchild: stop must take the whole group.
    const h = await backend.launch(spec('sleeper', ['sh', '-c', 'sleep 300 & sleep 300']));
    expect((await backend.status(h)).state).toBe('running');
    expect((await backend.list({ experiment: 'exp-local' })).map((x) => x.id)).toContain('sleeper');
    await backend.stop(h);
    expect((await backend.status(h)).state).toBe('stopped');
    expect(await backend.list({ experiment: 'exp-local', name: 'sleeper' })).toEqual([]);
    expect(isAlive(h.ref.pid as number)).toBe(false);
    await backend.stop(h); // twice is fine
  });

  it('a second launch with the same id returns the first instead of spawning again', async () => {
    const a = await backend.launch(spec('once', ['sleep', '300']));
    const b = await backend.launch(spec('once', ['sleep', '300']));
    expect(b.ref.pid).toBe(a.ref.pid);
    expect(backend.store.launches('exp-local').filter((e) => e.id === 'once')).toHaveLength(1);
    await backend.stop(a);
  });

  it('tells exited, failed and lost apart, even from a fresh backend instance (a restarted worker)', async () => {
    const ok = await backend.launch(spec('ok', ['true']));
    const bad = await backend.launch(spec('bad', ['sh', '-c', 'echo boom; exit 3']));
    const lost = await backend.launch(spec('lost', ['sleep', '300']));
    process.kill(lost.ref.pid as number, 'SIGKILL');
    const fresh = new LocalBackend({ stateDir: dir });
    await waitFor('ok to exit', async () => (await fresh.status(ok)).state === 'exited');
    await waitFor('bad to fail', async () => (await fresh.status(bad)).state === 'failed');
    expect((await fresh.status(bad)).exitCode).toBe(3);
    expect(await fresh.logs(bad)).toContain('boom');
    await waitFor('lost to be lost', async () => (await fresh.status(lost)).state === 'lost');
  });

  it('never lets argv reach a shell: $(...), backticks and quotes stay literal', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'bench-inject-'));
    const evil = ['$(touch injected)', '`touch injected2`', "'; touch injected3; '", '"; touch injected4; "'];
    const h = await backend.launch(spec('echo', ['echo', ...evil], { cwd: work, env: { X: '$(touch injected5)' } }));
    await waitFor('echo to exit', async () => (await backend.status(h)).state === 'exited');
    expect(await backend.logs(h)).toContain('$(touch injected)');
    expect(readdirSync(work)).toEqual([]);
    expect(existsSync(path.join(process.cwd(), 'injected'))).toBe(false);
  });
});
