/**
 * The swept parameters as the charts and tables name and order them: a short label (the last segment
 * of the recipe path, or the whole path when two would read alike), whether every value is a number,
 * and the distinct values in order (numbers ascending; anything else in the order the plan ran them).
 */
import type { PointStatistics } from './sweep-statistics';
import type { ParameterValue } from './sweep-summary';

export interface SweepParameter {
  path: string;
  label: string;
  numeric: boolean;
  values: ParameterValue[];
}

export function shortLabel(path: string): string {
  const last = path.split('.').pop() ?? path;
  return last.replace(/\[[^\]]*\]$/, '') || path;
}

export function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

export function sweepParameters(paths: string[], points: PointStatistics[]): SweepParameter[] {
  const shorts = paths.map(shortLabel);
  return paths.map((path, i) => {
    const seen: ParameterValue[] = [];
    for (const p of points) {
      const v = p.parameters[path];
      if (v !== undefined && !seen.some((s) => s === v)) seen.push(v);
    }
    const numeric = seen.length > 0 && seen.every((v) => typeof v === 'number' && Number.isFinite(v));
    return {
      path,
      label: shorts.filter((s) => s === shorts[i]).length > 1 ? path : shorts[i],
      numeric,
      values: numeric ? [...seen].sort((a, b) => (a as number) - (b as number)) : seen,
    };
  });
}

/** Where a point sits along a parameter: the number itself, or the value's index (category axes). */
export function position(param: SweepParameter, v: ParameterValue | undefined): number {
  if (param.numeric) return v as number;
  return param.values.findIndex((x) => x === v);
}
