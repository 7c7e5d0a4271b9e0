/**
 * A sweep's report through the real path: writeSweepReport on a synthetic sweep (connections ×
 * valueSize, 3 repetitions each) prints report.pdf with Debian's Chromium. The PDF's text holds the
 * header, the points table (mean ± CI) and the knee; its pages carry the charts as images. Pages are
 * rendered to test-artifacts/reports/sweep-*.png for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../helpers/bench-cli';
import { writeSweepReport } from '../../../src/reports/sweep/write-sweep-report';
import { sweepFixture, sweepRow, writeSweepFolder } from '../../unit/reports/sweep-fixture';

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'reports');

function pages(pdf: string, name: string): string[] {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const f of readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${name}-`))) rmSync(path.join(ARTIFACTS, f));
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(ARTIFACTS, name)]);
  return readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
}

describe('sweep report.pdf (Chromium)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-sweep-pdf-'));

  it('prints the header, the points with mean ± 95 % CI, the knee and every chart', async () => {
    const s = sweepFixture();
    const dir = writeSweepFolder(root, s);
    const res = await writeSweepReport(dir, s, { pdf: true });
    const pdf = path.join(dir, 'reports', 'report.pdf');
    expect(res).toEqual({ files: [path.join(dir, 'points.csv'), path.join(dir, 'reports', 'report.html'), pdf] });
    expect(statSync(pdf).size).toBeGreaterThan(20_000);
    expect(readdirSync(path.join(dir, 'reports')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const t of ['redis-sweep', s.sweepId, 'RUNS DONE / PLANNED', '24 / 24', '10,000 ± 248.4', '40,800 ± 1013.5', '▲ knee', 'Throughput against connections', 'Latency against throughput (along connections)', 'Error rate against valueSize', 'hits.perSec against connections', 'sweep-fixture-p7-r2']) {
      expect([t, text.includes(t)]).toEqual([t, true]);
    }
    expect(text).toMatch(/knee: the first point whose p99 exceeds 2×/);
    // 8 charts (4 per parameter), each a printed canvas.
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images.length).toBeGreaterThanOrEqual(8);
    const png = pages(pdf, 'sweep');
    expect(png.length).toBeGreaterThanOrEqual(1);
    expect(png.length).toBeLessThanOrEqual(4);
    // The HTML beside it has the same data the charts drew.
    expect(readFileSync(path.join(dir, 'reports', 'report.html'), 'utf8')).toContain('id="sweep-data"');
  });

  it('an interrupted sweep with a failed run and a search, and an empty sweep, print too', async () => {
    const rate = 'workload.clients[load].executor.rate';
    const rows = [[1000, 2, true], [2000, 4, true], [4000, 30, false]].map(([r, p99, passed], i) => ({ ...sweepRow(i, 0, 4, 64, { passed: passed as boolean }), parameters: { [rate]: r as number }, latencyMs: { p50: 1, p90: 1, p99: p99 as number, p999: 40, mean: 1, max: 50 } }));
    rows.push({ ...sweepRow(3, 0, 4, 64, { status: 'failed', error: 'redis exited with code 1' }), parameters: { [rate]: 3000 } });
    const searching = sweepFixture({ sweepId: 'searching-sweep', status: 'running', parameters: [rate], repetitions: 1, plannedRuns: 4, rows, search: { parameter: rate, metric: 'p99', below: 10, precision: 0.05, found: 2000, failedAt: 4000, state: 'bisecting' } });
    const res = await writeSweepReport(writeSweepFolder(root, searching), searching, { pdf: true });
    expect(res.files).toHaveLength(3);
    const text = execFileSync('pdftotext', ['-layout', res.files[2], '-'], { encoding: 'utf8' });
    expect(text).toContain('Still searching (bisecting): best so far 2000, 4000 failed.');
    expect(text).toContain('redis exited with code 1');
    expect(text).toContain('Search: p99 against rate');
    pages(res.files[2], 'sweep-search');

    const empty = sweepFixture({ sweepId: 'empty-sweep', status: 'running', rows: [] });
    const out = await writeSweepReport(writeSweepFolder(root, empty), empty, { pdf: true });
    expect(out.files).toHaveLength(3);
    expect(execFileSync('pdftotext', ['-layout', out.files[2], '-'], { encoding: 'utf8' })).toContain('This sweep has no runs yet');
  });
});
