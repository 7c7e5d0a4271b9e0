import { ApplicationFailure } from '@temporalio/activity';
import path from 'node:path';
import type { LaunchSpec } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import type { ProbeSpec } from '../services/service-kind';
import type { ServiceConfig } from '../recipe/schema';
import { kindOptions, portNames, serviceKind } from '../services/catalog';
import { launchCommand } from '../services/launch-command';
import { memoryMiB } from '../recipe/memory';
import { ExperimentFolder } from '../store/experiment-folder';
import type { DeployedService } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';
import { freePort } from './free-port';

export interface DeployInput {
  folder: string;
  backend: BackendTarget;
  service: ServiceConfig;
  generation: number;
  /** Ports of an earlier generation: a restarted service keeps them, so clients reconnect to the same endpoint. */
  ports?: Record<string, number>;
}

/**
 * The probe as the backend can run it where the service runs (a Kubernetes readinessProbe): a
 * protocol ping becomes a connect there, while the worker still pings where it can reach.
 */
function backendReadiness(kindProbe: ProbeSpec, service: ServiceConfig, ports: Record<string, number>): LaunchSpec['readiness'] {
  const hc = service.healthCheck;
  const type = hc.type ?? kindProbe.type;
  const portName = hc.port ?? ('port' in kindProbe ? kindProbe.port : Object.keys(ports)[0]);
  const port = portName === undefined ? undefined : ports[portName];
  if (type === 'exec') {
    const command = hc.command ?? (kindProbe.type === 'exec' ? kindProbe.command : undefined);
    return command ? { exec: command } : undefined;
  }
  if (port === undefined) return undefined;
  if (type === 'http') return { http: { port, path: hc.path ?? (kindProbe.type === 'http' ? kindProbe.path : '/') } };
  return { tcp: port };
}

/** Launches one service. A retry finds the same launch (the id includes the generation) instead of a second one. */
export function deployService(deps: ActivityDeps) {
  return async (input: DeployInput): Promise<DeployedService> => {
    const folder = ExperimentFolder.at(input.folder);
    const { service } = input;
    let kind;
    try {
      kind = serviceKind(service.kind);
    } catch (e) {
      throw ApplicationFailure.nonRetryable((e as Error).message, 'UnknownServiceKind');
    }
    const backend = deps.backends.get(input.backend);
    const can = deps.backends.capabilities(input.backend);
    const ports: Record<string, number> = {};
    for (const [name, port] of Object.entries(portNames(service))) {
      const pinned = (service.ports?.[name] ?? 0) !== 0;
      // Beside the worker, unpinned ports are picked free so parallel experiments never collide.
      ports[name] = input.ports?.[name] ?? (pinned || (can.portChoice === 'kind' && port !== 0) ? port : await freePort());
    }
    const workDir = path.posix.join(backend.workspace(folder.id, folder.dir), 'work', service.name);
    const { bindAddress } = can;
    let plan;
    try {
      plan = kind.launch(service, kindOptions(service), { ports, bindAddress, workDir, replica: 0 });
    } catch (e) {
      throw ApplicationFailure.nonRetryable((e as Error).message, 'BadLaunchSpec');
    }
    const image = service.image ?? (can.imagesRequired ? kind.image : undefined);
    const handle = await backend.launch({
      id: `${folder.id}.service.${service.name}.${input.generation}`,
      labels: { experiment: folder.id, role: 'service', name: service.name },
      command: launchCommand(plan, workDir),
      env: { ...plan.env, ...service.env },
      cwd: workDir,
      ports,
      image,
      placement: service.placement,
      files: (plan.files ?? []).map((f) => ({ path: path.posix.join(workDir, f.path), content: f.content })),
      readiness: backendReadiness(kind.defaultProbe(service, kindOptions(service)), service, ports),
      resources: {
        cpus: service.resources?.cpus,
        gpus: service.resources?.gpus,
        nodes: service.resources?.nodes,
        ...(service.resources?.memory ? { memoryMb: memoryMiB(service.resources.memory) } : {}),
      },
      logFile: folder.logFile(`service-${service.name}`),
    });
    orchestratorLog(folder).info({ event: 'service-launched', service: service.name, generation: input.generation, ports: handle.ports, ref: handle.ref }, `service ${service.name} launched`);
    return { name: service.name, kind: service.kind, handle, generation: input.generation };
  };
}
