/** What the API and the web UI share: the Temporal client, where experiments live, and request-error mapping. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { existsSync, readFileSync } from 'node:fs';
import type { Summary } from '../reports/summary-schema';
import { isSweepSummary } from '../reports/sweep/read-sweep-summary';
import { ExperimentFolder } from '../store/experiment-folder';
import type { TemporalConfig } from '../temporal/config';
import { progressQuery } from '../workflows/queries';
import type { ExperimentProgress } from '../workflows/types';

export interface ApiContext {
  client: Client;
  temporal: TemporalConfig;
  /** The experiments folder this server reads (and new experiments write to). */
  root: string;
  taskQueue: string;
}

/** An error with an HTTP status; the message is safe to show. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The folder of an id from a request: the id is validated (no '/', no '..') before any path is built. */
export function folderFor(ctx: ApiContext, id: string): ExperimentFolder {
  try {
    return new ExperimentFolder(ctx.root, id);
  } catch (e) {
    throw new HttpError(400, (e as Error).message);
  }
}

export interface ExperimentView {
  id: string;
  status: string;
  startTime: string;
  closeTime?: string;
  searchAttributes: Record<string, unknown>;
  progress?: ExperimentProgress;
  summary?: Summary;
  files: { summary: boolean; rawResultsCsv: boolean; reportPdf: boolean; reportHtml: boolean };
}

export async function experimentView(ctx: ApiContext, id: string): Promise<ExperimentView> {
  const folder = folderFor(ctx, id);
  const handle = ctx.client.workflow.getHandle(id);
  const desc = await handle.describe().catch((e) => {
    if (e instanceof WorkflowNotFoundError) return undefined;
    throw e;
  });
  if (!desc) return folderOnlyView(folder);
  let timer: NodeJS.Timeout | undefined;
  const progress = (await Promise.race([handle.query(progressQuery), new Promise<undefined>((r) => (timer = setTimeout(r, 3000, undefined)))]).catch(() => undefined)) as ExperimentProgress | undefined;
  clearTimeout(timer);
  const parsed = existsSync(folder.summaryFile) ? (JSON.parse(readFileSync(folder.summaryFile, 'utf8')) as unknown) : undefined;
  // A sweep's folder holds a sweep summary (see /api/sweeps), not an experiment's.
  const summary = isSweepSummary(parsed) ? undefined : (parsed as Summary | undefined);
  return {
    id,
    status: desc.status.name,
    startTime: desc.startTime.toISOString(),
    closeTime: desc.closeTime?.toISOString(),
    searchAttributes: desc.searchAttributes as Record<string, unknown>,
    progress,
    summary,
    files: { summary: Boolean(summary), rawResultsCsv: existsSync(folder.rawResultsCsv), reportPdf: existsSync(folder.reportPdf), reportHtml: existsSync(folder.reportHtml) },
  };
}

/** A run Temporal no longer knows (past the namespace's retention, another server) still has its folder. */
function folderOnlyView(folder: ExperimentFolder): ExperimentView {
  if (!existsSync(folder.summaryFile)) throw new HttpError(404, `no experiment ${folder.id}`);
  const parsed = JSON.parse(readFileSync(folder.summaryFile, 'utf8')) as unknown;
  if (isSweepSummary(parsed)) throw new HttpError(404, `${folder.id} is a sweep, not an experiment: see /api/sweeps/${folder.id}`);
  const summary = parsed as Summary;
  return {
    id: folder.id,
    status: summary.experiment.status.toUpperCase(),
    startTime: summary.experiment.startedAt,
    closeTime: summary.experiment.endedAt,
    searchAttributes: { BenchRecipe: [summary.experiment.recipe], BenchBackend: [summary.experiment.backend], ...(summary.regression ? { BenchSchedule: [summary.regression.scheduleId] } : {}) },
    summary,
    files: { summary: true, rawResultsCsv: existsSync(folder.rawResultsCsv), reportPdf: existsSync(folder.reportPdf), reportHtml: existsSync(folder.reportHtml) },
  };
}
