import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childReportHref, renderSweepHtml } from '../../../src/reports/sweep/render-sweep-html';
import type { SweepChartData } from '../../../src/reports/sweep/sweep-chart-data';
import type { SweepSummary } from '../../../src/reports/sweep/sweep-summary';
import { CONNECTIONS, sweepFixture, sweepRow, VALUE_SIZE, writeSweepFolder } from './sweep-fixture';

function chartData(html: string): SweepChartData {
  const m = /<script type="application\/json" id="sweep-data">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('no sweep-data block');
  return JSON.parse(m[1]);
}
const chart = (d: SweepChartData, kind: string, group: string) => d.charts.find((c) => c.kind === kind && c.group === group)!;

describe('sweep report.html', () => {
  const html = renderSweepHtml(sweepFixture(), { folder: '/tmp/bench-sweep-fixture/experiments/sweep-fixture-20261201T100000Z-abcd', recipeText: 'name: redis-sweep\n' });
  const data = chartData(html);

  it('has the header, the points table with mean ± CI, and Chart.js inlined', () => {
    expect(html).toContain('redis-sweep');
    expect(html).toContain('sweep-fixture-20261201T100000Z-abcd');
    expect(html).toMatch(/24 \/ 24<\/div><div class="l">runs done \/ planned/);
    expect(html).toContain('10,000 ± 248.4');
    expect(html).toContain('1.000 ms ± 0.025 ms');
    expect(html).toContain('▲ knee');
    expect(html).toMatch(/<script>!?function|<script>\/\*!/); // Chart.js UMD build, inlined
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('knee: the first point whose p99 exceeds 2× the lowest p99');
  });

  it('charts throughput, latency against throughput, error rate and extras along each parameter, one line per other value', () => {
    expect(data.print).toBe(true);
    expect(data.charts.map((c) => `${c.kind}:${c.group === CONNECTIONS ? 'c' : 'v'}`)).toEqual(['throughput:c', 'latency:c', 'errors:c', 'extra:c', 'throughput:v', 'latency:v', 'errors:v', 'extra:v']);
    const t = chart(data, 'throughput', CONNECTIONS);
    expect(t).toMatchObject({ xScale: 'logarithmic', xTicks: [1, 4, 16, 64], xTitle: 'connections', yTitle: 'ops/s' });
    expect(t.datasets.map((d) => d.label)).toEqual(['valueSize=64', 'valueSize=1024', 'knee']);
    const first = t.datasets[0].points[0];
    expect(first).toMatchObject({ x: 1, n: 3, tip: 'connections=1, valueSize=64 · n=3' });
    expect(first.y).toBeCloseTo(10_000, 6);
    expect(first.yLo).toBeCloseTo(10_000 - 248.414, 2);
    expect(first.yHi).toBeCloseTo(10_000 + 248.414, 2);
    const l = chart(data, 'latency', CONNECTIONS);
    expect(l.datasets.map((d) => d.label)).toEqual(['valueSize=64 p99', 'valueSize=64 p50', 'valueSize=1024 p99', 'valueSize=1024 p50', 'knee']);
    const p99 = l.datasets[0];
    expect(p99.points.map((p) => p.label)).toEqual(['1', '4', '16', '64']);
    expect(p99.points[0].x).toBeCloseTo(10_000, 6);
    expect(p99.points[0].xHi).toBeCloseTo(10_248.414, 2);
    expect(l.datasets[1].dashed).toBe(true);
    const e = chart(data, 'errors', CONNECTIONS);
    expect(e.yTitle).toBe('% of requests');
    expect(e.datasets[0].points[3].y).toBeCloseTo((100 * (10 / 410_000 + 20 / 410_000 + 30 / 410_000)) / 3, 3);
    expect(e.datasets[0].points[3].yLo).toBeGreaterThanOrEqual(0); // bars stop at 0
    expect(chart(data, 'extra', CONNECTIONS).title).toBe('hits.perSec against connections');
    const v = chart(data, 'throughput', VALUE_SIZE);
    expect(v.datasets.map((d) => d.label)).toEqual(['connections=1', 'connections=4', 'connections=16', 'connections=64']);
    for (const c of data.charts) expect(html).toContain(`<canvas id="${c.id}" data-sweep-chart="${c.id}"></canvas>`);
  });

  it('one parameter: single lines; strings: a category axis', () => {
    const s = sweepFixture({ parameters: ['workload.clients[load].options.command'] });
    s.rows = ['get', 'set', 'get', 'set'].map((cmd, i) => ({ ...sweepRow(i < 2 ? i : i - 2, i < 2 ? 0 : 1, 4, 64), parameters: { 'workload.clients[load].options.command': cmd } }));
    const d = chartData(renderSweepHtml(s));
    const t = chart(d, 'throughput', 'workload.clients[load].options.command');
    expect(t).toMatchObject({ xScale: 'linear', xTicks: [0, 1], xLabels: ['get', 'set'], xTitle: 'command' });
    expect(t.datasets.map((x) => x.label)).toEqual(['ops/s']);
    expect(t.datasets[0].points.map((p) => p.x)).toEqual([0, 1]);
  });

  it('a search: the result, the points tried with pass/fail and the limit on its chart', () => {
    const rate = 'workload.clients[load].executor.rate';
    const rows = [[1000, 2, true], [2000, 4, true], [4000, 30, false], [3000, 8, true], [3500, 12, false]].map(([r, p99, passed], i) => ({ ...sweepRow(i, 0, 4, 64, { passed: passed as boolean }), parameters: { [rate]: r as number }, latencyMs: { p50: 1, p90: 1, p99: p99 as number, p999: 40, mean: 1, max: 50 } }));
    const s = sweepFixture({ parameters: [rate], repetitions: 1, plannedRuns: 5, rows, search: { parameter: rate, metric: 'p99', below: 10, precision: 0.05, found: 3000, failedAt: 3500, state: 'done' } });
    const out = renderSweepHtml(s);
    expect(out).toContain('Highest rate that kept p99 &lt; 10.0 ms: 3000 (3500 failed).');
    const tried = [...out.matchAll(/<tr><td>(\d+)<\/td><td class="n">([^<]+)<\/td><td class="n">1<\/td><td class="(pass|fail)">/g)].map((m) => [m[1], m[3]]);
    expect(tried).toEqual([['1000', 'pass'], ['2000', 'pass'], ['3000', 'pass'], ['3500', 'fail'], ['4000', 'fail']]);
    const c = chart(chartData(out), 'search', 'search');
    expect(c.limit).toEqual({ y: 10, label: 'limit 10 ms' });
    expect(c.datasets.map((d) => [d.label, d.points.map((p) => p.x)])).toEqual([['passed', [1000, 2000, 3000]], ['failed', [3500, 4000]]]);
  });

  it('an empty sweep says so and draws nothing', () => {
    const out = renderSweepHtml(sweepFixture({ rows: [], status: 'running' }));
    expect(out).toContain('This sweep has no runs yet');
    expect(out).not.toContain('<canvas id=');
    expect(chartData(out).charts).toEqual([]);
    expect(out).toContain('0 / 24');
  });

  it('a running sweep with failed runs: the report notes it, shows the failure and leaves failed runs out of the figures', () => {
    const s = sweepFixture({ status: 'running', plannedRuns: 24 });
    s.rows = [sweepRow(0, 0, 1, 64), sweepRow(0, 1, 1, 64, { status: 'failed', error: 'redis exited 1' }), sweepRow(0, 2, 1, 64, { status: 'running' })];
    const out = renderSweepHtml(s);
    expect(out).toContain('still running');
    expect(out).toContain('redis exited 1');
    expect(out).toMatch(/2 \/ 24<\/div>/);
    const t = chart(chartData(out), 'throughput', CONNECTIONS);
    expect(t.datasets[0].points).toEqual([expect.objectContaining({ n: 1, y: 9900 })]);
    expect(t.datasets[0].points[0].yLo).toBeUndefined();
  });

  it('escapes hostile text everywhere; the JSON block cannot close its script', () => {
    const bad = '<script>alert(1)</script>';
    const img = '"><img src=x onerror=alert(2)>';
    const s: SweepSummary = sweepFixture({ recipe: bad, description: img, backend: img, sweepId: img, status: img as 'running' });
    s.rows = [sweepRow(0, 0, 1, 64, { experimentId: `</script><script>alert(3)</script>`, error: bad, extra: { [img]: 1 }, status: img }), sweepRow(0, 1, 1, 64, { parameters: { [CONNECTIONS]: img as unknown as number, [VALUE_SIZE]: bad as unknown as number } })];
    const out = renderSweepHtml(s, { recipeText: bad });
    expect(out).not.toContain('<script>alert');
    expect(out).not.toContain('<img src=x');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
    const block = /<script type="application\/json" id="sweep-data">(.*?)<\/script>/s.exec(out)![1];
    expect(block).not.toMatch(/[<>]/);
    expect(JSON.stringify(JSON.parse(block))).toContain(img);
  });

  it('links each run to its child report, never with a scheme', () => {
    expect(html).toContain('href="../../sweep-fixture-p0-r0/reports/report.html"');
    expect(childReportHref('/e/s', '/e/s/reports/javascript:alert')).toBe('./javascript%3Aalert/reports/report.html');
    expect(childReportHref('/e/s', 'javascript:alert(1)')).toBeUndefined();
    expect(childReportHref('/e/s', '/e/"><b>')).toBeUndefined();
  });
});

