/**
 * Telling a sweep's folder from an experiment's: a sweep folder (store/sweep-folder.ts) has sweep.yaml
 * and a metrics/summary.json with a `sweepId` (an experiment's summary has none).
 */
import { existsSync, readFileSync } from 'node:fs';
import { SweepFolder } from '../../store/sweep-folder';
import type { SweepSummary } from './sweep-summary';

/** A parsed summary.json is a sweep's (not an experiment's). */
export function isSweepSummary(v: unknown): v is SweepSummary {
  return typeof v === 'object' && v !== null && typeof (v as { sweepId?: unknown }).sweepId === 'string';
}

/** The sweep summary of a folder, or undefined when the folder is not a sweep's (no sweep.yaml, an experiment's or unreadable summary, a name that is no id). */
export function readSweepFolderSummary(folder: SweepFolder | string): SweepSummary | undefined {
  let f: SweepFolder;
  try {
    f = typeof folder === 'string' ? SweepFolder.at(folder) : folder;
  } catch {
    return undefined;
  }
  if (!existsSync(f.recipeFile) || !existsSync(f.summaryFile)) return undefined;
  try {
    const v = JSON.parse(readFileSync(f.summaryFile, 'utf8')) as unknown;
    return isSweepSummary(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
