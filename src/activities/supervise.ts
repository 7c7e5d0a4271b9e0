import type { BackendTarget } from '../backends/target';
import type { ClientProgress } from '../clients/results/result-file';
import type { ServiceConfig } from '../recipe/schema';
import { readinessCheck } from '../services/readiness';
import { ExperimentFolder } from '../store/experiment-folder';
import type { ClientState, DeployedService, LaunchedClient, ServiceHealth, TickReport } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { instanceStatus, statusesByHandle, taskOf } from './instance-state';

export interface TickInput {
  folder: string;
  backend: BackendTarget;
  services: { deployed: DeployedService; config: ServiceConfig }[];
  clients: LaunchedClient[];
}

/** One supervision look: each service's health and each client's state and live counters. The workflow decides. */
export function superviseTick(deps: ActivityDeps) {
  return async (input: TickInput): Promise<TickReport> => {
    const backend = deps.backends.get(input.backend);
    const folder = ExperimentFolder.at(input.folder);
    const workspace = ExperimentFolder.at(backend.workspace(folder.id, folder.dir));
    const services = await Promise.all(
      input.services.map(async ({ deployed, config }): Promise<ServiceHealth> => {
        const status = await backend.status(deployed.handle);
        if (status.state !== 'running') return { name: deployed.name, ok: false, state: status.state, detail: status.reason, nodes: status.nodes };
        const reach = backend.workerEndpoint ? await backend.workerEndpoint(deployed.handle) : await backend.endpoints(deployed.handle);
        const result = await readinessCheck(config)(reach, 2000);
        return { name: deployed.name, ok: result.ok, state: status.state, detail: result.detail };
      }),
    );
    const jobs = await statusesByHandle(input.clients, (h) => backend.status(h));
    const clients = await Promise.all(
      input.clients.map(async (c): Promise<ClientState> => {
        const progress = parseProgress(await backend.readFile(c.handle, workspace.clientProgressFile(c.instance), taskOf(c)).catch(() => undefined));
        const status = instanceStatus(jobs.of(c), jobs.shared(c), progress?.phase === 'done');
        return {
          instance: c.instance,
          state: status.state,
          exitCode: status.exitCode,
          reason: status.reason,
          requests: progress?.requests ?? 0,
          errors: progress?.errors ?? 0,
          opsPerSec: status.state === 'running' ? progress?.opsPerSec ?? 0 : 0,
          phase: progress?.phase,
          // Only once it has reported: a client still starting up (slow on a busy node) is not stalled; the run deadline covers one that never starts.
          progressAgeMs: status.state === 'running' && progress ? Math.max(0, Date.now() - progress.updatedAt) : undefined,
        };
      }),
    );
    return { services, clients };
  };
}

function parseProgress(text: string | undefined): ClientProgress | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as ClientProgress;
  } catch {
    return undefined; // caught mid-rename on a shared file system: next tick reads it
  }
}
