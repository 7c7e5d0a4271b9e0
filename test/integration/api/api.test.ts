/** The HTTP API end to end: a real `bench serve`, a real worker, a real experiment over HTTP with a token. */
import { readFileSync } from 'node:fs';
import { runBench, sandbox, startWorkerProcess, type WorkerProcess } from '../../helpers/bench-cli';
import { waitFor } from '../../helpers/wait-for';
import { startServe, type ServeProcess } from './serve-process';
import { craftedSummary, writeRun } from '../../unit/compare/crafted-summary';

jest.setTimeout(300_000);

const TOKEN = 'test-token-0123456789abcdef';
/** Response bodies are checked field by field: any is the honest type here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (res: Response): Promise<any> => res.json();
const RECIPE = readFileSync('test/integration/schedules/fast.yaml', 'utf8');

describe('bench serve: HTTP API', () => {
  const box = sandbox('api', { BENCH_API_TOKEN: TOKEN });
  let worker: WorkerProcess;
  let serve: ServeProcess;
  const api = (path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    fetch(`${serve.url}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) } });

  beforeAll(async () => {
    [worker, serve] = await Promise.all([startWorkerProcess(box.env), startServe(box.env)]);
  });
  afterAll(async () => {
    await serve?.stop();
    await worker?.kill();
  });

  it('serves its OpenAPI document without a token, and refuses everything else without one (401)', async () => {
    const doc = await json(await api('/openapi.json', {}, null));
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/experiments', '/api/experiments/{id}', '/api/experiments/{id}/cancel', '/api/experiments/{id}/summary.json', '/api/experiments/{id}/raw_results.csv', '/api/experiments/{id}/report.pdf', '/api/experiments/{id}/logs', '/api/compare', '/api/schedules', '/api/schedules/{id}', '/api/schedules/{id}/trigger', '/api/schedules/{id}/trend']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, method] of [['/api/experiments', 'GET'], ['/api/experiments', 'POST'], ['/api/schedules', 'GET'], ['/', 'POST']] as const) {
      const res = await api(path, { method, ...(method === 'POST' ? { body: JSON.stringify({ recipe: RECIPE }) } : {}) }, null);
      expect([path, res.status]).toEqual([path, 401]);
    }
    expect((await api('/api/experiments', {}, 'wrong-token-0123456789abcdef')).status).toBe(401);
    // A browser without the cookie is sent to the login form.
    const page = await fetch(`${serve.url}/experiments`, { redirect: 'manual' });
    expect([page.status, page.headers.get('location')]).toEqual([302, '/login?next=%2Fexperiments']);
  });

  it('answers 422 with path and line for an invalid recipe; nothing starts', async () => {
    const bad = RECIPE.replace('instances: 1', 'instances: -1').replace('driver: redis', 'driver: nope');
    const res = await api('/api/experiments', { method: 'POST', body: JSON.stringify({ recipe: bad }) });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error).toMatch(/invalid recipe/);
    const lines = readFileSync('test/integration/schedules/fast.yaml', 'utf8').split('\n');
    const instancesLine = lines.findIndex((l) => l.includes('instances: 1')) + 1;
    expect(body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'workload.clients[0].instances', line: instancesLine })]));
  });

  it('refuses ids that would leave the experiments folder (400), and unknown ones (404)', async () => {
    for (const id of ['..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', 'a%2F..%2F..%2Fb', '.hidden']) {
      for (const tail of ['', '/summary.json', '/raw_results.csv', '/report.pdf', '/logs']) {
        const res = await api(`/api/experiments/${id}${tail}`);
        expect([id, tail, res.status]).toEqual([id, tail, id === '..' || id === '%2e%2e' ? expect.any(Number) : 400]);
        expect(res.status).not.toBe(200);
      }
    }
    expect((await api('/api/compare?ids=..%2Fx,y')).status).toBe(400);
    expect((await api('/api/experiments/no-such-run')).status).toBe(404);
    // A folder Temporal does not know (retention, another server) is still shown from its summary.json.
    writeRun(box.experiments, craftedSummary('folder-only', { p99: 2 }));
    expect(await json(await api('/api/experiments/folder-only'))).toMatchObject({ id: 'folder-only', status: 'COMPLETED', summary: { totals: { latencyMs: { p99: 2 } } } });
    expect((await api('/api/experiments/no-such-run/summary.json')).status).toBe(404);
  });

  it('runs an experiment end to end over HTTP: start, progress, summary, CSV, logs, list, compare', async () => {
    const started = await api('/api/experiments', { method: 'POST', body: JSON.stringify({ recipe: RECIPE, id: `api-run-${Date.now()}` }) });
    expect(started.status).toBe(201);
    const { experimentId } = await json(started);
    const done = await waitFor(
      'the experiment to complete',
      async () => {
        const v = await json(await api(`/api/experiments/${experimentId}`));
        return v.status !== 'RUNNING' ? v : undefined;
      },
      240_000,
      1000,
    );
    expect(done.status).toBe('COMPLETED');
    expect(done.progress.phase).toBe('completed');
    expect(done.files).toMatchObject({ summary: true, rawResultsCsv: true });
    const summary = await json(await api(`/api/experiments/${experimentId}/summary.json`));
    expect(summary).toMatchObject({ schemaVersion: 3, experiment: { id: experimentId, status: 'completed' } });
    expect(summary.totals.requests).toBeGreaterThan(0);
    const csv = await api(`/api/experiments/${experimentId}/raw_results.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')[0]).toBe('timestamp,second,group,instance,requests,errors,ops_per_sec,p50_ms,p90_ms,p99_ms,max_ms');
    const logs = await json(await api(`/api/experiments/${experimentId}/logs?component=orchestrator`));
    expect(logs.total).toBeGreaterThan(0);
    expect(logs.entries.every((e: { component: string }) => e.component === 'orchestrator')).toBe(true);
    const listed = await waitFor('the run in the filtered list', async () => {
      const rows = (await json(await api('/api/experiments?recipe=sched-redis&status=completed&backend=local&service=redis'))) as { id: string }[];
      return rows.some((r) => r.id === experimentId) ? rows : undefined;
    });
    expect(listed.length).toBeGreaterThan(0);
    expect(await json(await api('/api/experiments?recipe=no-such-recipe'))).toEqual([]);
    const cmp = await json(await api(`/api/compare?ids=${experimentId},${experimentId}`));
    expect(cmp).toMatchObject({ regression: false, baseline: { id: experimentId } });
    expect((await api(`/api/experiments/${experimentId}/report.pdf`)).status).toBe(404);
    // The CLI sees the same run.
    expect((await runBench(['status', experimentId, '--json'], box.env)).stdout).toContain('"status":"COMPLETED"');
  });

  it('manages schedules over HTTP', async () => {
    const id = `api-sched-${Date.now()}`;
    const created = await api('/api/schedules', { method: 'POST', body: JSON.stringify({ recipe: RECIPE, id, every: '1d', overlap: 'skip' }) });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ id, spec: 'every 1d', paused: false });
    expect((await api('/api/schedules', { method: 'POST', body: JSON.stringify({ recipe: RECIPE, id, every: '1d' }) })).status).toBe(409);
    expect((await api('/api/schedules', { method: 'POST', body: JSON.stringify({ recipe: RECIPE, id: `${id}-x` }) })).status).toBe(400);
    expect(((await json(await api('/api/schedules'))) as { id: string }[]).map((s) => s.id)).toContain(id);
    expect(await json(await api(`/api/schedules/${id}/pause`, { method: 'POST', body: '{}' }))).toMatchObject({ paused: true });
    expect(await json(await api(`/api/schedules/${id}`))).toMatchObject({ id, paused: true, baseline: null });
    expect(await json(await api(`/api/schedules/${id}/trend`))).toEqual([]);
    expect((await api(`/api/schedules/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/schedules/${id}`)).status).toBe(404);
  });

  it('refuses to serve without a token on a non-loopback address', async () => {
    const res = await runBench(['serve', '--host', '0.0.0.0', '--port', '0'], { ...box.env, BENCH_API_TOKEN: '' }, 60_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('refusing to serve on 0.0.0.0 without authentication');
  });
});
