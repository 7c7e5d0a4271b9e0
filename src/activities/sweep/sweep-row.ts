import { existsSync, readFileSync } from 'node:fs';
import type { Summary } from '../../reports/summary-schema';
import type { ParameterValue, SweepPointRow } from '../../reports/sweep/sweep-summary';
import { ExperimentFolder } from '../../store/experiment-folder';

export interface SweepRunRecord {
  point: number;
  repetition: number;
  values: Record<string, unknown>;
  experimentId: string;
  status: string;
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  passed?: boolean;
  /** Search runs: the limit this run is judged against (sets `passed`). */
  judge?: { metric: 'p50' | 'p90' | 'p99' | 'p999' | 'errorRate'; limit: number };
}

const ZERO_LATENCY = { p50: 0, p90: 0, p99: 0, p999: 0, mean: 0, max: 0 };

/** One row of the sweep's table from a run and the summary.json its experiment wrote (if it got that far). */
export function sweepRow(outputRoot: string, run: SweepRunRecord): SweepPointRow {
  const folder = new ExperimentFolder(outputRoot, run.experimentId);
  const summary = readSummary(folder.summaryFile);
  const totals = summary?.totals;
  const requests = totals?.requests ?? 0;
  const errors = totals?.errors ?? 0;
  const l = totals?.latencyMs;
  return {
    point: run.point,
    repetition: run.repetition,
    parameters: Object.fromEntries(Object.entries(run.values).map(([k, v]) => [k, asParameter(v)])),
    experimentId: run.experimentId,
    folder: folder.dir,
    status: run.status,
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    opsPerSec: totals?.opsPerSec ?? 0,
    latencyMs: l ? { p50: l.p50, p90: l.p90, p99: l.p99, p999: l.p999, mean: l.mean, max: l.max } : { ...ZERO_LATENCY },
    extra: summary ? extraFigures(summary) : {},
    ...(run.error ? { error: run.error } : summary?.experiment.error ? { error: summary.experiment.error } : {}),
    ...(run.startedAt ? { startedAt: run.startedAt } : {}),
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.passed !== undefined ? { passed: run.passed } : {}),
    ...(run.judge ? { passed: requests > 0 && run.status === 'completed' && (run.judge.metric === 'errorRate' ? (requests > 0 ? errors / requests : 0) : (l?.[run.judge.metric] ?? Infinity)) < run.judge.limit } : {}),
  };
}

/** The drivers' named measurements (ttft, itl, recall...) and counts (output tokens...), "<name>.<stat>"; a group's name leads when there are several. */
function extraFigures(summary: Summary): Record<string, number> {
  const out: Record<string, number> = {};
  const several = summary.groups.length > 1;
  for (const g of summary.groups) {
    const lead = several ? `${g.name}.` : '';
    for (const [name, m] of Object.entries(g.metrics ?? {})) {
      out[`${lead}${name}.p50`] = m.p50;
      out[`${lead}${name}.p99`] = m.p99;
      out[`${lead}${name}.mean`] = m.mean;
    }
    for (const [name, c] of Object.entries(g.counts ?? {})) out[`${lead}${name}.perSec`] = c.perSec;
  }
  return out;
}

function readSummary(file: string): Summary | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}

function asParameter(v: unknown): ParameterValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
}
