import { Context } from '@temporalio/activity';
import { readFileSync } from 'node:fs';
import { knownSecrets, registerSecrets, secretsIn } from '../logs/redact';
import { redactFolder } from '../logs/redact-folder';
import type { Recipe } from '../recipe/schema';
import { generateReport } from '../reports/generate-report';
import { ExperimentFolder } from '../store/experiment-folder';
import { orchestratorLog } from './orchestrator-log';
import { printPdf } from './pdf-browser';

export interface FinishOutputsInput {
  folder: string;
  recipe: Pick<Recipe, 'services' | 'workload' | 'monitoring' | 'reporting'>;
  status: string;
}

/**
 * The last step of every run (completed, failed or cancelled): secrets are scrubbed from every file of
 * the folder (client specs and process output included), then report.html and report.pdf are written
 * when reporting.formats has pdf. Report problems become a warning in the log, never a failure.
 */
export function finishOutputs() {
  return async (input: FinishOutputsInput): Promise<{ redacted: number; report?: string; warning?: string }> => {
    const folder = ExperimentFolder.at(input.folder);
    const log = orchestratorLog(folder);
    registerSecrets(secretsIn(input.recipe));
    const secrets = knownSecrets();
    const redacted = redactFolder(folder.dir, secrets).length;
    if (!input.recipe.reporting.formats.includes('pdf')) return { redacted };
    const beat = setInterval(() => Context.current().heartbeat(), 1000);
    try {
      // report.html as `bench report` writes it, printed on the browser warmed when the experiment was prepared (pdf-browser.ts).
      const out = await generateReport(folder, { pdf: false, secrets });
      await printPdf(folder.dir, readFileSync(out.html, 'utf8'), folder.reportPdf);
      log.info({ event: 'report-written', pdf: folder.reportPdf }, 'report.html and report.pdf written');
      return { redacted, report: folder.reportPdf };
    } catch (e) {
      const warning = `report not generated: ${(e as Error).message}`;
      log.warn({ event: 'report-failed', error: (e as Error).message }, warning);
      return { redacted, warning };
    } finally {
      clearInterval(beat);
      redactFolder(folder.dir, secrets);
    }
  };
}
