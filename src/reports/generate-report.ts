/** reports/report.html and report.pdf from what the experiment folder holds (also for failed and cancelled runs). */
import { writeFileSync } from 'node:fs';
import { knownSecrets, redactText } from '../logs/redact';
import { ExperimentFolder } from '../store/experiment-folder';
import { loadReportData } from './report-data';
import { renderHtml } from './render-html';
import { renderPdf } from './render-pdf';

export interface GeneratedReport {
  html: string;
  pdf?: string;
}

export async function generateReport(folder: ExperimentFolder, opts: { pdf?: boolean; secrets?: Iterable<string> } = {}): Promise<GeneratedReport> {
  folder.create();
  const secrets = [...knownSecrets(), ...(opts.secrets ?? [])];
  const html = redactText(renderHtml(loadReportData(folder)), secrets);
  writeFileSync(folder.reportHtml, html);
  if (opts.pdf === false) return { html: folder.reportHtml };
  await renderPdf(html, folder.reportPdf);
  return { html: folder.reportHtml, pdf: folder.reportPdf };
}
