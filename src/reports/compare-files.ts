/** Comparison I/O: reads runs' summary.json and recipe thresholds from their folders, writes the comparison files. */
import { existsSync, readFileSync } from 'node:fs';
import YAML from 'yaml';
import { parseRecipe } from '../recipe/load';
import { writeFileAtomic, writeJsonAtomic } from '../store/atomic-write';
import { ExperimentFolder } from '../store/experiment-folder';
import { compareSummaries, comparisonCsv, comparisonMarkdown, DEFAULT_THRESHOLDS, type Comparison, type Thresholds } from './compare';
import { READABLE_SUMMARY_VERSIONS, type Summary } from './summary-schema';

/** Bad input to a comparison: an unknown id, a run without a summary. The CLI exits 2, the API answers 404. */
export class CompareInputError extends Error {
  override name = 'CompareInputError';
  /** 400: the request can never work (unsafe id); 404: something named does not exist. */
  constructor(
    message: string,
    readonly status: 400 | 404 = 404,
  ) {
    super(message);
  }
}

export function folderOf(root: string, id: string): ExperimentFolder {
  let folder: ExperimentFolder;
  try {
    folder = new ExperimentFolder(root, id);
  } catch (e) {
    throw new CompareInputError((e as Error).message, 400);
  }
  if (!existsSync(folder.dir)) throw new CompareInputError(`no experiment folder ${id} under ${folder.root} (is the id right? use --output for another experiments folder)`);
  return folder;
}

export function readSummary(folder: ExperimentFolder): Summary {
  if (!existsSync(folder.summaryFile)) throw new CompareInputError(`${folder.id} has no metrics/summary.json (still running, or it failed before collecting results)`);
  let s: Summary;
  try {
    s = JSON.parse(readFileSync(folder.summaryFile, 'utf8')) as Summary;
  } catch (e) {
    throw new CompareInputError(`${folder.summaryFile} is not valid JSON: ${(e as Error).message}`);
  }
  if (!READABLE_SUMMARY_VERSIONS.includes(s.schemaVersion)) throw new CompareInputError(`${folder.summaryFile} has schemaVersion ${String(s.schemaVersion)}; this bench reads versions ${READABLE_SUMMARY_VERSIONS.join(', ')}`);
  return s;
}

/** The recipe's reporting.thresholds (defaults p99 +10 %, throughput -10 %); the defaults when the recipe is unreadable. */
export function recipeThresholds(folder: ExperimentFolder): Thresholds {
  if (!existsSync(folder.recipeFile)) return { ...DEFAULT_THRESHOLDS };
  const text = readFileSync(folder.recipeFile, 'utf8');
  const parsed = parseRecipe(text);
  if (parsed.ok) return { ...DEFAULT_THRESHOLDS, ...parsed.recipe.reporting.thresholds };
  // A recipe from an older bench may no longer validate: its thresholds still count.
  try {
    const t = (YAML.parse(text) as { reporting?: { thresholds?: Record<string, unknown> } })?.reporting?.thresholds ?? {};
    const num = (v: unknown, d: number) => (typeof v === 'number' && v >= 0 ? v : d);
    return { p99IncreasePct: num(t.p99IncreasePct, DEFAULT_THRESHOLDS.p99IncreasePct), throughputDecreasePct: num(t.throughputDecreasePct, DEFAULT_THRESHOLDS.throughputDecreasePct) };
  } catch {
    return { ...DEFAULT_THRESHOLDS };
  }
}

export interface CompareRunsOptions {
  /** Override the baseline recipe's thresholds. */
  thresholds?: Partial<Thresholds>;
  /** Write the comparison into each compared run's reports/ folder. */
  write?: boolean;
}

/** Compares runs (first id = baseline) found under one experiments root. */
export function compareRuns(root: string, ids: string[], opts: CompareRunsOptions = {}): { comparison: Comparison; files: string[] } {
  if (ids.length < 2) throw new CompareInputError('compare needs a baseline id and at least one other id', 400);
  const folders = ids.map((id) => folderOf(root, id));
  const summaries = folders.map(readSummary);
  const thresholds: Thresholds = { ...recipeThresholds(folders[0]), ...definedOnly(opts.thresholds ?? {}) };
  const comparison = compareSummaries(summaries[0], summaries.slice(1), thresholds);
  const files = opts.write === false ? [] : folders.slice(1).flatMap((f) => writeComparison(f, comparison));
  return { comparison, files };
}

export function writeComparison(folder: ExperimentFolder, c: Comparison): string[] {
  const json = folder.comparisonFile(c.baseline.id, 'json');
  const md = folder.comparisonFile(c.baseline.id, 'md');
  const csv = folder.comparisonFile(c.baseline.id, 'csv');
  folder.create();
  writeJsonAtomic(json, c);
  writeFileAtomic(md, comparisonMarkdown(c));
  writeFileAtomic(csv, comparisonCsv(c));
  return [json, md, csv];
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
