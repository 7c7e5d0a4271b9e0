/**
 * The sweep pages in real headless Chromium against the real server (buildServer, the test run's
 * Temporal): /sweeps and /sweeps/:id draw every chart of the sweep's report, each run links to its
 * experiment page, and a sweep folder full of hostile text (recipe, description, backend, status,
 * parameter names and values, experiment ids, errors, extra figures, the search) shows it as text:
 * no injected script runs (window.__xss, dialogs, console, requests for injected images). The
 * experiments list keeps working beside sweep folders. Screenshots go to test-artifacts/web/.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'puppeteer-core';
import { buildServer } from '../../../src/api/server';
import { writeSweepReport } from '../../../src/reports/sweep/write-sweep-report';
import type { SweepSummary } from '../../../src/reports/sweep/sweep-summary';
import { temporalConfig } from '../../../src/temporal/config';
import { ROOT } from '../../helpers/bench-cli';
import { testClient } from '../../helpers/temporal-client';
import { CONNECTIONS, sweepFixture, sweepRow, VALUE_SIZE, writeSweepFolder } from '../../unit/reports/sweep-fixture';
import { launchChromium } from './browser';
import { noEvidence, watchForInjection } from './injection-watch';

jest.setTimeout(300_000);

const SHOTS = path.join(ROOT, 'test-artifacts', 'web');

const P = {
  script: '<script>window.__xss=1</script>',
  img: '"><img src=x onerror=window.__xss=2>',
  svg: "'><svg onload=alert('xss-3')>",
  closeScript: '</script><script>window.__xss=6</script><!--<script>',
};

function hostileSweep(): SweepSummary {
  const param = `workload.clients[load].options.${P.img}`;
  const s = sweepFixture({ sweepId: P.img, recipe: P.script, description: `${P.img} ${P.svg}`, backend: P.svg, status: P.img as 'running', startedAt: P.svg, parameters: [CONNECTIONS, param] });
  s.rows = [];
  let point = 0;
  for (const c of [1, 4, 16]) {
    for (const v of [P.script, P.closeScript]) {
      for (let r = 0; r < 2; r++) {
        const row = sweepRow(point, r, c, 64, { experimentId: `${P.img}-${point}-${r}`, extra: { [P.svg]: point }, error: point === 5 ? `${P.script} ${P.closeScript}` : undefined, status: point === 5 && r === 1 ? P.img : 'completed', passed: r === 0 });
        row.parameters = { [CONNECTIONS]: c, [param]: v };
        s.rows.push(row);
      }
      point++;
    }
  }
  s.search = { parameter: param, metric: 'p99', below: 5, precision: 0.05, state: P.img as 'done', found: P.script as unknown as number, failedAt: P.svg as unknown as number };
  return s;
}

describe('sweep pages (headless Chromium)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-sweep-web-'));
  const good = sweepFixture();
  const hostileId = `xss-sweep-${Date.now().toString(36)}`;
  let app: FastifyInstance;
  let base: string;
  let temporal: Awaited<ReturnType<typeof testClient>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const seen = noEvidence();

  const visit = async (url: string, status = 200) => {
    for (const list of Object.values(seen)) list.length = 0;
    const res = await page.goto(`${base}${url}`, { waitUntil: 'load' });
    expect([url, res?.status()]).toEqual([url, status]);
    await page.waitForNetworkIdle({ idleTime: 300 });
  };
  const expectNothingRan = async (where: string) => {
    const found = (await page.evaluate(`({
      xss: window.__xss,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => '<' + el.tagName.toLowerCase() + ' ' + a.name + '=' + a.value + '>')),
      scripts: [...document.querySelectorAll('script')].map((s) => s.textContent || '').filter((t) => /^\\s*window\\.__xss/.test(t)),
      injected: document.querySelectorAll('img, svg').length,
    })`)) as Record<string, unknown>;
    expect({ where, ...found, ...seen }).toEqual({ where, xss: undefined, handlers: [], scripts: [], injected: 0, dialogs: [], console: [], errors: [], injectedRequests: [] });
  };
  const chartsDrawn = (ids: string[]) => page.waitForFunction(`(${JSON.stringify(ids)}).every((id) => window.Chart && window.Chart.getChart(id))`, { timeout: 30_000 });
  const canvasIds = () => page.$$eval('canvas[data-sweep-chart]', (cs) => cs.map((c) => c.id));
  const bodyText = () => page.evaluate('document.body.innerText') as Promise<string>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await writeSweepReport(writeSweepFolder(root, good), good, { pdf: false });
    // The folder name is the id (safe); the summary's own fields, sweepId included, are hostile.
    const hostile = hostileSweep();
    const dir = writeSweepFolder(root, { ...hostile, sweepId: hostileId }, `name: ${JSON.stringify(P.script)}\n`);
    writeFileSync(path.join(dir, 'metrics', 'summary.json'), JSON.stringify(hostile));
    await writeSweepReport(dir, hostile, { pdf: false });
    temporal = await testClient();
    app = await buildServer({ client: temporal.client, temporal: temporalConfig(), root, taskQueue: 'sweep-pages-test' });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    chromium = await launchChromium();
    page = await chromium.browser.newPage();
    await watchForInjection(page, seen);
  });

  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await temporal?.close();
  });

  it('/sweeps lists both sweeps, linked from the navigation', async () => {
    await visit('/experiments');
    await page.click('header a[href="/sweeps"]');
    await page.waitForSelector('#sweeps');
    const ids = await page.$$eval('#sweeps tr[data-id]', (rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(ids.sort()).toEqual([good.sweepId, hostileId].sort());
    expect(await bodyText()).toContain(P.script);
    await expectNothingRan('/sweeps');
    await page.screenshot({ path: path.join(SHOTS, 'sweeps.png'), fullPage: true });
  });

  it('/sweeps/:id draws every chart of the report, and each run links to its experiment page', async () => {
    await visit(`/sweeps/${good.sweepId}`);
    const ids = await canvasIds();
    expect(ids).toHaveLength(8);
    await chartsDrawn(ids);
    expect(await page.evaluate('window.__chartsDone')).toBe(8);
    const chart = (await page.evaluate(`(() => { const c = window.Chart.getChart('sweep-chart-0'); return { type: c.config.type, x: c.scales.x.type, labels: c.data.datasets.map((d) => d.label), n: c.data.datasets[0].data.length }; })()`)) as Record<string, unknown>;
    expect(chart).toEqual({ type: 'line', x: 'logarithmic', labels: ['valueSize=64', 'valueSize=1024', 'knee'], n: 4 });
    const links = await page.$$eval('#runs a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(good.rows.map((r) => `/experiments/${r.experimentId}`));
    expect(await page.$eval('#points tr[data-point="4"]', (r) => r.textContent)).toContain('knee');
    await expectNothingRan('good sweep');
    await page.screenshot({ path: path.join(SHOTS, 'sweep.png'), fullPage: true });
  });

  it('a hostile sweep shows its text as text and its charts still draw', async () => {
    await visit(`/sweeps/${hostileId}`);
    const ids = await canvasIds();
    expect(ids.length).toBeGreaterThanOrEqual(7);
    await chartsDrawn(ids);
    await expectNothingRan('hostile sweep');
    const text = await bodyText();
    for (const t of [P.script, P.img, P.svg, P.closeScript]) expect([t, text.includes(t)]).toEqual([t, true]);
    const facts = await page.$eval('#sweep-facts', (t) => t.textContent ?? '');
    expect(facts).toContain(P.script);
    expect(facts).toContain(P.svg);
    expect(await page.$eval('#search-result', (e) => e.textContent)).toContain(P.img);
    const hrefs = await page.$$eval('#runs a', (as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs[0]).toBe(`/experiments/${encodeURIComponent(`${P.img}-0-0`)}`);
    // Category axis labels are the hostile values, drawn on the canvas (never as HTML).
    const labels = (await page.evaluate(`${JSON.stringify(ids)}.map((id) => window.Chart.getChart(id).scales.x.ticks.map((t) => t.label))`)) as string[][];
    expect(labels).toContainEqual([P.script, P.closeScript]);
    await page.screenshot({ path: path.join(SHOTS, 'sweep-xss.png'), fullPage: true });
    // Following a run's link reaches the experiment route, which refuses the id (not a safe id): still inert.
    await visit(hrefs[0]!, 400);
    await expectNothingRan('hostile run link');
  });

  it('the hostile sweep report.html opened in the browser runs nothing either', async () => {
    for (const list of Object.values(seen)) list.length = 0;
    await page.setContent(readFileSync(path.join(root, hostileId, 'reports', 'report.html'), 'utf8'), { waitUntil: 'load' });
    await page.waitForFunction('window.__chartsDone !== undefined');
    expect(await page.evaluate('window.__chartsDone')).toBeGreaterThanOrEqual(7);
    await expectNothingRan('report.html');
    expect(await bodyText()).toContain(P.closeScript);
  });

  it('a sweep id under /experiments/ redirects to the sweep; the experiments list still answers', async () => {
    await visit(`/experiments/${good.sweepId}`);
    expect(page.url()).toBe(`${base}/sweeps/${good.sweepId}`);
    await visit('/experiments');
    await visit(`/sweeps/${encodeURIComponent(P.img)}`, 400);
    await expectNothingRan('bad sweep id');
  });
});
