/**
 * A sweep's points: the cartesian product of its parameters, less `exclude`, plus `include`, each
 * point a whole recipe of its own. Pure: the CLI validates with it and the sweep workflow plans with
 * it (through a local activity, so the plan is recorded in the history).
 */
import type { RawIssue } from './cross-references';
import { parseSweepPath, setAtPath } from './sweep-path';
import { searchLimit, type SweepConfig } from './sweep-schema';

/** A sweep larger than this is almost certainly a typo in a value list. */
export const MAX_SWEEP_RUNS = 1000;

export interface SweepPoint {
  index: number;
  /** Recipe path → value at this point. */
  values: Record<string, unknown>;
  /** Short human form, e.g. "connections=16 valueSize=1024". */
  label: string;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Points in plan order: the first parameter varies slowest, like nested loops written in recipe order. */
export function sweepPoints(sweep: Pick<SweepConfig, 'parameters' | 'exclude' | 'include'>): SweepPoint[] {
  const keys = Object.keys(sweep.parameters);
  let combos: Loose[] = keys.length ? [{}] : [];
  for (const key of keys) combos = combos.flatMap((c) => sweep.parameters[key].map((v) => ({ ...c, [key]: v })));
  combos = combos.filter((c) => !sweep.exclude.some((ex) => Object.entries(ex).every(([k, v]) => sameValue(c[k], v))));
  for (const extra of sweep.include) if (!combos.some((c) => sameShape(c, extra))) combos.push({ ...extra });
  const columns = [...new Set(combos.flatMap((c) => Object.keys(c)))];
  return combos.map((values, index) => ({ index, values, label: pointLabel(values, columns) }));
}

/** The point's recipe object: the base recipe without `sweep:`, with the point's values set. */
export function pointRecipeObject(base: Loose, values: Record<string, unknown>): { ok: true; recipe: Loose } | { ok: false; key: string; message: string } {
  const { sweep: _sweep, ...rest } = base;
  const recipe = JSON.parse(JSON.stringify(rest)) as Loose;
  for (const [key, value] of Object.entries(values)) {
    const path = parseSweepPath(key);
    if (!path.ok) return { ok: false, key, message: `"${key}" is not a recipe path: ${path.message}` };
    const set = setAtPath(recipe, path.steps, JSON.parse(JSON.stringify(value ?? null)));
    if (!set.ok) return { ok: false, key, message: `"${key}" does not fit the recipe: ${set.message}` };
  }
  return { ok: true, recipe };
}

/** The parameter columns of a sweep, in recipe order (include-only paths last). */
export function sweepColumns(sweep: Pick<SweepConfig, 'parameters' | 'include' | 'search'>): string[] {
  return [...new Set([...Object.keys(sweep.parameters), ...sweep.include.flatMap((p) => Object.keys(p)), ...(sweep.search ? [sweep.search.parameter] : [])])];
}

type Validate = (raw: unknown) => { ok: boolean; issues: { rawPath: (string | number)[]; path: string; message: string; hint?: string }[] };

/**
 * Every problem of the sweep block: paths that do not fit the recipe, exclude/include keys that are
 * not swept, and each point validated as the whole recipe it becomes. Problems shared by several
 * points are reported once, naming the points.
 */
export function sweepIssues(raw: unknown, validate: Validate): RawIssue[] {
  if (!isObject(raw) || !isObject(raw.sweep)) return [];
  const sweep = raw.sweep;
  const parameters = isObject(sweep.parameters) ? sweep.parameters : {};
  const lists = Object.entries(parameters).filter(([, v]) => Array.isArray(v) && v.length > 0) as [string, unknown[]][];
  const search = isObject(sweep.search) ? sweep.search : undefined;
  const issues: RawIssue[] = [];
  const hasInclude = Array.isArray(sweep.include) && sweep.include.length > 0;
  if (Object.keys(parameters).length === 0 && !search && !hasInclude) {
    issues.push({ path: ['sweep'], message: 'a sweep needs parameters (path: [values]), include points or a search', hint: 'e.g. parameters: { "workload.clients[load].executor.connections": [1, 4, 16] }' });
  }
  if (search && Object.keys(parameters).length > 0) {
    issues.push({ path: ['sweep', 'search'], message: 'a search varies one rate by itself: use either search or parameters, not both', hint: 'run one sweep per fixed setting, each with its own search' });
  }
  if (search && typeof search.metric === 'string' && search.below !== undefined && searchLimit(search as never) === undefined) {
    issues.push({
      path: ['sweep', 'search', 'below'],
      message: search.metric === 'errorRate' ? `${JSON.stringify(search.below)} is not an error-rate limit` : `${JSON.stringify(search.below)} is not a latency limit`,
      hint: search.metric === 'errorRate' ? 'write a percentage like 1% or a ratio like 0.01' : 'write a duration with its unit, like 10ms or 1.5s',
    });
  }
  if (search && typeof search.low === 'number' && typeof search.high === 'number' && search.high <= search.low) {
    issues.push({ path: ['sweep', 'search', 'high'], message: `high (${search.high}) must be above low (${search.low})` });
  }

  const swept = new Set(Object.keys(parameters));
  for (const which of ['exclude'] as const) {
    (Array.isArray(sweep[which]) ? sweep[which] : []).forEach((entry: unknown, i: number) => {
      if (!isObject(entry)) return;
      for (const key of Object.keys(entry)) {
        if (!swept.has(key)) issues.push({ path: ['sweep', which, i, key], message: `"${key}" is not a swept parameter`, hint: swept.size ? `swept: ${[...swept].join(', ')}` : 'add it to sweep.parameters' });
      }
    });
  }

  const runs = lists.reduce((n, [, v]) => n * v.length, lists.length ? 1 : 0) * (typeof sweep.repetitions === 'number' ? sweep.repetitions : 1);
  if (runs > MAX_SWEEP_RUNS) {
    issues.push({ path: ['sweep', 'parameters'], message: `the sweep would run ${runs} experiments; at most ${MAX_SWEEP_RUNS}`, hint: 'fewer values per parameter, exclude points, or split the study into several sweeps' });
    return issues;
  }

  // A path that does not fit the recipe is one problem, whatever the point.
  const misfits = new Set<string>();
  const firstValues: Loose = Object.fromEntries([...lists.map(([k, v]) => [k, v[0]] as const), ...arrayOf(sweep.include).flatMap((p) => Object.entries(p)), ...(search ? [[String(search.parameter), search.low]] : [])]);
  for (const [key, value] of Object.entries(firstValues)) {
    const built = pointRecipeObject(raw, { [key]: value });
    if (!built.ok) {
      misfits.add(key);
      issues.push({ path: keyPath(search, key), message: built.message });
    }
  }
  const fitting = (values: Loose) => Object.fromEntries(Object.entries(values).filter(([k]) => !misfits.has(k)));

  const pointsToCheck: { label: string; values: Loose }[] = search
    ? [search.low, search.high ?? (typeof search.low === 'number' ? search.low * 10 : undefined)]
        .filter((v) => v !== undefined)
        .map((v) => ({ label: `${lastSegment(String(search.parameter))}=${v}`, values: fitting({ [String(search.parameter)]: v }) }))
    : sweepPoints({ parameters: Object.fromEntries(lists), exclude: arrayOf(sweep.exclude), include: arrayOf(sweep.include) }).map((p) => ({ label: p.label, values: fitting(p.values) }));

  // Identical problems at many points are one problem.
  const grouped = new Map<string, { issue: RawIssue; labels: string[] }>();
  const add = (issue: RawIssue, label: string) => {
    const id = `${issue.path.join('\u0000')}\u0001${issue.message}`;
    const seen = grouped.get(id);
    if (seen) seen.labels.push(label);
    else grouped.set(id, { issue, labels: [label] });
  };
  for (const point of pointsToCheck) {
    const built = pointRecipeObject(raw, point.values);
    if (!built.ok) continue;
    const result = validate(built.recipe);
    if (result.ok) continue;
    for (const issue of result.issues) {
      const key = Object.keys(point.values).find((k) => pathMatches(issue.path, k, built.recipe));
      add({ path: key ? keyPath(search, key) : ['sweep'], message: key ? issue.message : `${issue.path || 'the recipe'}: ${issue.message}`, ...(issue.hint ? { hint: issue.hint } : {}) }, point.label);
    }
  }
  return issues.concat([...grouped.values()].map(({ issue, labels }) => ({
    ...issue,
    message: labels.length === pointsToCheck.length && labels.length > 1 ? `at every point (${labels.length}): ${issue.message}` : `at ${labels.length === 1 ? 'point' : `${labels.length} points`} ${labels.slice(0, 3).map((l) => `(${l})`).join(', ')}${labels.length > 3 ? ', …' : ''}: ${issue.message}`,
  })));
}

/** Whether a validation issue's path (e.g. workload.clients[0].executor.connections) lies at or under the swept key. */
function pathMatches(issuePath: string, key: string, recipe: Loose): boolean {
  const path = parseSweepPath(key);
  if (!path.ok) return false;
  const probe = JSON.parse(JSON.stringify(recipe)) as Loose;
  const set = setAtPath(probe, path.steps, null);
  if (!set.ok) return false;
  const concrete = set.at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return issuePath === concrete || issuePath.startsWith(`${concrete}.`) || issuePath.startsWith(`${concrete}[`);
}

function keyPath(search: Loose | undefined, key: string): (string | number)[] {
  return search ? ['sweep', 'search', 'parameter'] : ['sweep', 'parameters', key];
}

function arrayOf(v: unknown): Loose[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function lastSegment(key: string): string {
  return key.split('.').at(-1)!.replace(/\[.*$/, '');
}

function pointLabel(values: Loose, columns: string[]): string {
  const short = columns.map(lastSegment);
  const ambiguous = (i: number) => short.filter((s) => s === short[i]).length > 1;
  return columns
    .filter((c) => c in values)
    .map((c) => `${ambiguous(columns.indexOf(c)) ? c : lastSegment(c)}=${formatValue(values[c])}`)
    .join(' ');
}

export function formatValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameShape(a: Loose, b: Loose): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => sameValue(a[k], b[k]));
}
