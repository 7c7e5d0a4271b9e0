/**
 * bench schedules: a thin layer over Temporal Schedules (client.schedule), so `temporal schedule`
 * and the Temporal UI show and control the same schedules. Used by the CLI and the HTTP API.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { checkRecipe } from '../recipe/check';
import { REGRESSION } from '../temporal/search-attributes';
import { formatIssues } from '../recipe/errors';
import { formatDuration as formatShort } from '../recipe/duration';
import { assertSafeExperimentId } from '../store/experiment-id';
import type { ExperimentInput } from '../workflows/types';
import { experimentAction } from './schedule-action';
import { checkScheduleRequest, OVERLAP_POLICIES, ScheduleOptionError, type ScheduleRequest } from './schedule-options';

/** A request that can never work: unknown schedule, bad option, invalid recipe. CLI exit 2, API 4xx. */
export class ScheduleInputError extends Error {
  override name = 'ScheduleInputError';
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 422 = 400,
  ) {
    super(message);
  }
}

export interface CreateScheduleInput {
  id?: string;
  recipeText: string;
  /** A path, for messages and relative files of the recipe; "api" from the HTTP API. */
  recipeSource: string;
  outputRoot: string;
  taskQueue: string;
  request: ScheduleRequest;
  note?: string;
}

export interface ScheduleView {
  id: string;
  recipe: string;
  spec: string;
  overlap: string;
  pauseOnFailure: boolean;
  failOnRegression: boolean;
  paused: boolean;
  note?: string;
  outputRoot?: string;
  taskQueue?: string;
  actionsTaken: number;
  nextRuns: string[];
  recentRuns: { experimentId: string; scheduledAt: string; startedAt: string }[];
  running: string[];
  createdAt: string;
}

function checkId(id: string): void {
  try {
    assertSafeExperimentId(id);
  } catch (e) {
    throw new ScheduleInputError((e as Error).message.replace('experiment id', 'schedule id'));
  }
}

/**
 * Scheduled runs record their verdict in BenchRegression. A server that was set up before bench had it
 * (an existing dev-server database, a cluster registered by an older compose file) gets it here, best
 * effort: where the operator API is not allowed (Temporal Cloud), register it in the namespace settings.
 */
export async function ensureRegressionAttribute(client: Client): Promise<string | undefined> {
  try {
    await client.connection.operatorService.addSearchAttributes({ namespace: client.options.namespace, searchAttributes: { [REGRESSION.name]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD } });
    return undefined;
  } catch (e) {
    if (/already exists/i.test((e as Error).message)) return undefined;
    return `could not register the search attribute ${REGRESSION.name} (${(e as Error).message}); register it as Keyword, or scheduled runs cannot record their verdict`;
  }
}

export async function createSchedule(client: Client, c: CreateScheduleInput): Promise<string> {
  const parsed = checkRecipe(c.recipeText);
  if (!parsed.ok) throw new ScheduleInputError(`${c.recipeSource}: ${parsed.issues.length} problem(s)\n${formatIssues(c.recipeSource, parsed.issues)}`, 422);
  const id = c.id ?? parsed.recipe.name;
  checkId(id);
  let checked;
  try {
    checked = checkScheduleRequest(c.request);
  } catch (e) {
    if (e instanceof ScheduleOptionError) throw new ScheduleInputError(e.message);
    throw e;
  }
  const warning = await ensureRegressionAttribute(client);
  if (warning) process.emitWarning(warning);
  try {
    await client.schedule.create({
      scheduleId: id,
      spec: checked.spec,
      action: experimentAction({ scheduleId: id, recipe: parsed.recipe, recipeText: c.recipeText, recipeSource: c.recipeSource, outputRoot: c.outputRoot, taskQueue: c.taskQueue, failOnRegression: c.request.failOnRegression }),
      policies: { overlap: checked.overlap, pauseOnFailure: checked.pauseOnFailure },
      memo: { benchRecipe: parsed.recipe.name, createdBy: 'bench' },
      state: c.note ? { note: c.note } : undefined,
    });
  } catch (e) {
    if (e instanceof ScheduleAlreadyRunning) throw new ScheduleInputError(`a schedule with id ${id} already exists; choose another --id, or delete it first`, 409);
    throw e;
  }
  return id;
}

