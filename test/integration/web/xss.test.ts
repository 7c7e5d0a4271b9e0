/**
 * The web UI shows hostile text as text, in real headless Chromium against a real `bench serve`.
 * Payloads go where a user can put them: a recipe's description, a service's output (the log viewer),
 * client options, a failure message, a schedule's note, query strings, and experiment folders the
 * UI reads on its own (a crafted one Temporal never saw, and a real run's summary.json edited after
 * the fact: strings where numbers belong, hostile warnings, reasons, status, group names).
 * Every page is visited; no injected script may run (window.__xss, dialogs, console, requests for
 * the injected images), the pages' own scripts must keep working, and the payloads must be visible.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Page } from 'puppeteer-core';
import YAML from 'yaml';
import { freePort } from '../../../src/activities/free-port';
import type { Summary } from '../../../src/reports/summary-schema';
import { ExperimentFolder, scheduleBaselineFile } from '../../../src/store/experiment-folder';
import { startDevServer, type DevServer } from '../../../src/temporal/dev-server';
import { ROOT, runBench, sandbox, startWorkerProcess, type WorkerProcess } from '../../helpers/bench-cli';
import { testClient } from '../../helpers/temporal-client';
import { waitFor } from '../../helpers/wait-for';
import { startServe, type ServeProcess } from '../api/serve-process';
import { launchChromium } from './browser';
import { noEvidence, watchForInjection } from './injection-watch';

jest.setTimeout(600_000);

const SHOTS = path.join(ROOT, 'test-artifacts', 'web');
const STAMP = Date.now().toString(36);

/** Each payload, if it ran, leaves its own number in window.__xss (or opens a dialog, or logs XSS-FIRED). */
const P = {
  script: '<script>window.__xss=1</script>',
  img: '"><img src=x onerror=window.__xss=2>',
  svg: "'><svg onload=alert('xss-3')>",
  /** For fields that should be numbers. */
  num: '<img src=x onerror=window.__xss=4;console.log("XSS-FIRED-4")>',
  /** Survives toUpperCase (the folder-only view upper-cases the status): entities spell window.__xss=5. */
  upper: 'x"><IMG SRC=X ONERROR=&#119;&#105;&#110;&#100;&#111;&#119;&#46;&#95;&#95;&#120;&#115;&#115;&#61;&#53;>',
  /** For text embedded in a <script> block. */
  closeScript: '</script><script>window.__xss=6</script><!--<script>',
};

