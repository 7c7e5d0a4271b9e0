/** Experiments as Temporal's visibility sees them, filtered by bench's search attributes. Shared by the API, the web UI and `bench trend`. */
import type { Client } from '@temporalio/client';

export interface ExperimentFilters {
  recipe?: string;
  service?: string;
  backend?: string;
  /** A bench phase (running, completed, failed, cancelled...). */
  status?: string;
  schedule?: string;
  limit?: number;
}

export interface ExperimentRow {
  id: string;
  recipe: string;
  backend: string;
  services: string[];
  phase: string;
  status: string;
  schedule?: string;
  regression?: string;
  startedAt: string;
  closedAt?: string;
}

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function visibilityQuery(f: ExperimentFilters): string {
  const clauses = [`WorkflowType = 'experiment'`];
  if (f.recipe) clauses.push(`BenchRecipe = ${quote(f.recipe)}`);
  if (f.service) clauses.push(`BenchServiceKinds = ${quote(f.service)}`);
  if (f.backend) clauses.push(`BenchBackend = ${quote(f.backend)}`);
  if (f.status) clauses.push(`BenchPhase = ${quote(f.status)}`);
  if (f.schedule) clauses.push(`BenchSchedule = ${quote(f.schedule)}`);
  return clauses.join(' AND ');
}

export async function listExperiments(client: Client, f: ExperimentFilters = {}): Promise<ExperimentRow[]> {
  const limit = Math.max(1, Math.min(f.limit ?? 100, 1000));
  const rows: ExperimentRow[] = [];
  for await (const wf of client.workflow.list({ query: visibilityQuery(f), pageSize: Math.min(limit, 100) })) {
    const sa = (wf.searchAttributes ?? {}) as Record<string, unknown[] | undefined>;
    const one = (k: string) => (sa[k]?.[0] === undefined ? undefined : String(sa[k]![0]));
    rows.push({
      id: wf.workflowId,
      recipe: one('BenchRecipe') ?? '',
      backend: one('BenchBackend') ?? '',
      services: (sa.BenchServiceKinds ?? []).map(String),
      phase: one('BenchPhase') ?? '',
      status: wf.status.name,
      schedule: one('BenchSchedule'),
      regression: one('BenchRegression'),
      startedAt: wf.startTime.toISOString(),
      closedAt: wf.closeTime?.toISOString(),
    });
    if (rows.length >= limit) break;
  }
  return rows;
}
