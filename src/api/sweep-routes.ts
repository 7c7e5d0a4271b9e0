/** /api/sweeps: sweeps from their folders (summary, per-point statistics, knees) and their files. */
import type { FastifyInstance } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { sweepReportModel } from '../reports/sweep/render-sweep-html';
import type { SweepFolder } from '../store/sweep-folder';
import { HttpError, type ApiContext } from './context';
import { listSweeps, sweepFor, sweepRow } from './list-sweeps';

const idParam = { type: 'object', properties: { id: { type: 'string', description: 'sweep id (letters, digits, . _ : -)' } }, required: ['id'] } as const;

export function sweepRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/api/sweeps',
    {
      schema: {
        summary: 'List sweeps (folders with sweep.yaml and a sweep summary.json), newest first',
        tags: ['sweeps'],
        querystring: { type: 'object', properties: { recipe: { type: 'string' }, status: { type: 'string', description: 'running, completed, failed, cancelled' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      },
    },
    async (req) => listSweeps(ctx.root, req.query as { recipe?: string; status?: string; limit?: number }),
  );

  app.get('/api/sweeps/:id', { schema: { summary: 'One sweep: its summary.json, mean and 95 % confidence interval per point, knees of the latency–throughput curves', tags: ['sweeps'], params: idParam } }, async (req) => {
    const { id } = req.params as { id: string };
    const { folder, summary } = sweepFor(ctx, id);
    const model = sweepReportModel(summary, { print: false });
    return {
      ...sweepRow(id, summary),
      summary,
      points: model.points.map(({ rows, ...p }) => ({ ...p, experimentIds: rows.map((r) => r.experimentId) })),
      knees: model.chartData.knees,
      kneeRule: model.chartData.kneeRule,
      files: { pointsCsv: existsSync(folder.pointsCsv), reportHtml: existsSync(folder.reportHtml), reportPdf: existsSync(folder.reportPdf) },
    };
  });

  const file = (route: string, summary: string, pick: (f: SweepFolder) => string, type: string) =>
    app.get(route, { schema: { summary, tags: ['sweeps'], params: idParam } }, async (req, reply) => {
      const { id } = req.params as { id: string };
      const f = pick(sweepFor(ctx, id).folder);
      if (!existsSync(f)) throw new HttpError(404, `${id} has no ${route.split('/').pop()} (yet)`);
      return reply.type(type).send(createReadStream(f));
    });
  file('/api/sweeps/:id/summary.json', 'metrics/summary.json of the sweep (schema v1)', (f) => f.summaryFile, 'application/json');
  file('/api/sweeps/:id/points.csv', 'points.csv: one row per point and repetition', (f) => f.pointsCsv, 'text/csv; charset=utf-8');
  file('/api/sweeps/:id/sweep.yaml', 'sweep.yaml: the recipe as given', (f) => f.recipeFile, 'text/plain; charset=utf-8');
  file('/api/sweeps/:id/report.pdf', 'reports/report.pdf of the sweep', (f) => f.reportPdf, 'application/pdf');
}
