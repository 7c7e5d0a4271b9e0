import { existsSync } from 'node:fs';
import { ExperimentFolder } from '../store/experiment-folder';
import { experimentsRoot } from './start-experiment';
import { CliError, EXIT } from './exit-codes';

/** The folder of experiment ID under --output (or BENCH_EXPERIMENTS_DIR, or ./experiments); exit 2 when missing. */
export function experimentFolderArg(id: string, output?: string): ExperimentFolder {
  let folder: ExperimentFolder;
  try {
    folder = new ExperimentFolder(experimentsRoot(output), id);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.badInput);
  }
  if (!existsSync(folder.dir)) throw new CliError(`no experiment folder ${folder.dir}; pass --output <experiments dir> if it lives elsewhere`, EXIT.badInput);
  return folder;
}