async function describeRaw(client: Client, id: string): Promise<ScheduleDescription> {
  checkId(id);
  try {
    return await client.schedule.getHandle(id).describe();
  } catch (e) {
    if (e instanceof ScheduleNotFoundError) throw new ScheduleInputError(`no schedule ${id} (see \`bench schedule list\`)`, 404);
    throw e;
  }
}

function inputOf(d: ScheduleDescription): ExperimentInput | undefined {
  return d.action.type === 'startWorkflow' && d.action.workflowType === 'experiment' ? (d.action.args?.[0] as ExperimentInput | undefined) : undefined;
}

function specText(d: Pick<ScheduleDescription, 'spec'>): string {
  const parts = (d.spec.intervals ?? []).map((i) => `every ${formatDuration(Number(i.every))}`);
  // Temporal turns cron expressions into calendars; show the fields that are not "every".
  for (const c of d.spec.calendars ?? []) parts.push(`calendar ${calendarText(c as unknown as Record<string, unknown>)}`);
  if (d.spec.jitter) parts.push(`jitter ${formatDuration(Number(d.spec.jitter))}`);
  if (d.spec.timezone) parts.push(`tz ${d.spec.timezone}`);
  return parts.join(', ') || '(none)';
}

function calendarText(c: Record<string, unknown>): string {
  const fields = Object.entries(c)
    .filter(([k, v]) => k !== 'comment' && Array.isArray(v) && !(v.length === 1 && JSON.stringify(v[0]) === JSON.stringify({ start: 0, end: k === 'hour' ? 23 : k === 'minute' || k === 'second' ? 59 : 0, step: 1 })))
    .map(([k, v]) => `${k}=${(v as { start: unknown; end?: unknown; step?: number }[]).map((r) => (r.end === undefined || r.end === r.start ? String(r.start) : `${String(r.start)}-${String(r.end)}${r.step && r.step !== 1 ? `/${r.step}` : ''}`)).join(',')}`);
  return fields.join(' ') || JSON.stringify(c);
}

const formatDuration = (ms: number) => (ms >= 86_400_000 && ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : formatShort(ms));

const overlapName = (p: string | undefined) => Object.entries(OVERLAP_POLICIES).find(([, v]) => v === p)?.[0] ?? String(p);

export async function describeSchedule(client: Client, id: string): Promise<ScheduleView> {
  const d = await describeRaw(client, id);
  const input = inputOf(d);
  const recipe = input ? checkRecipe(input.recipeText) : undefined;
  return {
    id,
    recipe: recipe?.ok ? recipe.recipe.name : String(d.memo?.benchRecipe ?? ''),
    spec: specText(d),
    overlap: overlapName(d.policies.overlap),
    pauseOnFailure: d.policies.pauseOnFailure,
    failOnRegression: Boolean(input?.failOnRegression),
    paused: d.state.paused,
    note: d.state.note || undefined,
    outputRoot: input?.outputRoot,
    taskQueue: d.action.type === 'startWorkflow' ? d.action.taskQueue : undefined,
    actionsTaken: d.info.numActionsTaken,
    nextRuns: d.info.nextActionTimes.map((t) => t.toISOString()),
    recentRuns: d.info.recentActions.map((a) => ({ experimentId: a.action.workflow.workflowId, scheduledAt: a.scheduledAt.toISOString(), startedAt: a.takenAt.toISOString() })),
    running: d.info.runningActions.map((a) => a.workflow.workflowId),
    createdAt: d.info.createdAt.toISOString(),
  };
}

