import { parse, stringify } from 'yaml';
import { checkRecipe } from '../../recipe/check';
import type { RecipeIssue } from '../../recipe/errors';
import type { Recipe } from '../../recipe/schema';
import { pointRecipeObject, sweepColumns, sweepPoints } from '../../recipe/sweep-plan';
import { readRatio, searchLimit, type SearchMetric } from '../../recipe/sweep-schema';

export interface PlannedPoint {
  index: number;
  values: Record<string, unknown>;
  label: string;
  recipeText: string;
}

export interface SearchPlan {
  parameter: string;
  low: number;
  high: number;
  metric: SearchMetric;
  /** In the metric's unit: ms for latencies, a ratio for errorRate. */
  limit: number;
  /** Relative width of the final bracket. */
  precision: number;
  maxRuns: number;
}

export interface SweepPlan {
  name: string;
  description?: string;
  backend: string;
  serviceKinds: string[];
  columns: string[];
  repetitions: number;
  maxParallel: number;
  /** The load time of one run (longest client group's warmup + duration). */
  loadMsPerRun: number;
  pdf: boolean;
  /** The fixed points (empty for a search, whose points are decided as it goes). */
  points: PlannedPoint[];
  search?: SearchPlan;
}

export type CheckedSweep = { ok: true; plan: SweepPlan } | { ok: false; issues: RecipeIssue[] };

/** Validates a sweep recipe and expands its points, each with the recipe text it runs. */
export function planSweepText(recipeText: string): CheckedSweep {
  const checked = checkRecipe(recipeText);
  if (!checked.ok) return { ok: false, issues: checked.issues };
  const recipe = checked.recipe;
  if (!recipe.sweep) return { ok: false, issues: [{ path: 'sweep', message: 'this recipe has no sweep: block', hint: 'run it as an experiment (bench run), or add sweep.parameters' }] };
  const raw = parse(recipeText) as Record<string, unknown>;
  const sweep = recipe.sweep;
  const points = sweep.search ? [] : sweepPoints(sweep).map((p) => ({ ...p, recipeText: pointRecipeText(raw, recipe.name, p.values, p.label) }));
  return {
    ok: true,
    plan: {
      name: recipe.name,
      ...(recipe.description ? { description: recipe.description } : {}),
      backend: recipe.backend,
      serviceKinds: [...new Set(recipe.services.map((s) => s.kind))],
      columns: sweepColumns(sweep),
      repetitions: sweep.repetitions,
      maxParallel: sweep.maxParallel,
      loadMsPerRun: loadMsOf(recipe),
      pdf: recipe.reporting.formats.includes('pdf'),
      points,
      ...(sweep.search
        ? {
            search: {
              parameter: sweep.search.parameter,
              low: sweep.search.low,
              high: sweep.search.high ?? sweep.search.low * 10,
              metric: sweep.search.metric,
              limit: searchLimit(sweep.search)!,
              precision: readRatio(sweep.search.precision) ?? 0.05,
              maxRuns: sweep.search.maxRuns,
            },
          }
        : {}),
    },
  };
}

/** The recipe one point runs: the base without `sweep:`, with the point's values, headed by where it came from. */
export function pointRecipeText(raw: Record<string, unknown>, name: string, values: Record<string, unknown>, label: string): string {
  const built = pointRecipeObject(raw, values);
  if (!built.ok) throw new Error(built.message);
  return `# A point of sweep ${name}: ${label}\n${stringify(built.recipe, { lineWidth: 0 })}`;
}

export function loadMsOf(recipe: Recipe): number {
  return Math.max(0, ...recipe.workload.clients.map((c) => (c.duration ?? 0) + c.warmup));
}

/** Local activities: their results (the plan, a search point's recipe) are recorded in the sweep's history. */
export function planSweep() {
  return async (input: { recipeText: string }): Promise<CheckedSweep> => planSweepText(input.recipeText);
}

export function searchPointRecipe() {
  return async (input: { recipeText: string; parameter: string; value: number }): Promise<string> => {
    const raw = parse(input.recipeText) as Record<string, unknown>;
    const name = typeof raw.name === 'string' ? raw.name : 'sweep';
    return pointRecipeText(raw, name, { [input.parameter]: input.value }, `${input.parameter}=${input.value}`);
  };
}
