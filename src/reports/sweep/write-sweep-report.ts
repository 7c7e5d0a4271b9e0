/**
 * The sweep folder's derived files, rewritten after every finished point: points.csv,
 * reports/report.html and (options.pdf) reports/report.pdf, each written whole (write then rename).
 * metrics/summary.json is the caller's (the sweep activity writes it).
 *
 * Order and failures: points.csv and report.html are written first, so a PDF failure never loses
 * them. Then the PDF; if Chromium fails, writeSweepReport THROWS a SweepPdfError (its `files` lists
 * what was written, its message says what failed) and leaves the previous report.pdf, if any, in
 * place: the caller decides whether that stops anything (the sweep activity logs it and goes on).
 * A summary with zero rows gives a report that says so; it never throws for that.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { knownSecrets, redactText } from '../../logs/redact';
import { writeFileAtomic } from '../../store/atomic-write';
import { SweepFolder } from '../../store/sweep-folder';
import { renderPdf } from '../render-pdf';
import { pointsCsv } from './points-csv';
import { renderSweepHtml } from './render-sweep-html';
import type { SweepSummary } from './sweep-summary';

/** report.pdf could not be printed; points.csv and report.html were written (`files`). */
export class SweepPdfError extends Error {
  override readonly name = 'SweepPdfError';

  constructor(
    message: string,
    readonly files: string[],
  ) {
    super(message);
  }
}

/**
 * Writes points.csv, reports/report.html and, when options.pdf, reports/report.pdf into the sweep
 * folder at `folder` (experiments/{sweepId}); returns their absolute paths in that order.
 * secrets: values to redact besides the ones this process knows (logs/redact.ts).
 */
export async function writeSweepReport(folder: string, summary: SweepSummary, options: { pdf: boolean; secrets?: Iterable<string> }): Promise<{ files: string[] }> {
  const f = SweepFolder.at(folder).create();
  const secrets = [...knownSecrets(), ...(options.secrets ?? [])];
  const files: string[] = [];

  writeFileAtomic(f.pointsCsv, redactText(pointsCsv(summary), secrets));
  files.push(f.pointsCsv);

  const recipeText = existsSync(f.recipeFile) ? readFileSync(f.recipeFile, 'utf8') : '';
  const html = redactText(renderSweepHtml(summary, { folder: f.dir, recipeText }), secrets);
  writeFileAtomic(f.reportHtml, html);
  files.push(f.reportHtml);

  if (!options.pdf) return { files };
  const tmp = `${f.reportPdf}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    await renderPdf(html, tmp);
    renameSync(tmp, f.reportPdf);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new SweepPdfError(`reports/report.pdf of sweep ${summary.sweepId} was not written (points.csv and report.html were): ${(e as Error).message}`, [...files]);
  }
  files.push(f.reportPdf);
  return { files };
}
