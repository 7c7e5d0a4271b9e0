/** /api/experiments and /api/compare. */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { CliError } from '../cli/exit-codes';
import { startExperiment } from '../cli/start-experiment';
import { readLogs } from '../logs/read-logs';
import { LEVEL_ORDER } from '../logs/log-entry';
import { checkRecipe } from '../recipe/check';
import { compareRuns, CompareInputError } from '../reports/compare-files';
import { workflowUiLink } from '../temporal/config';
import { experimentView, folderFor, HttpError, type ApiContext } from './context';
import { listExperiments } from './list-experiments';

const idParam = { type: 'object', properties: { id: { type: 'string', description: 'experiment id (letters, digits, . _ : -)' } }, required: ['id'] } as const;

export function recipeOrThrow(text: string, source = 'recipe') {
  const parsed = checkRecipe(text);
  if (!parsed.ok) {
    throw new HttpError(422, `invalid recipe: ${parsed.issues.length} problem(s)`, {
      issues: parsed.issues.map((i) => ({ path: i.path, line: i.line, column: i.column, message: i.message, source })),
    });
  }
  return parsed.recipe;
}

export function experimentRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post(
    '/api/experiments',
    {
      schema: {
        summary: 'Start an experiment from a recipe (YAML text); invalid recipes get 422 with each problem’s path and line',
        tags: ['experiments'],
        body: { type: 'object', properties: { recipe: { type: 'string', description: 'the recipe YAML' }, id: { type: 'string' } }, required: ['recipe'] },
      },
    },
    async (req, reply) => {
      const body = req.body as { recipe: string; id?: string };
      const recipe = recipeOrThrow(body.recipe);
      try {
        const handle = await startExperiment(ctx.client, { path: 'api', text: body.recipe, recipe }, { id: body.id, output: ctx.root, taskQueue: ctx.taskQueue });
        reply.code(201);
        return { experimentId: handle.workflowId, runId: handle.firstExecutionRunId, uiUrl: workflowUiLink(ctx.temporal, handle.workflowId) };
      } catch (e) {
        if (e instanceof CliError) throw new HttpError(/already exists/.test(e.message) ? 409 : 400, e.message);
        throw e;
      }
    },
  );

  app.get(
    '/api/experiments',
    {
      schema: {
        summary: 'List experiments (Temporal visibility), newest first',
        tags: ['experiments'],
        querystring: { type: 'object', properties: { recipe: { type: 'string' }, service: { type: 'string' }, backend: { type: 'string' }, status: { type: 'string', description: 'bench phase: running, completed, failed, cancelled…' }, schedule: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      },
    },
    async (req) => listExperiments(ctx.client, req.query as Record<string, string>),
  );

  app.get('/api/experiments/:id', { schema: { summary: 'Status, live progress and summary of one experiment', tags: ['experiments'], params: idParam } }, async (req) => {
    const view = await experimentView(ctx, (req.params as { id: string }).id);
    return { ...view, uiUrl: workflowUiLink(ctx.temporal, view.id) };
  });

  app.post('/api/experiments/:id/cancel', { schema: { summary: 'Cancel an experiment (its teardown runs)', tags: ['experiments'], params: idParam } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    folderFor(ctx, id);
    await ctx.client.workflow
      .getHandle(id)
      .cancel()
      .catch((e) => {
        if (e instanceof WorkflowNotFoundError) throw new HttpError(404, `no running experiment ${id}`);
        throw e;
      });
    reply.code(202);
    return { experimentId: id, cancelRequested: true };
  });

  const file = (route: string, summary: string, pick: (f: ReturnType<typeof folderFor>) => string, type: string) =>
    app.get(route, { schema: { summary, tags: ['experiments'], params: idParam } }, async (req, reply) => {
      const { id } = req.params as { id: string };
      const f = pick(folderFor(ctx, id));
      if (!existsSync(f)) throw new HttpError(404, `${id} has no ${route.split('/').pop()} (yet)`);
      return reply.type(type).send(createReadStream(f));
    });
  file('/api/experiments/:id/summary.json', 'metrics/summary.json (schema v1)', (f) => f.summaryFile, 'application/json');
  file('/api/experiments/:id/raw_results.csv', 'reports/raw_results.csv', (f) => f.rawResultsCsv, 'text/csv; charset=utf-8');
  file('/api/experiments/:id/report.pdf', 'reports/report.pdf, when the recipe asked for it', (f) => f.reportPdf, 'application/pdf');

  app.get(
    '/api/experiments/:id/logs',
    {
      schema: {
        summary: "An experiment's logs (all components merged by time), filtered",
        tags: ['experiments'],
        params: idParam,
        querystring: { type: 'object', properties: { component: { type: 'string', description: 'comma-separated: service, client, orchestrator, client-load-0…' }, level: { type: 'string', enum: LEVEL_ORDER }, q: { type: 'string', description: 'text to find (case-insensitive)' }, limit: { type: 'integer', minimum: 1, maximum: 10000 } } },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const q = req.query as { component?: string; level?: string; q?: string; limit?: number };
      const folder = folderFor(ctx, id);
      if (!existsSync(folder.dir)) throw new HttpError(404, `no experiment folder ${id}`);
      const grep = q.q ? new RegExp(q.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') : undefined;
      const entries = readLogs(folder.logsDir, { component: q.component ? q.component.split(',').filter(Boolean) : undefined, level: q.level, grep });
      const limit = q.limit ?? 1000;
      return { total: entries.length, entries: entries.slice(-limit) };
    },
  );

  app.get(
    '/api/compare',
    {
      schema: {
        summary: 'Compare runs with a baseline (the first id): per-metric deltas and regression flags',
        tags: ['compare'],
        querystring: { type: 'object', properties: { ids: { type: 'string', description: 'comma-separated ids, baseline first; repetitions of one side joined with "+" (%2B)' }, thresholdP99: { type: 'number', minimum: 0 }, thresholdThroughput: { type: 'number', minimum: 0 }, alpha: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: "significance level (default: the baseline recipe's reporting.alpha, else 0.05)" } }, required: ['ids'] },
      },
    },
    async (req) => {
      const q = req.query as { ids: string; thresholdP99?: number; thresholdThroughput?: number; alpha?: number };
      try {
        return compareRuns(ctx.root, q.ids.split(',').filter(Boolean), { thresholds: { p99IncreasePct: q.thresholdP99, throughputDecreasePct: q.thresholdThroughput }, statistics: { alpha: q.alpha }, write: false }).comparison;
      } catch (e) {
        if (e instanceof CompareInputError) throw new HttpError(e.status, e.message);
        throw e;
      }
    },
  );
}
