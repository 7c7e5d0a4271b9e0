import path from 'node:path';
import type { Backend } from './backend';
import { LocalBackend } from './local/local-backend';
import { SlurmBackend } from './slurm/slurm-backend';
import { slurmConfigFrom } from './slurm/load-config';
import type { BackendTarget } from './target';

/** The backends this bench can run (the recipe schema also names kubernetes, which is not built yet). */
export const AVAILABLE_BACKENDS = ['local', 'slurm'] as const;

/** What each backend does with recipe fields that not every backend can honour. */
export const BACKEND_FEATURES: Record<(typeof AVAILABLE_BACKENDS)[number], { images: boolean; memoryLimit: boolean }> = {
  local: { images: false, memoryLimit: false },
  slurm: { images: true, memoryLimit: true },
};

export interface BackendRegistry {
  get(target: BackendTarget): Backend;
  close(): Promise<void>;
}

/**
 * Backends are created once per worker and per distinct configuration (one ssh connection per SLURM
 * login node); what must survive restarts lives in the state folder or on the cluster.
 */
export function createBackendRegistry(stateDir: string): BackendRegistry {
  const local = new LocalBackend({ stateDir: path.resolve(stateDir) });
  const slurm = new Map<string, SlurmBackend>();
  return {
    get(target) {
      switch (target.kind) {
        case 'local':
          return local;
        case 'slurm': {
          if (!target.slurm) throw new Error('backend slurm needs the recipe\'s slurm: block');
          const config = slurmConfigFrom(target.slurm, target.baseDir);
          const key = JSON.stringify(config);
          let backend = slurm.get(key);
          if (!backend) {
            backend = new SlurmBackend(config, { log: { warn: (m: string) => process.stderr.write(`bench slurm: ${m}\n`) } });
            slurm.set(key, backend);
          }
          return backend;
        }
        default:
          throw new Error(`backend "${target.kind}" is not available in this worker yet; use backend: local or slurm`);
      }
    },
    async close() {
      await Promise.all([...slurm.values()].map((b) => b.close()));
    },
  };
}
