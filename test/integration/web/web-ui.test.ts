/**
 * The results web UI in real headless Chromium: experiments list with filters, one experiment (headline,
 * charts, logs viewer, links), compare with deltas, schedules and a schedule's trend. Screenshots go to
 * test-artifacts/web/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { Client } from '@temporalio/client';
import { ROOT, runBench, sandbox, startWorkerProcess, type WorkerProcess } from '../../helpers/bench-cli';
import { testClient } from '../../helpers/temporal-client';
import { waitFor } from '../../helpers/wait-for';
import { startServe, type ServeProcess } from '../api/serve-process';
import { launchChromium } from './browser';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { freePort } from '../../../src/activities/free-port';
import { startDevServer, type DevServer } from '../../../src/temporal/dev-server';

jest.setTimeout(600_000);

const SHOTS = path.join(ROOT, 'test-artifacts', 'web');
// Other test files share the Temporal server: this file's recipes get names of their own, so filters can scope to them.
const STAMP = Date.now().toString(36);
const SCHED_RECIPE = `web-sched-${STAMP}`;
const OTHER_RECIPE = `web-other-${STAMP}`;
const named = (file: string, name: string) => readFileSync(file, 'utf8').replace('name: sched-redis', `name: ${name}`);

describe('web UI (headless Chromium)', () => {
  const box = sandbox('web');
  const scheduleId = `web-nightly-${Date.now()}`;
  let worker: WorkerProcess;
  let serve: ServeProcess;
  let temporal: { client: Client; close: () => Promise<void> };
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  // Its own Temporal: the list pages show the newest experiments, which the rest of the suite would crowd out.
  let server: DevServer;
  let page: Page;
  let baselineRun: string;
  let slowRun: string;
  let otherRun: string;

  const bench = async (args: string[]) => {
    const res = await runBench(args, box.env, 120_000);
    if (res.code !== 0) throw new Error(`bench ${args.join(' ')} exited ${res.code}\n${res.stdout}\n${res.stderr}`);
    return res;
  };
  const closed = (query: string, n: number) =>
    waitFor(`${n} closed experiment(s) for ${query}`, async () => {
      const rows = [];
      for await (const wf of temporal.client.workflow.list({ query: `WorkflowType = 'experiment' AND ${query} AND ExecutionStatus != 'Running'` })) rows.push(wf);
      return rows.length >= n ? rows.sort((a, b) => a.startTime.getTime() - b.startTime.getTime()).map((r) => r.workflowId) : undefined;
    }, 240_000, 1000);
  const shot = async (name: string) => {
    await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
  };
  /** Chart.js drew a chart on each canvas (evaluated in the page, where Chart is a global). */
  const chartsDrawn = (...ids: string[]) => page.waitForFunction(`(${JSON.stringify(ids)}).every((id) => window.Chart && window.Chart.getChart(id))`);
  const go = async (url: string) => {
    const res = await page.goto(`${serve.url}${url}`, { waitUntil: 'load' });
    expect([url, res?.status()]).toEqual([url, 200]);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startDevServer({ port: await freePort(), headless: true, stateDir: mkdtempSync(path.join(os.tmpdir(), 'bench-web-temporal-')) });
    box.env.TEMPORAL_ADDRESS = server.address;
    temporal = await testClient(server.address);
    [worker, serve, chromium] = await Promise.all([startWorkerProcess(box.env), startServe(box.env), launchChromium()]);
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    // No network beyond the servers under test (loopback): the pages must not fetch anything from elsewhere.
    await page.setRequestInterception(true);
    page.on('request', (req) => (req.url().startsWith('http://127.0.0.1:') || req.url().startsWith('data:') ? req.continue() : req.abort()));

    // Data: a schedule with a baseline run and a slowed-down run, and one unrelated experiment.
    const [fast, slow, other] = ['fast.yaml', 'slow.yaml', 'other.yaml'].map((f) => path.join(box.home, f));
    writeFileSync(fast, named('test/integration/schedules/fast.yaml', SCHED_RECIPE));
    writeFileSync(slow, named('test/integration/schedules/slow.yaml', SCHED_RECIPE));
    writeFileSync(other, named('test/integration/schedules/fast.yaml', OTHER_RECIPE));
    await bench(['start', other, '--id', `web-other-${Date.now()}`, '--output', box.experiments]);
    await bench(['schedule', 'create', fast, '--every', '1d', '--id', scheduleId]);
    await bench(['schedule', 'trigger', scheduleId]);
    [baselineRun] = await closed(`BenchSchedule = '${scheduleId}'`, 1);
    await bench(['schedule', 'update', scheduleId, '--recipe', slow]);
    await bench(['schedule', 'trigger', scheduleId]);
    [, slowRun] = await closed(`BenchSchedule = '${scheduleId}'`, 2);
    [otherRun] = await closed(`BenchRecipe = '${OTHER_RECIPE}'`, 1);
  });

  afterAll(async () => {
    await runBench(['schedule', 'delete', scheduleId], box.env, 60_000).catch(() => undefined);
    await chromium?.close();
    await serve?.stop();
    await worker?.kill();
    await temporal?.close();
    await server?.stop();
  });

  const rowIds = () => page.$$eval('#experiments tr[data-id]', (rows) => rows.map((r) => r.getAttribute('data-id')));

  it('lists experiments and filters them by recipe, schedule, status, service and backend', async () => {
    const ours = [baselineRun, slowRun, otherRun];
    await waitFor('all three runs in the list', async () => {
      await go('/experiments');
      const ids = await rowIds();
      return ours.every((id) => ids.includes(id));
    });
    await shot('experiments.png');

    await page.select('#filter-recipe', OTHER_RECIPE);
    await Promise.all([page.waitForNavigation(), page.click('#apply-filters')]);
    expect(page.url()).toContain(`recipe=${OTHER_RECIPE}`);
    expect(await rowIds()).toEqual([otherRun]);

    await go('/experiments');
    await page.select('#filter-schedule', scheduleId);
    await page.select('#filter-status', 'completed');
    await Promise.all([page.waitForNavigation(), page.click('#apply-filters')]);
    expect(new Set(await rowIds())).toEqual(new Set([baselineRun, slowRun]));
    expect(await page.$$eval('#experiments .tag.regressed', (t) => t.length)).toBe(1);
    await shot('experiments-filtered.png');

    await go('/experiments?service=redis&backend=local');
    expect(await rowIds()).toEqual(expect.arrayContaining(ours));
    await go('/experiments?status=failed');
    const failed = await rowIds();
    expect(ours.filter((id) => failed.includes(id))).toEqual([]);
    await go('/experiments?service=no-such-kind');
    expect(await page.$('#no-experiments')).not.toBeNull();
  });

  it('shows one experiment: headline, charts, regression verdict, links, and a filterable log viewer', async () => {
    await go(`/experiments/${encodeURIComponent(slowRun)}`);
    const headline = await page.$$eval('#headline td', (tds) => tds.map((t) => t.textContent));
    expect(headline).toHaveLength(9);
    expect(Number(headline[0]!.replace(/,/g, ''))).toBeGreaterThan(0);
    await chartsDrawn('chart-throughput', 'chart-latency');
    expect(await page.$eval('#regression', (e) => e.textContent)).toMatch(/regressed against baseline .*throughput -/);
    expect(await page.$eval('#temporal-link', (a) => a.getAttribute('href'))).toMatch(new RegExp(`/namespaces/default/workflows/${encodeURIComponent(slowRun)}$`));
    const csvHref = await page.$eval('#csv-link', (a) => a.getAttribute('href'));
    const csv = await fetch(`${serve.url}${csvHref}`);
    expect([csv.status, (await csv.text()).split('\n')[0]]).toEqual([200, expect.stringMatching(/^timestamp,second,group/)]);
    await shot('experiment.png');

    const count = () => page.$eval('#log-count', (e) => Number(e.textContent!.split(' ')[0]));
    const all = await count();
    expect(all).toBeGreaterThan(3);
    await page.select('#log-component', 'orchestrator');
    const orchestrator = await count();
    expect(orchestrator).toBeGreaterThan(0);
    expect(orchestrator).toBeLessThan(all);
    expect(await page.$$eval('#logs .log-line', (ls) => ls.every((l) => l.textContent!.includes(' orchestrator: ')))).toBe(true);
    await page.type('#log-text', 'REGRESSION');
    expect(await count()).toBe(1);
    await page.select('#log-level', 'error');
    expect(await count()).toBe(0);
    await page.select('#log-level', 'warn');
    expect(await count()).toBe(1);
    await shot('experiment-logs-filtered.png');
  });

  it('compares runs side by side with deltas, from the list selection and by URL', async () => {
    await go(`/experiments?schedule=${encodeURIComponent(scheduleId)}`);
    // Tick two runs on the list: the older one is the baseline.
    await page.click(`#experiments tr[data-id="${slowRun}"] input`);
    await page.click(`#experiments tr[data-id="${baselineRun}"] input`);
    await Promise.all([page.waitForNavigation(), page.click('#compare-selected')]);
    expect(page.url()).toContain('/compare?pick=');
    expect(await page.$eval('h1', (h) => h.textContent)).toBe(`Compare with ${baselineRun}`);
    expect(await page.$eval('#verdict', (e) => e.textContent)).toMatch(/^Regression/);
    await shot('compare-from-list.png');

    await go(`/compare?ids=${encodeURIComponent(baselineRun)},${encodeURIComponent(slowRun)},${encodeURIComponent(otherRun)}`);
    expect(await page.$eval('#verdict', (e) => e.textContent)).toMatch(/^Regression/);
    const tp = await page.$eval(`td.delta[data-metric="throughput"][data-run="${slowRun}"]`, (e) => ({ text: e.textContent, bad: e.classList.contains('bad') }));
    expect(tp.text).toMatch(/^-\d+\.\d % ⚠$/);
    expect(tp.bad).toBe(true);
    expect(await page.$$eval('td.delta', (tds) => tds.length)).toBe(2 * 6);
    expect(await page.$eval('#reasons', (e) => e.textContent)).toContain(`${slowRun}: throughput -`);
    await chartsDrawn('chart-ops', 'chart-p99');
    await shot('compare.png');

    const bad = await page.goto(`${serve.url}/compare?ids=${encodeURIComponent(baselineRun)},..%2Fetc`);
    expect(bad?.status()).toBe(400);
  });

  it('shows the schedules and one schedule trend with its baseline and the regression', async () => {
    await go('/schedules');
    expect(await page.$$eval('#schedules a', (as) => as.map((a) => a.textContent))).toContain(scheduleId);
    await shot('schedules.png');
    await go(`/schedules/${encodeURIComponent(scheduleId)}`);
    expect(await page.$eval('#baseline', (e) => e.textContent)).toContain(baselineRun);
    await chartsDrawn('trend');
    const verdicts = await page.$$eval('#trend-table tr td:last-child .tag', (ts) => ts.map((t) => t.textContent));
    expect(verdicts).toEqual(['regressed', 'baseline']);
    await shot('schedule-trend.png');
  });

  it('asks a browser for the token when the server requires one, then shows the pages', async () => {
    const token = 'web-ui-token-0123456789abcdef';
    const guarded = await startServe({ ...box.env, BENCH_API_TOKEN: token });
    try {
      const res = await page.goto(`${guarded.url}/schedules`, { waitUntil: 'load' });
      expect(page.url()).toBe(`${guarded.url}/login?next=%2Fschedules`);
      expect(res?.status()).toBe(200);
      await page.type('input[name=token]', 'wrong-token-0123456789');
      await Promise.all([page.waitForNavigation(), page.click('button')]);
      expect(await page.content()).toContain('wrong token');
      await page.goto(`${guarded.url}/login?next=%2Fschedules`, { waitUntil: 'load' });
      await page.type('input[name=token]', token);
      await Promise.all([page.waitForNavigation(), page.click('button')]);
      expect(page.url()).toBe(`${guarded.url}/schedules`);
      expect(await page.$eval('h1', (h) => h.textContent)).toBe('Schedules');
      await shot('login.png');
    } finally {
      await guarded.stop();
    }
  });
});
