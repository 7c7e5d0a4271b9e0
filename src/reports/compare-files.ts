/**
 * Comparison I/O: reads runs' summary.json, their per-second samples and merged histograms
 * (metrics/clients/*.result.json, else reports/raw_results.csv) and the recipe's comparison settings
 * (thresholds, alpha) from their folders, and writes the comparison files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createLatencyHistogram, decodeHistogram } from '../clients/results/histogram';
import type { ClientResult } from '../clients/results/result-file';
import { readResultFile } from '../clients/results/result-reader';
import { parseRecipe } from '../recipe/load';
import { writeFileAtomic, writeJsonAtomic } from '../store/atomic-write';
import { ExperimentFolder } from '../store/experiment-folder';
import { compareSummaries, comparisonCsv, comparisonMarkdown, DEFAULT_STATISTICS, DEFAULT_THRESHOLDS, type Comparison, type RunInput, type StatisticsOptions, type Thresholds } from './compare';
import { perSecondSamples, type InstanceSeries, type QuantileSource, type RunSamples } from './statistics';
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

/** What a run's recipe says about comparisons: reporting.thresholds and reporting.alpha. */
export interface RecipeComparison {
  thresholds: Thresholds;
  /** Significance level (default 0.05). */
  alpha: number;
}

/** The recipe's reporting.thresholds (defaults p99 +10 %, throughput -10 %); the defaults when the recipe is unreadable. */
export function recipeThresholds(folder: ExperimentFolder): Thresholds {
  return recipeComparison(folder).thresholds;
}

/** The recipe's comparison settings: reporting.thresholds and reporting.alpha, each its default when the recipe is unreadable or lacks it. */
export function recipeComparison(folder: ExperimentFolder): RecipeComparison {
  const defaults = (): RecipeComparison => ({ thresholds: { ...DEFAULT_THRESHOLDS }, alpha: DEFAULT_STATISTICS.alpha });
  if (!existsSync(folder.recipeFile)) return defaults();
  const text = readFileSync(folder.recipeFile, 'utf8');
  const parsed = parseRecipe(text);
  if (parsed.ok) return { thresholds: { ...DEFAULT_THRESHOLDS, ...parsed.recipe.reporting.thresholds }, alpha: parsed.recipe.reporting.alpha };
  // A recipe from an older bench may no longer validate: its settings still count.
  try {
    const r = (YAML.parse(text) as { reporting?: { thresholds?: Record<string, unknown>; alpha?: unknown } })?.reporting ?? {};
    const t = r.thresholds ?? {};
    const num = (v: unknown, d: number) => (typeof v === 'number' && v >= 0 ? v : d);
    return {
      thresholds: { p99IncreasePct: num(t.p99IncreasePct, DEFAULT_THRESHOLDS.p99IncreasePct), throughputDecreasePct: num(t.throughputDecreasePct, DEFAULT_THRESHOLDS.throughputDecreasePct) },
      alpha: typeof r.alpha === 'number' && r.alpha > 0 && r.alpha < 0.5 ? r.alpha : DEFAULT_STATISTICS.alpha,
    };
  } catch {
    return defaults();
  }
}

/**
 * A run with the samples its folder holds: the client result files (per-second series and encoded
 * histograms), else reports/raw_results.csv (per-second series only); no samples when neither is there.
 */
export function readRun(folder: ExperimentFolder): RunInput {
  const summary = readSummary(folder);
  const samples = readSamples(folder);
  return samples ? { summary, samples } : { summary };
}

export function readSamples(folder: ExperimentFolder): RunSamples | undefined {
  const results = readResults(folder);
  if (results.length) {
    const h = createLatencyHistogram();
    for (const r of results) h.add(decodeHistogram(r.histogram));
    const latency: QuantileSource = { count: h.totalCount, valueAt: (q) => h.getValueAtPercentile(q * 100) / 1000 };
    return { perSecond: perSecondSamples(results), latency, source: `metrics/clients/*.result.json (${results.length} instance${results.length === 1 ? '' : 's'})` };
  }
  if (existsSync(folder.rawResultsCsv)) {
    const instances = rawResultsSeries(readFileSync(folder.rawResultsCsv, 'utf8'));
    if (instances.length) return { perSecond: perSecondSamples(instances), source: `reports/raw_results.csv (${instances.length} instance${instances.length === 1 ? '' : 's'})` };
  }
  return undefined;
}

