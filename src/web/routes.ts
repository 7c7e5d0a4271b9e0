/** The results web UI: server-rendered pages over the same context as the API. */
import type { FastifyInstance } from 'fastify';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { experimentView, folderFor, HttpError, type ApiContext } from '../api/context';
import { listExperiments, type ExperimentFilters } from '../api/list-experiments';
import { isSweepId, listSweeps, sweepFor } from '../api/list-sweeps';
import { scheduleTrend } from '../api/schedule-routes';
import { readLogs } from '../logs/read-logs';
import { SWEEP_CHARTS_FILE } from '../reports/sweep/strict-templates';
import { compareRuns, CompareInputError } from '../reports/compare-files';
import { readBaseline } from '../schedules/baseline';
import { describeSchedule, listSchedules, ScheduleInputError } from '../schedules/schedules';
import { chartJsFile } from '../schedules/trend';
import { workflowUiLink } from '../temporal/config';
import { comparePage, compareFormPage } from './compare-page';
import { experimentPage } from './experiment-page';
import { experimentsPage } from './experiments-page';
import { messagePage } from './message-page';
import { perSecondSeries } from './raw-results';
import { schedulePage, schedulesPage } from './schedules-page';
import { sweepPage, sweepsPage } from './sweep-page';
import { PAGE_SCRIPTS } from './templates';

const hidden = { schema: { hide: true } };

export function webRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const html = (reply: { type(t: string): { send(b: string): unknown } }, body: string) => reply.type('text/html; charset=utf-8').send(body);

  app.get('/assets/chart.umd.js', hidden, async (_req, reply) => reply.type('application/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(createReadStream(chartJsFile())));
  // The pages' own scripts (static files: data reaches them as JSON in the page, never inside their code).
  app.get('/assets/web/:file', hidden, async (req, reply) => {
    const js = PAGE_SCRIPTS.get((req.params as { file: string }).file);
    if (js === undefined) return reply.callNotFound();
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(js);
  });
  // The sweep charts: the same script as the sweep's report.html (reads the page's JSON block).
  const sweepChartsJs = readFileSync(SWEEP_CHARTS_FILE, 'utf8');
  app.get('/assets/sweep-charts.js', hidden, async (_req, reply) => reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(sweepChartsJs));
  app.get('/', hidden, async (_req, reply) => reply.redirect('/experiments'));

  app.get('/experiments', hidden, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const f: ExperimentFilters = { recipe: q.recipe || undefined, service: q.service || undefined, backend: q.backend || undefined, status: q.status || undefined, schedule: q.schedule || undefined, limit: 200 };
    const [rows, all] = await Promise.all([listExperiments(ctx.client, f), listExperiments(ctx.client, { limit: 500 })]);
    return html(reply, experimentsPage(rows, all, f));
  });

  app.get('/experiments/:id', hidden, async (req, reply) => {
    const { id } = req.params as { id: string };
    if (isSweepId(ctx, id)) return reply.redirect(`/sweeps/${encodeURIComponent(id)}`);
    const folder = folderFor(ctx, id);
    const view = await experimentView(ctx, id);
    const series = existsSync(folder.rawResultsCsv) ? perSecondSeries(readFileSync(folder.rawResultsCsv, 'utf8')) : undefined;
    const logs = readLogs(folder.logsDir).slice(-5000);
    return html(reply, experimentPage(view, { uiUrl: workflowUiLink(ctx.temporal, id), series, logs }));
  });

  app.get('/compare', hidden, async (req, reply) => {
    // ids: in the order given (baseline first); pick: ticked on the list, which is newest first, so reversed.
    const q = req.query as { ids?: string | string[]; pick?: string | string[] };
    const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : [v ?? '']).flatMap((x) => x.split(',')).filter(Boolean);
    const ids = [...list(q.ids), ...list(q.pick).reverse()];
    if (ids.length < 2) return html(reply.code(400), compareFormPage('Choose at least two runs: the first is the baseline.'));
    try {
      return html(reply, comparePage(compareRuns(ctx.root, ids, { write: false }).comparison));
    } catch (e) {
      if (e instanceof CompareInputError) return html(reply.code(e.status), compareFormPage(e.message));
      throw e;
    }
  });

  app.get('/sweeps', hidden, async (_req, reply) => html(reply, sweepsPage(listSweeps(ctx.root))));

  app.get('/sweeps/:id', hidden, async (req, reply) => {
    const { id } = req.params as { id: string };
    try {
      const { folder, summary } = sweepFor(ctx, id);
      return html(reply, sweepPage(id, summary, { pointsCsv: existsSync(folder.pointsCsv), reportPdf: existsSync(folder.reportPdf) }));
    } catch (e) {
      if (e instanceof HttpError) return html(reply.code(e.status), messagePage('Sweep', e.message, { bad: true }));
      throw e;
    }
  });

  app.get('/schedules', hidden, async (_req, reply) => html(reply, schedulesPage(await listSchedules(ctx.client))));

  app.get('/schedules/:id', hidden, async (req, reply) => {
    const { id } = req.params as { id: string };
    try {
      const view = await describeSchedule(ctx.client, id);
      return html(reply, schedulePage(view, readBaseline(view.outputRoot ?? ctx.root, id), await scheduleTrend(ctx, id)));
    } catch (e) {
      if (e instanceof ScheduleInputError) return html(reply.code(e.status), messagePage('Schedule', e.message, { bad: true }));
      throw e;
    }
  });

  // Pages answer errors as pages, the API as JSON.
  app.setNotFoundHandler((req, reply) => (req.url.startsWith('/api/') ? reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` }) : html(reply.code(404), messagePage('Not found', `Nothing at ${req.url.split('?')[0]}.`))));
}
