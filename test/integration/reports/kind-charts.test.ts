/**
 * Each kind's own charts in the report, from real runs of the shipped recipes (llama.cpp, versitygw,
 * pgvector): the driver metrics table, per-measurement latency distributions from the merged
 * histograms, per-second count rates, recall beside QPS and the prepare phases. The PDF pages are
 * rendered to test-artifacts/reports/ for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runBench, sandbox } from '../../helpers/bench-cli';
import { shortenedRecipe } from '../../helpers/shortened-recipe';
import { formatMs, formatNumber } from '../../../src/reports/render-html';
import { parseCsv } from '../../../src/reports/report-data';
import type { Summary } from '../../../src/reports/summary-schema';

const RECIPES = ['inference-llama-cpp', 's3-versitygw', 'vector-pgvector'] as const;
type RecipeName = (typeof RECIPES)[number];
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'reports');

interface ChartData {
  measures: { group: string; name: string; count: number; points: { percentile: number; ms: number }[] }[];
  rates: { title: string; yTitle: string; series: { label: string; points: { x: number; y: number }[] }[] }[];
  prepare: { group: string; phases: { name: string; seconds: number }[] }[];
}

interface Run {
  folder: string;
  summary: Summary;
  html: string;
  data: ChartData;
  pdfText: string;
  pages: string[];
  /** Images (printed canvases) in the PDF. */
  images: number;
  raw: Record<string, string>[];
}

function chartData(html: string): ChartData {
  const m = /const DATA = (.*);\n/.exec(html);
  if (!m) throw new Error('report.html has no DATA for its charts');
  return JSON.parse(m[1]);
}

