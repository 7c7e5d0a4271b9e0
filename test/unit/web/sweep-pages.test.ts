import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { listSweeps } from '../../../src/api/list-sweeps';
import { buildServer } from '../../../src/api/server';
import type { TemporalConfig } from '../../../src/temporal/config';
import { writeSweepReport } from '../../../src/reports/sweep/write-sweep-report';
import { sweepPage, sweepsPage } from '../../../src/web/sweep-page';
import { sweepFixture, sweepRow, writeSweepFolder } from '../reports/sweep-fixture';

const jsonBlock = (html: string) => /<script type="application\/json" id="sweep-data">(.*?)<\/script>/s.exec(html)?.[1];

describe('sweep pages', () => {
  it('/sweeps lists sweeps with links, escaped', () => {
    const html = sweepsPage([{ id: 's-1', recipe: '<script>alert(1)</script>', status: 'running', backend: 'local', parameters: ['a.b'], repetitions: 3, runsDone: 4, runsPlanned: 24, runsFailed: 1, startedAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:05:00.000Z' }]);
    expect(html).toContain('<a href="/sweeps/s-1">s-1</a>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('4 / 24');
    expect(sweepsPage([])).toContain('No sweeps yet');
  });

  it('/sweeps/:id: points with mean ± CI, every run linked to its experiment page, the report charts', () => {
    const s = sweepFixture();
    const html = sweepPage(s.sweepId, s, { pointsCsv: true, reportPdf: false });
    expect(html).toContain('10,000 ± 248.4');
    for (const r of s.rows) expect(html).toContain(`<a href="/experiments/${r.experimentId}">${r.experimentId}</a>`);
    expect(html).toContain(`<a href="/experiments/sweep-fixture-p0-r1" title="sweep-fixture-p0-r1 (completed)">rep 1</a>`);
    expect(html).toContain(`href="/api/sweeps/${s.sweepId}/points.csv"`);
    expect(html).toContain('no report.pdf');
    expect(html).toContain('<script src="/assets/sweep-charts.js"></script>');
    const data = JSON.parse(jsonBlock(html)!);
    expect(data.print).toBe(false);
    expect(data.charts).toHaveLength(8);
    for (const c of data.charts) expect(html).toContain(`data-sweep-chart="${c.id}"`);
  });

  it('hostile ids and values: encoded in links, escaped in text, inert in the JSON block', () => {
    const img = '"><img src=x onerror=alert(2)>';
    const s = sweepFixture({ recipe: img });
    s.rows = [sweepRow(0, 0, 1, 64, { experimentId: `../${img}</script>`, error: '<script>alert(1)</script>' })];
    const html = sweepPage('s', s, { pointsCsv: false, reportPdf: false });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(`href="/experiments/..%2F%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E%3C%2Fscript%3E"`);
    expect(jsonBlock(html)).not.toMatch(/[<>]/);
  });

  it('an empty sweep says so', () => {
    const s = sweepFixture({ rows: [] });
    const html = sweepPage(s.sweepId, s, { pointsCsv: false, reportPdf: false });
    expect(html).toContain('This sweep has no runs yet');
    expect(html).not.toContain('id="sweep-data"');
  });
});

describe('sweeps in the experiments folder and the API', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-sweep-web-'));
  const s = sweepFixture();
  const older = sweepFixture({ sweepId: 'older-sweep', startedAt: '2026-11-01T00:00:00.000Z', status: 'failed' });
  let app: FastifyInstance;
  let base: string;
  /** A real HTTP request (fastify's inject needs an ESM module Jest cannot load). */
  const get = async (url: string) => {
    const res = await fetch(`${base}${url}`, { redirect: 'manual' });
    const body = await res.text();
    return { statusCode: res.status, headers: Object.fromEntries(res.headers), body, json: () => JSON.parse(body) };
  };

  beforeAll(async () => {
    writeSweepFolder(root, older);
    await writeSweepReport(writeSweepFolder(root, s), s, { pdf: false });
    // An experiment folder, a sweep.yaml beside an unreadable summary, a summary without sweep.yaml, and a hidden folder: none is a sweep.
    mkdirSync(path.join(root, 'exp-1', 'metrics'), { recursive: true });
    writeFileSync(path.join(root, 'exp-1', 'metrics', 'summary.json'), JSON.stringify({ schemaVersion: 1, experiment: { id: 'exp-1', status: 'completed' } }));
    mkdirSync(path.join(root, 'broken', 'metrics'), { recursive: true });
    writeFileSync(path.join(root, 'broken', 'sweep.yaml'), 'name: x\n');
    writeFileSync(path.join(root, 'broken', 'metrics', 'summary.json'), '{"sweepId": ');
    mkdirSync(path.join(root, 'no-yaml', 'metrics'), { recursive: true });
    writeFileSync(path.join(root, 'no-yaml', 'metrics', 'summary.json'), JSON.stringify(s));
    writeSweepFolder(path.join(root, '.schedules'), s);
    // The API and web routes read sweeps from the folder only: no Temporal call is made.
    app = await buildServer({ client: {} as Client, temporal: { address: '127.0.0.1:1', namespace: 'default' } as TemporalConfig, root, taskQueue: 'unused' });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app?.close());

  it('listSweeps finds sweep folders only, newest first', () => {
    expect(listSweeps(root).map((r) => [r.id, r.status, r.runsDone, r.runsPlanned])).toEqual([
      [s.sweepId, 'completed', 24, 24],
      ['older-sweep', 'failed', 24, 24],
    ]);
    expect(listSweeps(root, { status: 'failed' }).map((r) => r.id)).toEqual(['older-sweep']);
    expect(listSweeps(path.join(root, 'missing'))).toEqual([]);
  });

  it('GET /api/sweeps and /api/sweeps/:id', async () => {
    const list = await get('/api/sweeps');
    expect(list.statusCode).toBe(200);
    expect(list.json().map((r: { id: string }) => r.id)).toEqual([s.sweepId, 'older-sweep']);
    const one = await get(`/api/sweeps/${s.sweepId}`);
    expect(one.statusCode).toBe(200);
    const body = one.json();
    expect(body).toMatchObject({ id: s.sweepId, recipe: 'redis-sweep', files: { pointsCsv: true, reportHtml: true, reportPdf: false } });
    expect(body.summary.rows).toHaveLength(24);
    expect(body.points).toHaveLength(8);
    expect(body.points[0]).toMatchObject({ n: 3, status: 'completed', experimentIds: ['sweep-fixture-p0-r0', 'sweep-fixture-p0-r1', 'sweep-fixture-p0-r2'] });
    expect(body.points[0].opsPerSec.ci).toBeCloseTo(248.414, 2);
    expect(body.knees).toHaveLength(2);
    const csv = await get(`/api/sweeps/${s.sweepId}/points.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')).toHaveLength(26);
    expect((await get(`/api/sweeps/${s.sweepId}/report.pdf`)).statusCode).toBe(404);
    expect((await get('/api/sweeps/exp-1')).statusCode).toBe(404);
    expect((await get('/api/sweeps/broken')).statusCode).toBe(404);
    expect((await get('/api/sweeps/a..b')).statusCode).toBe(400);
    const openapi = (await get('/openapi.json')).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/sweeps', '/api/sweeps/{id}', '/api/sweeps/{id}/points.csv']));
  });

  it('pages: /sweeps, /sweeps/:id, the charts script, the nav link; a sweep id under /experiments/ goes to its sweep page', async () => {
    const list = await get('/sweeps');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`<a href="/sweeps/${s.sweepId}">${s.sweepId}</a>`);
    expect(list.body).toContain('<a href="/sweeps">Sweeps</a>');
    expect(list.body).not.toContain('exp-1');
    const page = await get(`/sweeps/${s.sweepId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="sweep-data"');
    const js = await get('/assets/sweep-charts.js');
    expect(js.statusCode).toBe(200);
    expect(js.body).toContain('window.__chartsDone');
    expect((await get('/sweeps/exp-1')).statusCode).toBe(404);
    expect((await get('/sweeps/a..b')).statusCode).toBe(400);
    const redirect = await get(`/experiments/${s.sweepId}`);
    expect([redirect.statusCode, redirect.headers.location]).toEqual([302, `/sweeps/${s.sweepId}`]);
  });
});
