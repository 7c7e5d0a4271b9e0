/** After the run: range queries into one wide CSV per panel, resource figures, and data gaps. */
import { writeFileSync } from 'node:fs';
import type { RangeSeries } from './prometheus-api';
import { rangeQuery } from './prometheus-api';
import type { Panel } from './panels';

export interface PanelData {
  panel: Panel;
  /** Column names (one per series) and rows [epochMs, ...values]. */
  columns: string[];
  rows: [number, ...(number | undefined)[]][];
}

export function seriesName(metric: Record<string, string>, label: string): string {
  if (label && metric[label]) return metric[label];
  const rest = Object.entries(metric).filter(([k]) => k !== '__name__');
  return rest.length ? rest.map(([k, v]) => `${k}=${v}`).join(' ') : 'value';
}

export function toWide(panel: Panel, series: RangeSeries[]): PanelData {
  const columns = series.map((s) => seriesName(s.metric, panel.seriesLabel));
  const byTime = new Map<number, (number | undefined)[]>();
  series.forEach((s, i) => {
    for (const [t, v] of s.values) {
      const ms = Math.round(t * 1000);
      let row = byTime.get(ms);
      if (!row) byTime.set(ms, (row = new Array(series.length).fill(undefined)));
      const n = Number(v);
      row[i] = Number.isFinite(n) ? n : undefined;
    }
  });
  const rows = [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, vals]) => [t, ...vals] as [number, ...(number | undefined)[]]);
  return { panel, columns, rows };
}

export function panelCsv(data: PanelData, t0Ms: number): string {
  const head = ['timestamp', 'second', ...data.columns.map(csvCell)].join(',');
  const lines = data.rows.map(([t, ...v]) => [new Date(t).toISOString(), ((t - t0Ms) / 1000).toFixed(1), ...v.map((x) => (x === undefined ? '' : String(round(x))))].join(','));
  return [head, ...lines].join('\n') + '\n';
}

export async function exportPanel(base: string, panel: Panel, startMs: number, endMs: number, stepMs: number, file: string): Promise<PanelData> {
  const data = toWide(panel, await rangeQuery(base, panel.expr, startMs, endMs, stepMs));
  writeFileSync(file, panelCsv(data, startMs));
  return data;
}

/** mean / max / last per column. */
export function stats(data: PanelData): Record<string, { mean: number; max: number; last: number }> {
  const out: Record<string, { mean: number; max: number; last: number }> = {};
  data.columns.forEach((c, i) => {
    const vals = data.rows.map((r) => r[i + 1]).filter((v): v is number => v !== undefined);
    if (!vals.length) return;
    out[c] = { mean: round(vals.reduce((a, b) => a + b, 0) / vals.length), max: round(Math.max(...vals)), last: round(vals[vals.length - 1]) };
  });
  return out;
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x * 10) / 10 : Math.round(x * 10000) / 10000);
