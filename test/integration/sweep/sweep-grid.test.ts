/**
 * The shipped 3 × 2 sweep (connections × valueSize) with 2 repetitions: 12 runs against real
 * redis-servers on the local backend, shortened to 1 s of load each and 2 runs at a time. The sweep
 * folder holds 12 rows (points.csv and metrics/summary.json), report.html and report.pdf, and every
 * run's own experiment folder. The PDF's pages are rendered to test-artifacts/reports/sweep-grid-*.png.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ROOT, runBench, sandbox } from '../../helpers/bench-cli';
import { survivors } from '../../helpers/processes';
import { shortenedRecipe } from '../../helpers/shortened-recipe';
import { waitFor } from '../../helpers/wait-for';
import type { PlannedRunState } from '../../../src/cli/sweep-view';
import type { SweepSummary } from '../../../src/reports/sweep/sweep-summary';

// Twelve whole experiments (deploy, 1 s of load, collect, PDF, teardown), two at a time.
jest.setTimeout(600_000);

const CONNECTIONS = 'workload.clients[load].executor.connections';
const VALUE_SIZE = 'workload.clients[load].options.valueSize';

describe('a 3 × 2 sweep with 2 repetitions (real Temporal, real redis-server)', () => {
  it('runs 12 experiments and writes 12 rows, the report and every run folder', async () => {
    const box = sandbox('sweep-grid');
    const file = shortenedRecipe(path.join(ROOT, 'recipes/sweep-redis-connections.yaml'), box.home, { duration: '1s', warmup: '0s', keepFormats: true });
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['sweep', 'maxParallel'], 2);
    writeFileSync(file, doc.toString());

    const started = Date.now();
    const running = runBench(['run', file, '--json', '--output', box.experiments, '--id', 'grid-1'], box.env, 540_000);
    // Mid-sweep, bench status lists all 12 planned runs: some done with their figures, some running, the rest waiting.
    const midway = await waitFor(
      'bench status to show done, running and waiting runs',
      async () => {
        const st = await runBench(['status', 'grid-1', '--json'], box.env, 60_000);
        const runs = st.code === 0 ? (JSON.parse(st.stdout).runs as PlannedRunState[] | undefined) : undefined;
        const states = new Set(runs?.map((r) => r.state));
        return runs && states.has('done') && states.has('waiting') && states.has('running') ? runs : undefined;
      },
      240_000,
      2_000,
    );
    expect(midway).toHaveLength(12);
    for (const r of midway.filter((r) => r.state === 'done')) expect(r.opsPerSec).toBeGreaterThan(0);
    for (const r of midway.filter((r) => r.state === 'running')) expect(r.experimentId).toBe(`grid-1-p${String(r.point).padStart(2, '0')}-r${r.repetition}`);
    const res = await running;
    process.stdout.write(`3 × 2 × 2 sweep: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    expect([res.code, res.stderr.slice(-2000)]).toEqual([0, expect.anything()]);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    expect(out).toMatchObject({ sweepId: 'grid-1', status: 'completed' });
    const folder = path.join(box.experiments, 'grid-1');
    expect(readFileSync(path.join(folder, 'sweep.yaml'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    for (const f of ['plan.json', 'points.csv', 'metrics/summary.json', 'reports/report.html', 'sweep.log']) expect(existsSync(path.join(folder, f))).toBe(true);

    const summary = JSON.parse(readFileSync(path.join(folder, 'metrics/summary.json'), 'utf8')) as SweepSummary;
    expect(summary).toMatchObject({ status: 'completed', parameters: [CONNECTIONS, VALUE_SIZE], repetitions: 2, plannedRuns: 12 });
    expect(summary.rows).toHaveLength(12);
    const grid = summary.rows.map((r) => `${r.parameters[CONNECTIONS]}x${r.parameters[VALUE_SIZE]}/r${r.repetition}`).sort();
    expect(grid).toEqual([1, 4, 16].flatMap((c) => [64, 1024].flatMap((v) => [0, 1].map((r) => `${c}x${v}/r${r}`))).sort());
    for (const row of summary.rows) {
      expect(row.experimentId).toBe(`grid-1-p${String(row.point).padStart(2, '0')}-r${row.repetition}`);
      expect(row.status).toBe('completed');
      expect(row.opsPerSec).toBeGreaterThan(0);
      expect(row.requests).toBeGreaterThan(0);
      expect(row.errors).toBe(0);
      expect(row.latencyMs.p50).toBeGreaterThan(0);
      expect(row.latencyMs.p99).toBeGreaterThanOrEqual(row.latencyMs.p50);
      expect(row.latencyMs.p999).toBeGreaterThanOrEqual(row.latencyMs.p99);
      // The run's own experiment folder, with the point's values in its recipe.
      expect(row.folder).toBe(path.join(box.experiments, row.experimentId));
      const child = JSON.parse(readFileSync(path.join(row.folder, 'metrics/summary.json'), 'utf8'));
      expect(child.totals.requests).toBe(row.requests);
      const recipe = readFileSync(path.join(row.folder, 'recipe.yaml'), 'utf8');
      expect(recipe).toContain(`connections: ${row.parameters[CONNECTIONS]}`);
      expect(recipe).toContain(`valueSize: ${row.parameters[VALUE_SIZE]}`);
      expect(survivors(box.home, row.experimentId)).toEqual([]);
    }
    process.stdout.write(summary.rows.map((r) => `${r.experimentId} c=${r.parameters[CONNECTIONS]} v=${r.parameters[VALUE_SIZE]}: ${r.opsPerSec.toFixed(0)} ops/s p99 ${r.latencyMs.p99} ms`).join('\n') + '\n');

    const csv = readFileSync(path.join(folder, 'points.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(13);
    const head = csv[0].split(',');
    for (const col of [CONNECTIONS, VALUE_SIZE, 'status', 'ops_per_sec', 'p50_ms', 'p99_ms', 'errors', 'folder']) expect(head).toContain(col);
    for (const line of csv.slice(1)) expect(line.split(',')[head.indexOf('status')]).toBe('completed');

    expect(readFileSync(path.join(folder, 'reports/report.html'), 'utf8')).toContain('id="sweep-data"');
    const pdf = path.join(folder, 'reports/report.pdf');
    expect(statSync(pdf).size).toBeGreaterThan(20_000);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const t of ['12 / 12', 'Throughput against connections', 'Throughput against valueSize']) expect([t, text.includes(t)]).toEqual([t, true]);
    const artifacts = path.join(ROOT, 'test-artifacts', 'reports');
    mkdirSync(artifacts, { recursive: true });
    for (const f of readdirSync(artifacts).filter((f) => f.startsWith('sweep-grid-'))) rmSync(path.join(artifacts, f));
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(artifacts, 'sweep-grid')]);
    expect(readdirSync(artifacts).filter((f) => f.startsWith('sweep-grid-')).length).toBeGreaterThanOrEqual(1);

    // After the sweep (its worker gone), bench status reads the plan and rows from the folder.
    const after = await runBench(['status', 'grid-1'], box.env, 60_000);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('planned runs: 12 (12 done)');
    process.stdout.write(after.stdout);

    const runs = readdirSync(box.experiments).filter((d) => d.startsWith('grid-1-'));
    expect(runs).toHaveLength(12);
    for (const d of runs) expect(existsSync(path.join(box.experiments, d, 'reports/report.pdf'))).toBe(true);
  });
});
