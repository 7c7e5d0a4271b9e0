/** Which backend an experiment runs on, with the recipe's settings for it: plain JSON, passed to activities. */
import type { BackendKind } from './backend';
import type { SlurmSettings } from './slurm/load-config';

export interface BackendTarget {
  kind: BackendKind;
  slurm?: SlurmSettings;
  /** Folder that relative paths in the settings (slurm.connection) are resolved against: the recipe's. */
  baseDir?: string;
}
