import type { Command } from 'commander';
import { generateReport } from '../../reports/generate-report';
import { CliError, EXIT } from '../exit-codes';
import { experimentFolderArg } from '../folder-arg';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('(re)generate reports/report.html and reports/report.pdf from an experiment folder')
    .argument('<id>', 'experiment id')
    .option('--output <dir>', 'experiments folder (default: BENCH_EXPERIMENTS_DIR or ./experiments)')
    .option('--no-pdf', 'write report.html only')
    .action(async (id: string, opts: { output?: string; pdf: boolean }) => {
      const folder = experimentFolderArg(id, opts.output);
      const out = await generateReport(folder, { pdf: opts.pdf }).catch((e: Error) => {
        throw new CliError(`report for ${id}: ${e.message}`, EXIT.environment);
      });
      process.stdout.write(`${out.html}\n${out.pdf ? `${out.pdf}\n` : ''}`);
    });
}
