/**
 * A sweep's reports/report.html: templates/sweep-report.hbs filled from the summary (strict, escaping
 * handlebars: strict-templates.ts), Chart.js and templates/sweep-charts.js inlined (no network), the
 * chart data in a JSON script block. Also printed to report.pdf (write-sweep-report.ts).
 */
import path from 'node:path';
import { ExperimentFolder } from '../../store/experiment-folder';
import { SweepFolder } from '../../store/sweep-folder';
import { sweepChartData, type SweepChart, type SweepChartData } from './sweep-chart-data';
import { sweepParameters } from './sweep-parameters';
import { sweepStatistics, type PointStatistics } from './sweep-statistics';
import type { SweepSummary } from './sweep-summary';
import { sweepView, time, type SweepView } from './sweep-view';
import { strictTemplate } from './strict-templates';

export interface SweepReportModel {
  points: PointStatistics[];
  view: SweepView;
  chartData: SweepChartData;
  /** The charts by swept parameter, in the recipe's order. */
  sections: { path: string; label: string; others: string; charts: Pick<SweepChart, 'id' | 'title' | 'note'>[] }[];
  searchChart?: Pick<SweepChart, 'id' | 'title' | 'note'>;
}

/** Everything a sweep page shows, from its summary: statistics, tables, charts (also used by the web UI). */
export function sweepReportModel(summary: SweepSummary, opts: { print: boolean }): SweepReportModel {
  const safe: SweepSummary = { ...summary, parameters: Array.isArray(summary.parameters) ? summary.parameters.map(String) : [], rows: Array.isArray(summary.rows) ? summary.rows.filter((r) => typeof r === 'object' && r !== null) : [] };
  const points = sweepStatistics(safe);
  const chartData = sweepChartData(safe, points, opts);
  const view = sweepView(safe, points, chartData.knees);
  const params = sweepParameters(safe.parameters, points);
  const brief = (c: SweepChart) => ({ id: c.id, title: c.title, note: c.note });
  const sections = params
    .map((p) => ({
      path: p.path,
      label: p.label,
      others: params.filter((q) => q.path !== p.path).map((q) => q.label).join(' × '),
      charts: chartData.charts.filter((c) => c.group === p.path).map(brief),
    }))
    .filter((s) => s.charts.length > 0);
  const search = chartData.charts.find((c) => c.kind === 'search');
  return { points, view, chartData, sections, searchChart: search && brief(search) };
}

/** A link from the sweep's reports/ folder to a child experiment's report.html; never a scheme (every segment is percent-encoded); none for a folder that is no experiment's. */
export function childReportHref(sweepFolder: string, childFolder: string): string | undefined {
  if (typeof childFolder !== 'string' || !path.isAbsolute(childFolder)) return undefined;
  let target: string;
  try {
    target = ExperimentFolder.at(childFolder).reportHtml;
  } catch {
    return undefined;
  }
  const rel = path.relative(SweepFolder.at(sweepFolder).reportsDir, target);
  const href = rel.split(path.sep).map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s))).join('/');
  return href.startsWith('.') ? href : `./${href}`;
}

let template: HandlebarsTemplateDelegate | undefined;

export function renderSweepHtml(summary: SweepSummary, opts: { folder?: string; recipeText?: string; now?: Date } = {}): string {
  template ??= strictTemplate('sweep-report');
  const model = sweepReportModel(summary, { print: true });
  const folder = opts.folder;
  return template({
    v: model.view,
    running: model.view.status === 'running',
    generatedAt: time((opts.now ?? new Date()).toISOString()),
    sections: model.sections,
    searchChart: model.searchChart,
    runs: model.view.runs.map((r) => ({ ...r, href: folder ? childReportHref(folder, r.folder) : undefined })),
    recipeText: opts.recipeText ?? '',
    chartData: model.chartData,
  });
}
