import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { progressQuery } from '../../workflows/queries';
import { printSweepStatus } from '../sweep-status';
import type { ExperimentProgress } from '../../workflows/types';
import type { Summary } from '../../reports/summary-schema';
import { withClient } from '../with-client';
import { num } from '../format';
import { renderSummary } from '../summary-view';
import { CliError, EXIT } from '../exit-codes';
import { noWorkerHint, workflowTaskStarted } from '../worker-pickup';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("an experiment's (or a sweep's) state, live progress, and summary when it has one")
    .argument('<id>', 'experiment or sweep id')
    .option('--json', 'print {id, status, progress, summary} as JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withClient(async ({ client }) => {
        const handle = client.workflow.getHandle(id);
        const desc = await handle.describe().catch((e) => {
          throw new CliError(`no experiment ${id}: ${(e as Error).message}`, EXIT.badInput);
        });
        if (desc.type === 'sweep') return printSweepStatus(client, id, desc, opts);
        const progress = await Promise.race([handle.query(progressQuery), new Promise<undefined>((r) => setTimeout(r, 5000, undefined))]).catch(() => undefined) as ExperimentProgress | undefined;
        const summaryFile = progress?.folder ? `${progress.folder}/metrics/summary.json` : undefined;
        const summary = summaryFile && existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary) : undefined;
        if (opts.json) {
          process.stdout.write(JSON.stringify({ id, status: desc.status.name, startTime: desc.startTime, closeTime: desc.closeTime, progress, summary }) + '\n');
          return;
        }
        const lines = [`${id}: ${desc.status.name}${progress ? ` (phase ${progress.phase})` : ''}`, `started ${desc.startTime.toISOString()}${desc.closeTime ? `, closed ${desc.closeTime.toISOString()}` : ''}`];
        if (progress) {
          lines.push(`clients: ${progress.clients.running} running, ${progress.clients.completed} done, ${progress.clients.failed} failed of ${progress.clients.planned}; ${num(progress.clients.requests)} requests, ${num(progress.clients.opsPerSec)} ops/s`);
          for (const s of progress.services) lines.push(`service ${s.name} (${s.kind}): ${s.state}${s.restarts ? `, ${s.restarts} restart(s)` : ''}`);
          for (const w of progress.warnings) lines.push(`warning: ${w}`);
          if (progress.error) lines.push(`error: ${progress.error}`);
        }
        if (desc.status.name === 'RUNNING' && Date.now() - desc.startTime.getTime() > 5000 && !(await workflowTaskStarted(handle).catch(() => true))) {
          lines.push(`warning: ${noWorkerHint(desc.taskQueue)}`);
        }
        if (summary && progress?.folder) lines.push('', renderSummary(summary, progress.folder));
        process.stdout.write(lines.join('\n') + '\n');
      }),
    );
}
