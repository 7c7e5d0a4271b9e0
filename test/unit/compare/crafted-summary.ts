/** Crafted summary.json files for comparison tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Summary } from '../../../src/reports/summary-schema';

export function craftedSummary(id: string, o: { opsPerSec?: number; p99?: number; errors?: number; status?: 'completed' | 'failed' | 'cancelled'; recipe?: string } = {}): Summary {
  const p99 = o.p99 ?? 1;
  const latencyMs = { p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 2, max: p99 * 4, mean: p99 / 3 };
  return {
    schemaVersion: 1,
    experiment: { id, recipe: o.recipe ?? 'crafted', backend: 'local', status: o.status ?? 'completed', startedAt: '2026-11-29T08:00:00.000Z', endedAt: '2026-11-29T08:00:12.000Z', partial: false },
    totals: { requests: 1000, ok: 1000 - (o.errors ?? 0), errors: o.errors ?? 0, dropped: 0, opsPerSec: o.opsPerSec ?? 1000, latencyMs, errorsByType: {}, instances: { planned: 1, completed: 1, failed: 0 }, loadShare: 1 },
    groups: [],
    services: [],
    gaps: [],
    warnings: [],
  };
}

/** Writes experiments/<id>/metrics/summary.json (and a recipe.yaml when given). */
export function writeRun(root: string, summary: Summary, recipeYaml?: string): void {
  const dir = path.join(root, summary.experiment.id);
  mkdirSync(path.join(dir, 'metrics'), { recursive: true });
  mkdirSync(path.join(dir, 'reports'), { recursive: true });
  writeFileSync(path.join(dir, 'metrics', 'summary.json'), JSON.stringify(summary));
  if (recipeYaml) writeFileSync(path.join(dir, 'recipe.yaml'), recipeYaml);
}
