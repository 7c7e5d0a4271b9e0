import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox } from '../../helpers/bench-cli';
import { formatMs, formatNumber } from '../../../src/reports/render-html';

const RECIPE = path.join(__dirname, 'fixtures', 'secret-redis.yaml');
const SECRETS = ['Sup3r-S3cret-Pa55', 'tok-0f9e8d7c6b5a'];

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? allFiles(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

describe('reports, logs and export of a run with a secret (bench run → report.pdf, bench logs, bench export)', () => {
  const box = sandbox('report');
  let out: { experimentId: string; folder: string; status: string };

  beforeAll(async () => {
    const res = await runBench(['run', RECIPE, '--json', '--output', box.experiments], box.env, 240_000);
    expect(res.code).toBe(0);
    out = JSON.parse(res.stdout.trim().split('\n').pop()!);
  }, 260_000);

  it('writes a one- or two-page report.pdf whose text holds the headline numbers and whose pages carry the charts', () => {
    const pdf = path.join(out.folder, 'reports/report.pdf');
    expect(statSync(path.join(out.folder, 'reports/report.html')).size).toBeGreaterThan(10_000);
    const summary = JSON.parse(readFileSync(path.join(out.folder, 'metrics/summary.json'), 'utf8'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const value of [formatNumber(summary.totals.opsPerSec), formatMs(summary.totals.latencyMs.p50), formatMs(summary.totals.latencyMs.p90), formatMs(summary.totals.latencyMs.p99), formatMs(summary.totals.latencyMs.p999), formatNumber(summary.totals.requests)]) {
      expect(text).toContain(value);
    }
    expect(text).toContain(out.experimentId);
    expect(text).toMatch(/Throughput \(all clients, per second\)/);
    const pngDir = path.join(box.home, 'png');
    execFileSync('mkdir', ['-p', pngDir]);
    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, path.join(pngDir, 'page')]);
    const pages = readdirSync(pngDir).filter((f) => f.endsWith('.png'));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(2);
    // Charts are canvases: Chromium prints each as an image. Page 1 holds at least throughput, latency, distribution.
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images.filter((l) => l.trim().split(/\s+/)[0] === '1').length).toBeGreaterThanOrEqual(3);
  });

  it('never writes a secret from the recipe to any file of the experiment folder', () => {
    const files = allFiles(out.folder);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const content = readFileSync(file).toString('latin1');
      for (const secret of SECRETS) expect({ file, leaks: content.includes(secret) }).toEqual({ file, leaks: false });
    }
    expect(readFileSync(path.join(out.folder, 'recipe.yaml'), 'utf8')).toContain('[REDACTED]');
  });

  it('bench logs merges components by time and filters them', async () => {
    const all = await runBench(['logs', out.experimentId, '--output', box.experiments, '--json'], box.env, 60_000);
    expect(all.code).toBe(0);
    const entries = all.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const components = new Set(entries.map((e) => e.component));
    for (const c of ['orchestrator', 'service', 'client', 'monitor']) expect(components).toContain(c);
    const times = entries.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const orch = await runBench(['logs', out.experimentId, '--output', box.experiments, '--component', 'orchestrator', '--grep', 'ready', '--json'], box.env, 60_000);
    const lines = orch.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((e) => e.component === 'orchestrator' && /ready/i.test(e.msg))).toBe(true);
    expect(lines[0].fields.experiment).toBe(out.experimentId);
    const bad = await runBench(['logs', 'no-such-experiment', '--output', box.experiments], box.env, 60_000);
    expect(bad.code).toBe(2);
  });

  it('bench export writes a tarball of the whole folder', async () => {
    const file = path.join(box.home, 'export.tar.gz');
    const res = await runBench(['export', out.experimentId, '--output', box.experiments, '--to', file], box.env, 60_000);
    expect(res.code).toBe(0);
    const listing = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' });
    for (const f of ['recipe.yaml', 'metadata.out', 'metrics/summary.json', 'reports/report.pdf', 'reports/raw_results.csv', 'logs/orchestrator.log']) expect(listing).toContain(`${out.experimentId}/${f}`);
  });

  it('bench report regenerates the report from the folder', async () => {
    const res = await runBench(['report', out.experimentId, '--output', box.experiments, '--no-pdf'], box.env, 120_000);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('report.html');
  });
});
