import type { BackendPlugin } from '../plugin';
import { slurmConfigFrom } from './load-config';
import { slurmDescriptor, type SlurmRecipeSettings } from './settings';
import { SlurmBackend } from './slurm-backend';

export const slurmBackendPlugin: BackendPlugin<SlurmRecipeSettings> = {
  ...slurmDescriptor,
  create(settings, ctx) {
    if (!settings) throw new Error("backend slurm needs the recipe's slurm: block");
    return new SlurmBackend(slurmConfigFrom(settings, ctx.baseDir), { log: { warn: ctx.warn } });
  },
};