describe('web UI shows hostile text as text (headless Chromium)', () => {
  const box = sandbox('web-xss');
  const scheduleId = `xss-sched-${STAMP}`;
  let server: DevServer;
  let temporal: { client: Client; close: () => Promise<void> };
  let worker: WorkerProcess;
  let serve: ServeProcess;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const hostileRun = `xss-run-${STAMP}`;
  const failedRun = `xss-fail-${STAMP}`;
  let scheduledRun: string;
  const craftedBase = `xss-crafted-base-${STAMP}`;
  const crafted = `xss-crafted-${STAMP}`;

  /** What the browser saw that it should not have. */
  const seen = noEvidence();

  const bench = async (args: string[]) => {
    const res = await runBench(args, box.env, 120_000);
    if (res.code !== 0) throw new Error(`bench ${args.join(' ')} exited ${res.code}\n${res.stdout}\n${res.stderr}`);
    return res;
  };
  const closed = (query: string) =>
    waitFor(`a closed experiment for ${query}`, async () => {
      for await (const wf of temporal.client.workflow.list({ query: `WorkflowType = 'experiment' AND ${query} AND ExecutionStatus != 'Running'` })) return wf.workflowId;
      return undefined;
    }, 240_000, 1000);
  const recipeFile = (name: string, recipe: Record<string, unknown>) => {
    const file = path.join(box.home, `${name}.yaml`);
    writeFileSync(file, YAML.stringify(recipe));
    return file;
  };

  /** Loads a page, lets images (and their onerror) settle, and checks that nothing injected ran. */
  const visit = async (url: string, status = 200) => {
    for (const list of Object.values(seen)) list.length = 0;
    const res = await page.goto(`${serve.url}${url}`, { waitUntil: 'load' });
    expect([url, res?.status()]).toEqual([url, status]);
    await page.waitForNetworkIdle({ idleTime: 300 });
    await expectNothingRan(url);
  };
  const expectNothingRan = async (where: string) => {
    // Evaluated in the page: what a payload would have left (inline handlers naming __xss/alert, scripts that are a payload).
    const found = (await page.evaluate(`({
      xss: window.__xss,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name) && /__xss|alert|XSS/i.test(a.value)).map((a) => '<' + el.tagName.toLowerCase() + ' ' + a.name + '=' + a.value + '>')),
      scripts: [...document.querySelectorAll('script')].map((s) => s.textContent || '').filter((t) => /^\\s*window\\.__xss/.test(t)),
    })`)) as { xss: unknown; handlers: string[]; scripts: string[] };
    expect({ where, ...found, ...seen }).toEqual({ where, xss: undefined, handlers: [], scripts: [], dialogs: [], console: [], errors: [], injectedRequests: [] });
  };
  const bodyText = () => page.evaluate('document.body.innerText') as Promise<string>;
  const expectVisible = async (...texts: string[]) => {
    const text = await bodyText();
    for (const t of texts) expect(text).toContain(t);
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startDevServer({ port: await freePort(), headless: true, stateDir: mkdtempSync(path.join(os.tmpdir(), 'bench-web-xss-temporal-')) });
    box.env.TEMPORAL_ADDRESS = server.address;
    temporal = await testClient(server.address);
    [worker, serve, chromium] = await Promise.all([startWorkerProcess(box.env), startServe(box.env), launchChromium()]);
    page = await chromium.browser.newPage();
    await watchForInjection(page, seen);

    // A run with hostile text in its description, client options and a service's output (JSON and plain lines).
    const jsonLine = JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: `json ${P.svg} ${P.closeScript}`, component: P.img });
    const hostile = recipeFile('hostile', {
      name: `xss-${STAMP}`,
      description: `${P.script} ${P.img}`,
      backend: 'local',
      services: [
        { name: 'redis', kind: 'redis', healthCheck: { timeout: '30s' } },
        { name: 'echoer', kind: 'command', command: ['sh', '-c', 'printf "%s\\n" "$@"; exec sleep 600', 'sh', `plain ${P.script}`, `plain ${P.img}`, `plain ${P.closeScript}`, jsonLine], healthCheck: { type: 'exec', command: ['true'], interval: '500ms', timeout: '30s' } },
      ],
      workload: { clients: [{ name: 'load', driver: 'redis', target: 'redis', instances: 1, executor: { type: 'closed-loop', connections: 1 }, warmup: '1s', duration: '2s', options: { command: 'get', keySpace: 10, keyPrefix: `${P.img}:` } }] },
    });
    // A run that fails with the service's hostile output in its error message.
    const failing = recipeFile('failing', {
      name: `xss-fail-${STAMP}`,
      backend: 'local',
      services: [
        { name: 'redis', kind: 'redis', healthCheck: { timeout: '30s' } },
        { name: 'broken', kind: 'command', command: ['sh', '-c', 'sleep 2; printf "%s\\n" "$@" >&2; exit 3', 'sh', `err ${P.script}`, `err ${P.img}`], healthCheck: { type: 'exec', command: ['false'], interval: '500ms', timeout: '2m' } },
      ],
      workload: { clients: [{ name: 'load', driver: 'redis', target: 'redis', executor: { type: 'closed-loop', connections: 1 }, duration: '2s' }] },
    });
    // A schedule with a hostile note; its run's folder is edited afterwards.
    const scheduled = recipeFile('scheduled', {
      name: `xss-sched-${STAMP}`,
      description: P.svg,
      backend: 'local',
      services: [{ name: 'redis', kind: 'redis', healthCheck: { timeout: '30s' } }],
      workload: { clients: [{ name: 'load', driver: 'redis', target: 'redis', instances: 1, executor: { type: 'closed-loop', connections: 1 }, duration: '2s' }] },
    });
    await bench(['start', hostile, '--id', hostileRun, '--output', box.experiments]);
    await bench(['start', failing, '--id', failedRun, '--output', box.experiments]);
    await bench(['schedule', 'create', scheduled, '--every', '1d', '--id', scheduleId, '--note', `${P.script} ${P.img}`]);
    await bench(['schedule', 'trigger', scheduleId]);
    scheduledRun = await closed(`BenchSchedule = '${scheduleId}'`);
    await closed(`WorkflowId = '${hostileRun}'`);
    await closed(`WorkflowId = '${failedRun}'`);

    // The scheduled run's folder, edited: strings where numbers belong, a hostile status, verdict and reasons; a hostile baseline.
    const runFolder = new ExperimentFolder(box.experiments, scheduledRun);
    const real = JSON.parse(readFileSync(runFolder.summaryFile, 'utf8')) as Summary;
    const edited = JSON.parse(JSON.stringify(real)) as Record<string, any>;
    edited.experiment.status = P.img;
    edited.totals.opsPerSec = P.num;
    edited.totals.latencyMs.p99 = P.num;
    edited.totals.instances.completed = P.num;
    edited.warnings = [P.script, P.img];
    edited.regression = { scheduleId, baselineId: P.img, regressed: true, reasons: [P.script, P.img], thresholds: { p99IncreasePct: 10, throughputDecreasePct: 10 }, comparedAt: new Date().toISOString() };
    writeFileSync(runFolder.summaryFile, JSON.stringify(edited));
    writeFileSync(scheduleBaselineFile(box.experiments, scheduleId), JSON.stringify({ scheduleId, baselineId: P.img, pinnedBy: 'user', pinnedAt: new Date().toISOString() }));

    // Two folders Temporal never saw: the UI shows them from their summary.json (and compares them).
    const craft = (id: string, over: (s: Record<string, any>) => void) => {
      const f = new ExperimentFolder(box.experiments, id);
      mkdirSync(path.dirname(f.summaryFile), { recursive: true });
      mkdirSync(f.logsDir, { recursive: true });
      mkdirSync(path.dirname(f.rawResultsCsv), { recursive: true });
      const s = JSON.parse(JSON.stringify(real)) as Record<string, any>;
      s.experiment = { ...s.experiment, id, recipe: P.script, backend: P.img, error: `${P.script} ${P.img}` };
      s.groups = s.groups.map((g: Record<string, unknown>) => ({ ...g, name: P.img, target: P.script, driver: P.svg }));
      s.services = s.services.map((x: Record<string, unknown>) => ({ ...x, name: P.img, version: P.script }));
      s.warnings = [P.script, P.img, P.svg];
      delete s.regression;
      over(s);
      writeFileSync(f.summaryFile, JSON.stringify(s));
      writeFileSync(path.join(f.logsDir, 'orchestrator.log'), [JSON.stringify({ level: 30, time: Date.now(), msg: `crafted ${P.script}` }), JSON.stringify({ level: 40, time: Date.now() + 1, msg: `crafted ${P.closeScript}` })].join('\n') + '\n');
      writeFileSync(path.join(f.logsDir, `service-${P.img.replace(/\//g, '')}.log`), `named ${P.svg}\n`);
      writeFileSync(f.rawResultsCsv, `timestamp,second,group,instance,ops_per_sec,p50_ms,p99_ms,errors\n2026-01-01T00:00:00Z,0,"${P.script.replace(/"/g, '""')}","${P.img.replace(/"/g, '""')}",5,1,2,0\n2026-01-01T00:00:01Z,1,"${P.svg}",x,${P.num.replace(/[,"]/g, '')},1,2,0\n`);
    };
    craft(craftedBase, (s) => (s.experiment.status = 'completed'));
    craft(crafted, (s) => {
      s.experiment.status = P.upper;
      s.experiment.startedAt = P.svg;
      s.totals.requests = P.num;
      s.totals.latencyMs.p50 = P.num;
      s.totals.instances.planned = P.num;
      s.regression = { scheduleId: P.script, baselineId: P.img, regressed: true, reasons: [P.script, P.svg], thresholds: { p99IncreasePct: 10, throughputDecreasePct: 10 }, comparedAt: P.img };
    });
  });

  afterAll(async () => {
    await runBench(['schedule', 'delete', scheduleId], box.env, 60_000).catch(() => undefined);
    await chromium?.close();
    await serve?.stop();
    await worker?.kill();
    await temporal?.close();
    await server?.stop();
  });

  it('experiments list: hostile filter values come back as option text', async () => {
    await visit(`/experiments?recipe=${encodeURIComponent(P.script)}&service=${encodeURIComponent(P.img)}&status=${encodeURIComponent(P.svg)}&schedule=${encodeURIComponent(P.upper)}`);
    expect(await page.$$eval('form.filters option[selected]', (os) => os.map((o) => o.textContent))).toEqual([P.script, P.img, P.svg, P.upper]);
    await visit('/experiments');
    const ids = await page.$$eval('#experiments tr[data-id]', (rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(ids).toEqual(expect.arrayContaining([hostileRun, failedRun, scheduledRun]));
  });

  it('a run with hostile service output: the log viewer shows it as text, filtered', async () => {
    await visit(`/experiments/${encodeURIComponent(hostileRun)}`);
    expect(await page.$eval('#logs', (e) => e.textContent)).toContain('plain ');
    await page.select('#log-component', 'service-echoer');
    await page.type('#log-text', '__xss');
    const lines = await page.$$eval('#logs .log-line', (ls) => ls.map((l) => l.textContent ?? ''));
    expect(lines.length).toBe(4);
    for (const p of [`plain ${P.script}`, `plain ${P.img}`, `plain ${P.closeScript}`, `json ${P.svg} ${P.closeScript}`]) expect(lines.some((l) => l.endsWith(`service-echoer: ${p}`))).toBe(true);
    await page.select('#log-level', 'warn');
    expect(await page.$$eval('#logs .log-line', (ls) => ls.map((l) => l.textContent))).toEqual([expect.stringContaining(`json ${P.svg}`)]);
    await expectNothingRan('log viewer, filtered');
    await shot('xss-logs.png');
  });

  it('a failed run: its hostile error message is text', async () => {
    await visit(`/experiments/${encodeURIComponent(failedRun)}`);
    const error = await page.$eval('#facts td.bad', (e) => e.textContent ?? '');
    expect(error).toContain(P.script);
    expect(error).toContain(P.img);
  });

  it('a run whose summary.json was edited: strings where numbers belong, hostile verdict and warnings', async () => {
    await visit(`/experiments/${encodeURIComponent(scheduledRun)}`);
    await expectVisible(P.num, P.script, P.img);
    expect(await page.$eval('#regression', (e) => e.textContent)).toContain(`against baseline ${P.img}: ${P.script}; ${P.img}`);
    await shot('xss-edited-run.png');
  });

  it('a crafted folder Temporal never saw: shown from its summary.json, hostile everywhere', async () => {
    await visit(`/experiments/${encodeURIComponent(crafted)}`);
    const facts = await page.$$eval('#facts tr', (rows) => Object.fromEntries(rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent?.trim()])));
    expect(facts).toMatchObject({ status: P.upper.toUpperCase(), recipe: P.script, backend: P.img, schedule: P.script });
    expect(facts.started).toContain(P.svg);
    await expectVisible(P.num);
    expect(await page.$$eval('ul.bad li', (ls) => ls.map((l) => l.textContent))).toEqual([P.script, P.img, P.svg]);
    expect(await page.$eval('#regression', (e) => e.textContent)).toContain(`against baseline ${P.img}: ${P.script}; ${P.svg}`);
    const components = await page.$$eval('#log-component option', (os) => os.map((o) => o.textContent));
    expect(components).toContain(`service-${P.img.replace(/\//g, '')}`);
    await page.type('#log-text', 'crafted');
    expect(await page.$$eval('#logs .log-line', (ls) => ls.map((l) => (l.textContent ?? '').replace(/^\S+ \S+ +/, '')))).toEqual([`orchestrator: crafted ${P.script}`, `orchestrator: crafted ${P.closeScript}`]);
    await expectNothingRan('crafted folder, logs filtered');
    await shot('xss-crafted.png');
  });

  it('compare: crafted and edited runs, and hostile ids in the query', async () => {
    await visit(`/compare?ids=${encodeURIComponent(craftedBase)},${encodeURIComponent(crafted)}`);
    expect(await page.$eval('#reasons', (e) => e.textContent)).toContain(`${crafted}: status ${P.upper} (baseline completed)`);
    await expectVisible(P.num);
    await visit(`/compare?ids=${encodeURIComponent(hostileRun)},${encodeURIComponent(scheduledRun)}`);
    await expectVisible(P.num);
    await shot('xss-compare.png');
    await visit(`/compare?ids=${encodeURIComponent(P.script)},${encodeURIComponent(P.img)}`, 400);
    expect(await page.$eval('#compare-error', (e) => e.textContent)).toContain(P.script);
  });

  it('schedules: a hostile note, a hostile baseline and an edited run in the trend', async () => {
    await visit('/schedules');
    await expectVisible(`${P.script} ${P.img}`);
    await visit(`/schedules/${encodeURIComponent(scheduleId)}`);
    expect(await page.$eval('#baseline', (e) => e.textContent)).toContain(P.img);
    await expectVisible(`${P.script} ${P.img}`, P.num);
    const row = await page.$eval('#trend-table tr:nth-child(2)', (r) => r.textContent ?? '');
    expect(row).toContain(`${P.script}; ${P.img}`);
    expect(row).toContain(P.img);
    await page.waitForFunction(`window.Chart && window.Chart.getChart('trend')`);
    await shot('xss-schedule.png');
    await visit(`/schedules/${encodeURIComponent(P.img)}`, 400);
    await expectVisible(P.img);
    await visit(`/${encodeURIComponent(P.script)}`, 404);
  });
});
