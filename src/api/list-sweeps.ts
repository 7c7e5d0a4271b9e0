/**
 * Sweeps, from the experiments folder: every experiments/{id}/ with sweep.yaml and a summary.json that
 * has a sweepId (the folder is rewritten after every point, so this sees running and interrupted
 * sweeps too, and ones Temporal no longer remembers). Shared by the API and the web UI.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readSweepFolderSummary } from '../reports/sweep/read-sweep-summary';
import type { SweepSummary } from '../reports/sweep/sweep-summary';
import { SweepFolder } from '../store/sweep-folder';
import { HttpError, type ApiContext } from './context';

export interface SweepRow {
  /** The folder name (the sweep id). */
  id: string;
  recipe: string;
  status: string;
  backend: string;
  parameters: string[];
  repetitions: number;
  runsDone: number;
  runsPlanned: number;
  runsFailed: number;
  startedAt: string;
  updatedAt: string;
  search?: { parameter: string; state: string; found?: number };
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export function sweepRow(id: string, s: SweepSummary): SweepRow {
  const rows = Array.isArray(s.rows) ? s.rows : [];
  return {
    id,
    recipe: text(s.recipe),
    status: text(s.status),
    backend: text(s.backend),
    parameters: Array.isArray(s.parameters) ? s.parameters.map(text) : [],
    repetitions: Number(s.repetitions) || 0,
    runsDone: rows.filter((r) => r.status !== 'running').length,
    runsPlanned: Math.max(Number(s.plannedRuns) || 0, rows.length),
    runsFailed: rows.filter((r) => r.status === 'failed').length,
    startedAt: text(s.startedAt),
    updatedAt: text(s.updatedAt),
    ...(s.search ? { search: { parameter: text(s.search.parameter), state: text(s.search.state), ...(typeof s.search.found === 'number' ? { found: s.search.found } : {}) } } : {}),
  };
}

/** Newest first (by startedAt), at most limit. */
export function listSweeps(root: string, opts: { recipe?: string; status?: string; limit?: number } = {}): SweepRow[] {
  if (!existsSync(root)) return [];
  const limit = Math.max(1, Math.min(opts.limit ?? 200, 1000));
  const rows: SweepRow[] = [];
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name.startsWith('.')) continue;
    const s = readSweepFolderSummary(path.join(root, d.name));
    if (!s) continue;
    const row = sweepRow(d.name, s);
    if (opts.recipe && row.recipe !== opts.recipe) continue;
    if (opts.status && row.status !== opts.status) continue;
    rows.push(row);
  }
  return rows.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id)).slice(0, limit);
}

/** The sweep folder of an id from a request (validated), with its summary; 404 when it is not a sweep. */
export function sweepFor(ctx: Pick<ApiContext, 'root'>, id: string): { folder: SweepFolder; summary: SweepSummary } {
  let folder: SweepFolder;
  try {
    folder = new SweepFolder(ctx.root, id);
  } catch (e) {
    throw new HttpError(400, (e as Error).message);
  }
  const summary = readSweepFolderSummary(folder);
  if (!summary) throw new HttpError(404, `no sweep ${id} (a sweep folder has sweep.yaml and metrics/summary.json with a sweepId)`);
  return { folder, summary };
}

/** Whether experiments/{id} is a sweep's folder (false for ids that are not safe). */
export function isSweepId(ctx: Pick<ApiContext, 'root'>, id: string): boolean {
  try {
    return readSweepFolderSummary(new SweepFolder(ctx.root, id)) !== undefined;
  } catch {
    return false;
  }
}