/** bench's schedules (those whose action starts the experiment workflow). */
export async function listSchedules(client: Client): Promise<{ id: string; recipe: string; spec: string; paused: boolean; nextRun?: string; note?: string }[]> {
  const out = [];
  for await (const s of client.schedule.list()) {
    if (s.action?.type !== 'startWorkflow' || s.action.workflowType !== 'experiment') continue;
    out.push({ id: s.scheduleId, recipe: String(s.memo?.benchRecipe ?? ''), spec: s.spec ? specText({ spec: s.spec }) : '', paused: s.state.paused, nextRun: s.info.nextActionTimes[0]?.toISOString(), note: s.state.note || undefined });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

export async function pauseSchedule(client: Client, id: string, note?: string): Promise<void> {
  await describeRaw(client, id);
  await client.schedule.getHandle(id).pause(note ?? 'paused with bench');
}

export async function unpauseSchedule(client: Client, id: string, note?: string): Promise<void> {
  await describeRaw(client, id);
  await client.schedule.getHandle(id).unpause(note ?? 'unpaused with bench');
}

/** Runs the schedule's action now (overlap: the schedule's own policy unless given). */
export async function triggerSchedule(client: Client, id: string, overlap?: string): Promise<void> {
  const d = await describeRaw(client, id);
  const policy = overlap ? OVERLAP_POLICIES[overlap as keyof typeof OVERLAP_POLICIES] : d.policies.overlap;
  if (!policy) throw new ScheduleInputError(`overlap "${overlap}" is not one of ${Object.keys(OVERLAP_POLICIES).join(', ')}`);
  await client.schedule.getHandle(id).trigger(policy);
}

export async function backfillSchedule(client: Client, id: string, from: Date, to: Date, overlap?: string): Promise<void> {
  if (!(from < to)) throw new ScheduleInputError(`--from (${from.toISOString()}) must be before --to (${to.toISOString()})`);
  const d = await describeRaw(client, id);
  const policy = overlap ? OVERLAP_POLICIES[overlap as keyof typeof OVERLAP_POLICIES] : 'BUFFER_ALL';
  if (!policy) throw new ScheduleInputError(`overlap "${overlap}" is not one of ${Object.keys(OVERLAP_POLICIES).join(', ')}`);
  void d;
  await client.schedule.getHandle(id).backfill({ start: from, end: to, overlap: policy });
}

export async function deleteSchedule(client: Client, id: string): Promise<void> {
  await describeRaw(client, id);
  await client.schedule.getHandle(id).delete();
}

/** Replaces the recipe the schedule runs (spec and policies stay). */
export async function updateScheduleRecipe(client: Client, id: string, recipeText: string, recipeSource: string): Promise<void> {
  const parsed = checkRecipe(recipeText);
  if (!parsed.ok) throw new ScheduleInputError(`${recipeSource}: ${parsed.issues.length} problem(s)\n${formatIssues(recipeSource, parsed.issues)}`, 422);
  const d = await describeRaw(client, id);
  const input = inputOf(d);
  if (!input || d.action.type !== 'startWorkflow') throw new ScheduleInputError(`schedule ${id} does not start bench experiments`);
  const taskQueue = d.action.taskQueue;
  await client.schedule.getHandle(id).update((prev) => ({
    ...prev,
    action: experimentAction({ scheduleId: id, recipe: parsed.recipe, recipeText, recipeSource, outputRoot: input.outputRoot, taskQueue, failOnRegression: input.failOnRegression }),
    memo: { ...(prev.memo ?? {}), benchRecipe: parsed.recipe.name },
  }));
}

/** Where the schedule's runs are written (from its action), for baselines and trends. */
export async function scheduleOutputRoot(client: Client, id: string): Promise<string> {
  const input = inputOf(await describeRaw(client, id));
  if (!input) throw new ScheduleInputError(`schedule ${id} does not start bench experiments`);
  return input.outputRoot;
}