function renderPages(pdf: string, name: string): string[] {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const f of readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${name}-`))) rmSync(path.join(ARTIFACTS, f));
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(ARTIFACTS, name)]);
  return readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
}

const sum = (points: { y: number }[]) => points.reduce((n, p) => n + p.y, 0);

describe('kind charts: driver metrics, distributions, rates, recall and prepare phases from real runs', () => {
  const runs = {} as Record<RecipeName, Run>;

  beforeAll(async () => {
    for (const name of RECIPES) {
      // A sandbox (task queue) per run, as a run's in-process worker lingers among the queue's pollers after it exits.
      const box = sandbox(`kind-charts-${name}`);
      const recipe = shortenedRecipe(path.join(ROOT, 'recipes', `${name}.yaml`), box.home, { duration: '6s', keepFormats: true });
      const res = await runBench(['run', recipe, '--json', '--output', box.experiments], box.env, 300_000);
      if (res.code !== 0) throw new Error(`bench run ${name} exited ${res.code}\n${res.stderr.slice(-3000)}`);
      const out = JSON.parse(res.stdout.trim().split('\n').pop()!) as { experimentId: string; folder: string };
      const rep = await runBench(['report', out.experimentId, '--output', box.experiments], box.env, 180_000);
      if (rep.code !== 0) throw new Error(`bench report ${name} exited ${rep.code}\n${rep.stderr.slice(-3000)}`);
      const pdf = path.join(out.folder, 'reports', 'report.pdf');
      const html = readFileSync(path.join(out.folder, 'reports', 'report.html'), 'utf8');
      runs[name] = {
        folder: out.folder,
        summary: JSON.parse(readFileSync(path.join(out.folder, 'metrics', 'summary.json'), 'utf8')),
        html,
        data: chartData(html),
        pdfText: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }),
        pages: renderPages(pdf, name),
        images: execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2).length,
        raw: parseCsv(readFileSync(path.join(out.folder, 'reports', 'raw_results.csv'), 'utf8')),
      };
    }
  }, 1_200_000);

  it('inference: TTFT, ITL and TPOT distributions from the merged histograms, tokens/s over time, the driver metrics table', () => {
    const run = runs['inference-llama-cpp'];
    const group = run.summary.groups[0];
    expect(run.html).toContain('<h2>Driver metrics</h2>');
    expect(run.pdfText).toContain('Driver metrics');
    for (const name of ['ttft', 'itl', 'tpot']) {
      const d = run.data.measures.find((m) => m.name === name)!;
      expect(d).toBeDefined();
      expect(d.count).toBe(group.metrics![name].count);
      expect(d.points.length).toBeGreaterThan(10);
      expect(d.points.every((p) => p.ms > 0)).toBe(true);
      expect(d.points.map((p) => p.ms)).toEqual([...d.points.map((p) => p.ms)].sort((a, b) => a - b));
      // The curve comes from the same exact merge as summary.json (3 significant digits on the chart).
      const p50 = d.points.find((p) => p.percentile === 50)!.ms;
      expect(Math.abs(p50 - group.metrics![name].p50) / group.metrics![name].p50).toBeLessThan(0.01);
      expect(run.pdfText).toContain(`${name} distribution (ms, log scale)`);
    }
    expect(run.html).toMatch(/data-chart="measure" data-index="2"/);
    const tokens = run.data.rates.find((c) => c.yTitle === 'tokens/s')!;
    const output = tokens.series.find((s) => s.label === 'output tokens/s')!;
    expect(sum(output.points)).toBe(group.counts!.output_tokens.total);
    expect(sum(output.points)).toBe(run.raw.reduce((n, r) => n + Number(r.count_output_tokens), 0));
    expect(run.pdfText).toContain('Tokens per second');
    expect(run.pdfText).toContain(formatMs(group.metrics!.ttft.p50));
    expect(run.pdfText).toContain('output_tokens');
    expect(run.pdfText).toContain(run.summary.services[0].version!);
    // Page 1's three charts, then one per measurement and per rate unit.
    expect(run.images).toBeGreaterThanOrEqual(3 + run.data.measures.length + run.data.rates.length);
    expect(run.pages.length).toBeGreaterThanOrEqual(2);
  });

  it('s3: a distribution per operation, MiB/s read and written over time summed over both instances, the upload phase', () => {
    const run = runs['s3-versitygw'];
    const group = run.summary.groups[0];
    expect(group.perInstance.length).toBe(2);
    for (const name of ['get_latency', 'put_latency', 'delete_latency', 'stat_latency', 'get_ttfb']) {
      const d = run.data.measures.find((m) => m.name === name)!;
      expect(d).toBeDefined();
      expect(d.count).toBe(group.metrics![name].count);
      expect(d.points.every((p) => p.ms > 0)).toBe(true);
      expect(run.pdfText).toContain(`${name} distribution`);
    }
    const mib = run.data.rates.find((c) => c.yTitle === 'MiB/s')!;
    expect(mib.series.map((s) => s.label)).toEqual(['read MiB/s', 'written MiB/s']);
    const read = mib.series[0];
    expect(sum(read.points)).toBeCloseTo(group.counts!.bytes_read.total / 2 ** 20, 1);
    expect(read.points.filter((p) => p.y > 0).length).toBeGreaterThan(5);
    expect(run.data.rates.find((c) => c.yTitle === 'ops/s')!.series.length).toBe(4);
    expect(run.pdfText).toContain('MiB per second');
    expect(run.pdfText).toMatch(/bytes_read\s+[\d.]+ MiB\s+[\d.]+ MiB\/s/);
    expect(run.pdfText).toMatch(/Prepare.*upload/);
    // A single prepare phase gets no bar chart: the table line says it all.
    expect(run.data.prepare).toEqual([]);
    expect(run.pages.length).toBeGreaterThanOrEqual(2);
  });

  it('vector: recall mean, p50 and p99 beside QPS as plain numbers, load vs index time as bars', () => {
    const run = runs['vector-pgvector'];
    const group = run.summary.groups[0];
    const recall = group.metrics!.recall;
    expect(recall.unit).toBe('ratio');
    expect(recall.mean).toBeGreaterThan(0.5);
    expect(recall.mean).toBeLessThanOrEqual(1);
    expect(run.html).toContain(`<div class="v">${recall.mean.toFixed(3)}</div><div class="l">recall mean</div>`);
    expect(run.pdfText).toMatch(new RegExp(`${recall.mean.toFixed(3)}\\s+${recall.p50.toFixed(3)}\\s+${recall.p99.toFixed(3)}`));
    expect(run.pdfText).toMatch(/RECALL MEAN/i);
    expect(run.pdfText).toMatch(/SEARCH QUERIES\/S/i);
    // Ratios are not latencies: no millisecond distribution for recall.
    expect(run.data.measures).toEqual([]);
    const prepare = run.data.prepare[0];
    expect(prepare.phases.map((p) => p.name)).toEqual(expect.arrayContaining(['load', 'index']));
    for (const p of prepare.phases) expect(p.seconds).toBeCloseTo(group.prepare!.phasesMs[p.name] / 1000, 1);
    expect(run.html).toContain('data-chart="prepare"');
    expect(run.pdfText).toContain('Prepare phases (seconds)');
    expect(run.html).toContain(`plan: ${group.prepare!.facts.plan}`);
    expect(run.pdfText).toContain(`vectors: ${formatNumber(Number(group.prepare!.facts.vectors))}`);
    expect(existsSync(path.join(run.folder, 'reports', 'report.pdf'))).toBe(true);
    expect(run.pages.length).toBeGreaterThanOrEqual(2);
  });
});
