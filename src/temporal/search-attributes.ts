/** Typed search attributes: how experiments are found in `temporal workflow list` and the Web UI. */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

export const RECIPE_NAME = defineSearchAttributeKey('BenchRecipe', SearchAttributeType.KEYWORD);
export const BACKEND = defineSearchAttributeKey('BenchBackend', SearchAttributeType.KEYWORD);
export const SERVICE_KINDS = defineSearchAttributeKey('BenchServiceKinds', SearchAttributeType.KEYWORD_LIST);
export const PHASE = defineSearchAttributeKey('BenchPhase', SearchAttributeType.KEYWORD);
export const SCHEDULE_ID = defineSearchAttributeKey('BenchSchedule', SearchAttributeType.KEYWORD);
/** Sweeps and the experiments they run: the sweep's id (`bench list --sweep ID`). */
export const SWEEP_ID = defineSearchAttributeKey('BenchSweep', SearchAttributeType.KEYWORD);
/** Scheduled runs: the comparison with the schedule's baseline (baseline, pass, regressed, none). */
export const REGRESSION = defineSearchAttributeKey('BenchRegression', SearchAttributeType.KEYWORD);

/** `temporal server start-dev --search-attribute` flags and `operator search-attribute create` arguments. */
export const SEARCH_ATTRIBUTE_DEFINITIONS: { name: string; type: 'Keyword' | 'KeywordList' }[] = [
  { name: RECIPE_NAME.name, type: 'Keyword' },
  { name: BACKEND.name, type: 'Keyword' },
  { name: SERVICE_KINDS.name, type: 'KeywordList' },
  { name: PHASE.name, type: 'Keyword' },
  { name: SCHEDULE_ID.name, type: 'Keyword' },
  { name: REGRESSION.name, type: 'Keyword' },
  { name: SWEEP_ID.name, type: 'Keyword' },
];

/** The attributes an experiment starts with (the workflow upserts the phase as it goes). */
export function experimentSearchAttributes(recipe: { name: string; backend: string; services: { kind: string }[] }, scheduleId?: string): SearchAttributePair[] {
  return [
    { key: RECIPE_NAME, value: recipe.name },
    { key: BACKEND, value: recipe.backend },
    { key: SERVICE_KINDS, value: [...new Set(recipe.services.map((s) => s.kind))] },
    { key: PHASE, value: 'validating' },
    ...(scheduleId ? [{ key: SCHEDULE_ID, value: scheduleId }] : []),
  ];
}
