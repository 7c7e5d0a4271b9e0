/** /api/schedules: the same operations as `bench schedule`, `bench baseline` and `bench trend`. */
import type { FastifyInstance } from 'fastify';
import { CompareInputError, folderOf, readSummary } from '../reports/compare-files';
import { readBaseline, writeBaseline } from '../schedules/baseline';
import { parseInstant, ScheduleOptionError } from '../schedules/schedule-options';
import { backfillSchedule, createSchedule, deleteSchedule, describeSchedule, listSchedules, pauseSchedule, ScheduleInputError, triggerSchedule, unpauseSchedule, updateScheduleRecipe } from '../schedules/schedules';
import { trendPoints } from '../schedules/trend';
import { HttpError, type ApiContext } from './context';
import { recipeOrThrow } from './experiment-routes';
import { listExperiments } from './list-experiments';

const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

async function mapped<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ScheduleInputError) throw new HttpError(e.status, e.message);
    if (e instanceof ScheduleOptionError) throw new HttpError(400, e.message);
    if (e instanceof CompareInputError) throw new HttpError(e.status, e.message);
    throw e;
  }
}

/** A schedule's runs with their headline metrics, oldest first. */
export async function scheduleTrend(ctx: ApiContext, id: string) {
  const view = await describeSchedule(ctx.client, id);
  const runs = await listExperiments(ctx.client, { schedule: id, limit: 200 });
  return trendPoints(view.outputRoot ?? ctx.root, runs.map((r) => ({ id: r.id, startedAt: r.startedAt, status: r.phase || r.status })));
}

export function scheduleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const tags = ['schedules'];
  app.get('/api/schedules', { schema: { summary: "bench's schedules", tags } }, async () => listSchedules(ctx.client));

  app.post(
    '/api/schedules',
    {
      schema: {
        summary: 'Create a schedule running a recipe (give every or cron)',
        tags,
        body: {
          type: 'object',
          required: ['recipe'],
          properties: { recipe: { type: 'string' }, id: { type: 'string' }, every: { type: 'string', examples: ['1d'] }, cron: { type: 'string', examples: ['0 3 * * *'] }, jitter: { type: 'string' }, timezone: { type: 'string' }, overlap: { type: 'string', enum: ['skip', 'buffer-one', 'buffer-all', 'cancel-other', 'terminate-other', 'allow-all'] }, pauseOnFailure: { type: 'boolean' }, failOnRegression: { type: 'boolean' }, note: { type: 'string' } },
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { recipe: string; id?: string; every?: string; cron?: string; jitter?: string; timezone?: string; overlap?: string; pauseOnFailure?: boolean; failOnRegression?: boolean; note?: string };
      recipeOrThrow(b.recipe);
      const id = await mapped(() => createSchedule(ctx.client, { id: b.id, recipeText: b.recipe, recipeSource: 'api', outputRoot: ctx.root, taskQueue: ctx.taskQueue, note: b.note, request: b }));
      reply.code(201);
      return describeSchedule(ctx.client, id);
    },
  );

  app.get('/api/schedules/:id', { schema: { summary: 'A schedule, with its baseline', tags, params: idParam } }, async (req) =>
    mapped(async () => {
      const view = await describeSchedule(ctx.client, (req.params as { id: string }).id);
      return { ...view, baseline: readBaseline(view.outputRoot ?? ctx.root, view.id) ?? null };
    }),
  );

  app.patch('/api/schedules/:id', { schema: { summary: 'Replace the recipe a schedule runs', tags, params: idParam, body: { type: 'object', required: ['recipe'], properties: { recipe: { type: 'string' } } } } }, async (req) =>
    mapped(async () => {
      const { id } = req.params as { id: string };
      recipeOrThrow((req.body as { recipe: string }).recipe);
      await updateScheduleRecipe(ctx.client, id, (req.body as { recipe: string }).recipe, 'api');
      return describeSchedule(ctx.client, id);
    }),
  );

  app.delete('/api/schedules/:id', { schema: { summary: 'Delete a schedule (its runs stay)', tags, params: idParam } }, async (req, reply) =>
    mapped(async () => {
      await deleteSchedule(ctx.client, (req.params as { id: string }).id);
      return reply.code(204).send();
    }),
  );

  for (const [verb, f] of [
    ['pause', pauseSchedule],
    ['unpause', unpauseSchedule],
  ] as const) {
    app.post(`/api/schedules/:id/${verb}`, { schema: { summary: `${verb} a schedule`, tags, params: idParam } }, async (req) =>
      mapped(async () => {
        await f(ctx.client, (req.params as { id: string }).id, ((req.body ?? {}) as { note?: string }).note);
        return describeSchedule(ctx.client, (req.params as { id: string }).id);
      }),
    );
  }

  app.post('/api/schedules/:id/trigger', { schema: { summary: 'Run the schedule now', tags, params: idParam } }, async (req, reply) =>
    mapped(async () => {
      await triggerSchedule(ctx.client, (req.params as { id: string }).id, ((req.body ?? {}) as { overlap?: string }).overlap);
      return reply.code(202).send({ triggered: true });
    }),
  );

  app.post('/api/schedules/:id/backfill', { schema: { summary: 'Take the runs the schedule would have taken between from and to', tags, params: idParam, body: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string' }, to: { type: 'string' }, overlap: { type: 'string' } } } } }, async (req, reply) =>
    mapped(async () => {
      const b = req.body as { from: string; to: string; overlap?: string };
      await backfillSchedule(ctx.client, (req.params as { id: string }).id, parseInstant('from', b.from), parseInstant('to', b.to), b.overlap);
      return reply.code(202).send({ backfilled: true });
    }),
  );

  app.put('/api/schedules/:id/baseline', { schema: { summary: 'Pin a completed run as the schedule baseline', tags, params: idParam, body: { type: 'object', required: ['experimentId'], properties: { experimentId: { type: 'string' } } } } }, async (req) =>
    mapped(async () => {
      const view = await describeSchedule(ctx.client, (req.params as { id: string }).id);
      const root = view.outputRoot ?? ctx.root;
      const runId = (req.body as { experimentId: string }).experimentId;
      const s = readSummary(folderOf(root, runId));
      if (s.experiment.status !== 'completed') throw new HttpError(400, `${runId} ${s.experiment.status}; pin a completed run`);
      writeBaseline(root, { scheduleId: view.id, baselineId: runId, pinnedBy: 'user', pinnedAt: new Date().toISOString() });
      return readBaseline(root, view.id);
    }),
  );

  app.get('/api/schedules/:id/trend', { schema: { summary: "The schedule's runs with headline metrics and verdicts, oldest first", tags, params: idParam } }, async (req) => mapped(() => scheduleTrend(ctx, (req.params as { id: string }).id)));
}
