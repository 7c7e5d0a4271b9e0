/** Which backend an experiment runs on, with the recipe's settings for it: plain JSON, passed to activities. */
import type { BackendKind } from './backend';

export interface BackendTarget {
  kind: BackendKind;
  /** The recipe's block named after the backend (`slurm:`, `kubernetes:`), as parsed. */
  settings?: unknown;
  /** Before settings existed, experiments in flight carried SLURM's block here. */
  slurm?: unknown;
  /** Folder that relative paths in the settings are resolved against: the recipe's. */
  baseDir?: string;
}

export function targetSettings(target: BackendTarget): unknown {
  return target.settings ?? target.slurm;
}