describe('writeSweepReport', () => {
  it('writes points.csv and report.html (no PDF asked), also for zero rows, and never summary.json', async () => {
    const { writeSweepReport } = await import('../../../src/reports/sweep/write-sweep-report');
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-sweep-report-'));
    const s = sweepFixture({ rows: [] });
    const dir = writeSweepFolder(root, s);
    const before = readFileSync(path.join(dir, 'metrics', 'summary.json'), 'utf8');
    const res = await writeSweepReport(dir, s, { pdf: false });
    expect(res).toEqual({ files: [path.join(dir, 'points.csv'), path.join(dir, 'reports', 'report.html')] });
    expect(readFileSync(path.join(dir, 'reports', 'report.html'), 'utf8')).toContain('no runs yet');
    expect(readFileSync(path.join(dir, 'reports', 'report.html'), 'utf8')).toContain('sweep:'); // sweep.yaml shown
    expect(readFileSync(path.join(dir, 'metrics', 'summary.json'), 'utf8')).toBe(before);
    expect(existsSync(path.join(dir, 'reports', 'report.pdf'))).toBe(false);
  });

  it('a PDF failure keeps the CSV, the HTML and the previous PDF, and throws a SweepPdfError naming them', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-sweep-report-'));
    const s = sweepFixture();
    const dir = writeSweepFolder(root, s);
    mkdirSync(path.join(dir, 'reports'), { recursive: true });
    writeFileSync(path.join(dir, 'reports', 'report.pdf'), 'previous');
    const saved = process.env.BENCH_CHROMIUM;
    process.env.BENCH_CHROMIUM = path.join(root, 'no-such-chromium');
    let error: unknown;
    try {
      // render-pdf.ts reads BENCH_CHROMIUM when loaded: a fresh module registry sees the missing browser.
      await jest.isolateModulesAsync(async () => {
        const { writeSweepReport } = await import('../../../src/reports/sweep/write-sweep-report');
        error = await writeSweepReport(dir, s, { pdf: true }).then(() => undefined, (e: unknown) => e);
      });
    } finally {
      if (saved === undefined) delete process.env.BENCH_CHROMIUM;
      else process.env.BENCH_CHROMIUM = saved;
    }
    expect(error).toMatchObject({ name: 'SweepPdfError', files: [path.join(dir, 'points.csv'), path.join(dir, 'reports', 'report.html')] });
    expect((error as Error).message).toMatch(/report\.pdf of sweep sweep-fixture-20261201T100000Z-abcd was not written \(points\.csv and report\.html were\): .*no-such-chromium/);
    expect(readFileSync(path.join(dir, 'reports', 'report.pdf'), 'utf8')).toBe('previous');
    expect(readFileSync(path.join(dir, 'points.csv'), 'utf8').split('\n')).toHaveLength(26);
    expect(readFileSync(path.join(dir, 'reports', 'report.html'), 'utf8')).toContain('10,000 ± 248.4');
    expect(readdirSync(path.join(dir, 'reports')).sort()).toEqual(['report.html', 'report.pdf']);
  });
});
