import type { Command } from 'commander';
import path from 'node:path';
import { create } from 'tar';
import { CliError, EXIT } from '../exit-codes';
import { experimentFolderArg } from '../folder-arg';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write a tarball (.tar.gz) of the whole experiment folder: recipe, metadata, metrics, logs, reports')
    .argument('<id>', 'experiment id')
    .option('--output <dir>', 'experiments folder (default: BENCH_EXPERIMENTS_DIR or ./experiments)')
    .option('--to <file>', 'tarball to write (default: ./<id>.tar.gz)')
    .action(async (id: string, opts: { output?: string; to?: string }) => {
      const folder = experimentFolderArg(id, opts.output);
      const file = path.resolve(opts.to ?? `${folder.id}.tar.gz`);
      if (file.startsWith(folder.dir + path.sep)) throw new CliError('--to must be outside the experiment folder', EXIT.badInput);
      await create({ gzip: true, file, cwd: path.dirname(folder.dir), portable: true }, [folder.id]);
      process.stdout.write(`${file}\n`);
    });
}
