/**
 * The backends this worker can run. A backend is one folder under backends/ that exports its
 * plug-in; adding one is a line here and one in descriptors.ts.
 */
import type { Backend } from './backend';
import { kubernetesBackendPlugin } from './kubernetes/plugin';
import { localBackendPlugin } from './local/plugin';
import type { BackendCapabilities, BackendPlugin } from './plugin';
import { slurmBackendPlugin } from './slurm/plugin';
import { targetSettings, type BackendTarget } from './target';

export const BACKEND_PLUGINS: readonly BackendPlugin<any>[] = [localBackendPlugin, slurmBackendPlugin, kubernetesBackendPlugin]; // eslint-disable-line @typescript-eslint/no-explicit-any

export function findBackendPlugin(kind: string): BackendPlugin<unknown> | undefined {
  return BACKEND_PLUGINS.find((p) => p.kind === kind);
}

/** Backends this worker can run now (their libraries and tools present). */
export function availableBackends(): string[] {
  return BACKEND_PLUGINS.filter((p) => !p.unavailable?.()).map((p) => p.kind);
}

export interface BackendRegistry {
  get(target: BackendTarget): Backend;
  capabilities(target: BackendTarget): BackendCapabilities;
  close(): Promise<void>;
}

/**
 * Backends are created once per worker and per distinct settings (one ssh connection per SLURM
 * login node, one API client per cluster); what must survive restarts lives on the cluster or in the state folder.
 */
export function createBackendRegistry(stateDir: string): BackendRegistry {
  const created = new Map<string, Backend>();
  const pluginOf = (target: BackendTarget) => {
    const plugin = findBackendPlugin(target.kind);
    if (!plugin) throw new Error(`backend "${target.kind}" is unknown to this worker; backends: ${BACKEND_PLUGINS.map((p) => p.kind).join(', ')}`);
    const why = plugin.unavailable?.();
    if (why) throw new Error(`backend ${target.kind} cannot run in this worker: ${why}`);
    return plugin;
  };
  return {
    get(target) {
      const plugin = pluginOf(target);
      const settings = targetSettings(target);
      // Relative paths in settings depend on the recipe's folder; a backend without settings is one per worker.
      const key = settings === undefined ? target.kind : JSON.stringify([target.kind, settings, target.baseDir ?? null]);
      let backend = created.get(key);
      if (!backend) {
        backend = plugin.create(settings, {
          baseDir: target.baseDir ?? process.cwd(),
          stateDir,
          warn: (m: string) => process.stderr.write(`bench ${target.kind}: ${m}\n`),
        });
        created.set(key, backend);
      }
      return backend;
    },
    capabilities: (target) => pluginOf(target).capabilities(targetSettings(target)),
    async close() {
      await Promise.all([...created.values()].map((b) => b.close().catch(() => undefined)));
      created.clear();
    },
  };
}
