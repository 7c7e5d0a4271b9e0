/**
 * /sweeps and /sweeps/:id: the sweeps in the experiments folder, and one sweep's points table (mean
 * ± 95 % CI per point, each repetition linking to its child experiment), search result and the same
 * charts as its report.html (the report's chart data, drawn by the report's sweep-charts.js).
 */
import type { SweepRow } from '../api/list-sweeps';
import { sweepReportModel } from '../reports/sweep/render-sweep-html';
import type { SweepSummary } from '../reports/sweep/sweep-summary';
import { time } from '../reports/sweep/sweep-view';
import { link, render } from './templates';

const experimentUrl = (id: string) => link(`/experiments/${encodeURIComponent(id)}`);

export function sweepsPage(rows: SweepRow[]): string {
  return render('sweeps', {
    rows: rows.map((r) => ({
      id: r.id,
      url: link(`/sweeps/${encodeURIComponent(r.id)}`),
      recipe: r.recipe,
      parameters: r.parameters.join(', '),
      status: r.status,
      runs: `${r.runsDone} / ${r.runsPlanned}`,
      failed: r.runsFailed,
      backend: r.backend,
      search: r.search ? `${r.search.state}${r.search.found !== undefined ? `: ${r.search.found}` : ''}` : '',
      started: time(r.startedAt),
      updated: time(r.updatedAt),
    })),
  });
}

export function sweepPage(id: string, summary: SweepSummary, files: { pointsCsv: boolean; reportPdf: boolean }): string {
  const model = sweepReportModel(summary, { print: false });
  const v = model.view;
  const api = `/api/sweeps/${encodeURIComponent(id)}`;
  const links = [
    files.pointsCsv ? { id: 'csv-link', href: link(`${api}/points.csv`), text: 'points.csv', download: true } : { text: 'no points.csv yet' },
    files.reportPdf ? { id: 'pdf-link', href: link(`${api}/report.pdf`), text: 'report.pdf', download: true } : { text: 'no report.pdf' },
    { href: link(`${api}/summary.json`), text: 'summary.json' },
    { href: link(`${api}/sweep.yaml`), text: 'sweep.yaml' },
  ];
  return render('sweep', {
    title: `Sweep ${id}`,
    v,
    links,
    points: v.points.map((p) => ({ ...p, runs: p.runs.map((r) => ({ ...r, url: r.experimentId ? experimentUrl(r.experimentId) : undefined })) })),
    runs: v.runs.map((r) => ({ ...r, url: r.experimentId ? experimentUrl(r.experimentId) : undefined })),
    sections: model.sections,
    searchChart: model.searchChart,
    chartData: model.chartData,
  });
}
