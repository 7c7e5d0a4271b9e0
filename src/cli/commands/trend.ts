import type { Command } from 'commander';
import path from 'node:path';
import { listExperiments } from '../../api/list-experiments';
import { trendPoints, writeTrendFiles } from '../../schedules/trend';
import { table } from '../format';
import { withClient } from '../with-client';
import { scheduleRoot } from './baseline';

export function registerTrend(program: Command): void {
  program
    .command('trend')
    .description("a schedule's history of headline metrics; writes trend.html (chart) and trend.csv under <experiments>/.schedules/<id>/")
    .argument('<schedule>', 'schedule id')
    .option('--output <dir>', "experiments folder (default: the schedule's)")
    .option('--limit <n>', 'the last N runs', '100')
    .option('--json', 'print the points as JSON')
    .action(async (scheduleId: string, opts: { output?: string; limit: string; json?: boolean }) => {
      const root = await scheduleRoot(scheduleId, opts.output);
      const runs = await withClient(({ client }) => listExperiments(client, { schedule: scheduleId, limit: Number(opts.limit) || 100 }));
      const points = trendPoints(root, runs.map((r) => ({ id: r.id, startedAt: r.startedAt, status: r.phase || r.status })));
      const files = writeTrendFiles(root, scheduleId, points);
      if (opts.json) {
        process.stdout.write(JSON.stringify({ scheduleId, points, files }) + '\n');
        return;
      }
      const f = (n?: number, d = 3) => (n === undefined ? '' : String(Number(n.toFixed(d))));
      process.stdout.write(
        (points.length ? table(points.map((p) => [p.id, p.startedAt, p.status, f(p.opsPerSec, 0), f(p.p50), f(p.p99), f(p.errors, 0), p.verdict === 'regressed' ? `REGRESSED: ${p.reasons?.join('; ')}` : p.verdict ?? '']), ['run', 'started', 'status', 'ops/s', 'p50 ms', 'p99 ms', 'errors', 'verdict']) : `no runs of schedule ${scheduleId} yet`) +
          `\nchart: ${path.relative(process.cwd(), files.html) || files.html}\n`,
      );
    });
}