/** Readable result files (an unreadable one is left out: the summary already warned about it). */
function readResults(folder: ExperimentFolder): ClientResult[] {
  if (!existsSync(folder.clientsDir)) return [];
  const out: ClientResult[] = [];
  for (const f of readdirSync(folder.clientsDir).filter((n) => n.endsWith('.result.json')).sort()) {
    try {
      out.push(readResultFile(path.join(folder.clientsDir, f)));
    } catch {
      // Partial or foreign file: compare with what can be read.
    }
  }
  return out;
}

/** reports/raw_results.csv rows grouped by instance (latencies back to microseconds). */
export function rawResultsSeries(csv: string): InstanceSeries[] {
  const [header, ...rows] = csv.trim().split('\n');
  const cols = (header ?? '').split(',');
  const at = (name: string) => cols.indexOf(name);
  const [iGroup, iInstance, iSecond, iReq, iP50, iP90, iP99] = ['group', 'instance', 'second', 'requests', 'p50_ms', 'p90_ms', 'p99_ms'].map(at);
  if ([iInstance, iSecond, iReq, iP50, iP90, iP99].some((i) => i < 0)) return [];
  const byInstance = new Map<string, { second: number; requests: number; p50Us: number; p90Us: number; p99Us: number }[]>();
  for (const row of rows) {
    // Group and instance names may be quoted.
    const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
    const second = Number(cells[iSecond]);
    if (!Number.isFinite(second)) continue;
    const key = `${cells[iGroup] ?? ''}\u0000${cells[iInstance]}`;
    const list = byInstance.get(key) ?? byInstance.set(key, []).get(key)!;
    list.push({ second, requests: Number(cells[iReq]) || 0, p50Us: (Number(cells[iP50]) || 0) * 1000, p90Us: (Number(cells[iP90]) || 0) * 1000, p99Us: (Number(cells[iP99]) || 0) * 1000 });
  }
  return [...byInstance.values()].map((list) => ({ series: list.sort((a, b) => a.second - b.second) }));
}

export interface CompareRunsOptions {
  /** Override the baseline recipe's thresholds. */
  thresholds?: Partial<Thresholds>;
  /** Significance level (default: the baseline recipe's reporting.alpha), resamples, seed, fewest samples (defaults: compare.ts DEFAULT_STATISTICS). */
  statistics?: Partial<StatisticsOptions>;
  /** Write the comparison into each compared run's reports/ folder. */
  write?: boolean;
}

/** Separates the repetitions of one side in an id argument: "a+b+c" (a space, as "+" decodes in a URL query, too). */
export const REPETITION_SEPARATOR = /[+\s]+/;

/**
 * Compares runs (first = baseline) found under one experiments root. Each element of `ids` is one
 * side: a run id, or the ids of its repetitions joined with "+" ("base-1+base-2+base-3").
 */
export function compareRuns(root: string, ids: string[], opts: CompareRunsOptions = {}): { comparison: Comparison; files: string[] } {
  const sides = ids.map((arg) => arg.split(REPETITION_SEPARATOR).filter(Boolean)).filter((s) => s.length > 0);
  if (sides.length < 2) throw new CompareInputError('compare needs a baseline id and at least one other id', 400);
  const folders = sides.map((s) => s.map((id) => folderOf(root, id)));
  const runs = folders.map((s) => s.map(readRun));
  // The baseline recipe's settings, unless the caller (--threshold-*, --alpha, the API's query) says otherwise.
  const fromRecipe = recipeComparison(folders[0][0]);
  const thresholds: Thresholds = { ...fromRecipe.thresholds, ...definedOnly(opts.thresholds ?? {}) };
  const statistics = { alpha: fromRecipe.alpha, ...definedOnly(opts.statistics ?? {}) };
  if (statistics.alpha !== undefined && !(statistics.alpha > 0 && statistics.alpha < 1)) throw new CompareInputError(`alpha must be between 0 and 1 (exclusive), got ${statistics.alpha}`, 400);
  const comparison = compareSummaries(runs[0], runs.slice(1), thresholds, statistics);
  const files = opts.write === false ? [] : folders.slice(1).flatMap((s) => s.flatMap((f) => writeComparison(f, comparison)));
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
