import { ApplicationFailure } from '@temporalio/activity';
import path from 'node:path';
import type { Endpoint } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import { clientSpecSchema, type ClientSpecInput } from '../clients/spec';
import type { ClientGroupConfig } from '../recipe/schema';
import { PROJECT_ROOT } from '../temporal/temporal-cli';
import { ExperimentFolder } from '../store/experiment-folder';
import type { LaunchedClient } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';
import { freePort } from './free-port';

export interface LaunchClientsInput {
  folder: string;
  backend: BackendTarget;
  group: ClientGroupConfig;
  target: Endpoint;
  /** Give every instance a /metrics port (recipe.monitoring.enabled). */
  metrics?: boolean;
  /** A replicated target: instance i loads replica i mod N (`target` is replica 0). */
  replicas?: { name: string; endpoint: Endpoint }[];
}

export function instanceName(group: string, index: number): string {
  return `${group}-${index}`;
}

/** Writes one spec per instance and launches `bench client` for each (on a cluster: one job, a task per instance). Idempotent. */
export function launchClients(deps: ActivityDeps) {
  return async (input: LaunchClientsInput): Promise<LaunchedClient[]> => {
    const folder = ExperimentFolder.at(input.folder);
    const { group } = input;
    const backend = deps.backends.get(input.backend);
    // Spec, progress and result files live where the client runs (the shared file system on a cluster).
    const workspace = ExperimentFolder.at(backend.workspace(folder.id, folder.dir));
    const can = deps.backends.capabilities(input.backend);
    const bench = can.benchCommand ?? [process.execPath, path.join(deps.projectRoot ?? PROJECT_ROOT, 'bin', 'bench.js')];
    const replicas = input.replicas ?? [{ name: group.target, endpoint: input.target }];
    const portName = group.port ?? Object.keys(input.target.ports)[0];
    /** Host and port of the replica that instance i loads. */
    const targetOf = (i: number) => {
      const { endpoint } = replicas[i % replicas.length];
      // A target without ports (a file system under test) is reached by path, not by network: port 0.
      const port = portName === undefined ? 0 : endpoint.ports[portName];
      if (port === undefined) {
        throw ApplicationFailure.nonRetryable(`client group ${group.name}: target has no port "${portName}" (ports: ${Object.keys(endpoint.ports).join(', ')})`, 'BadLaunchSpec');
      }
      return { host: endpoint.host, port };
    };
    const oneJobPerGroup = can.taskGroups;
    const launched: LaunchedClient[] = [];
    const specFiles: { path: string; content: string }[] = [];
    for (let i = 0; i < group.instances; i++) {
      const instance = instanceName(group.name, i);
      const spec: ClientSpecInput = {
        experiment: folder.id,
        instance,
        rank: i,
        instances: group.instances,
        driver: { kind: group.driver, target: targetOf(i), options: group.options },
        executor: group.executor,
        durationMs: group.duration,
        requests: group.requests,
        warmupMs: group.warmup,
        // With monitoring, each instance serves /metrics on its own port for Prometheus: picked here
        // when clients run beside the worker, else where each runs (read back from its progress file).
        metricsPort: input.metrics && !can.portsPickedWhereRun ? await freePort() : 0,
        metricsAnyPort: !!input.metrics && can.portsPickedWhereRun,
        progressFile: workspace.clientProgressFile(instance),
      };
      const checked = clientSpecSchema.safeParse(spec);
      if (!checked.success) {
        throw ApplicationFailure.nonRetryable(`client group ${group.name}: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'BadLaunchSpec');
      }
      const specFile = workspace.clientSpecFile(instance);
      specFiles.push({ path: specFile, content: JSON.stringify(checked.data, null, 2) + '\n' });
      if (oneJobPerGroup) {
        launched.push({
          group: group.name,
          instance,
          handle: undefined as unknown as LaunchedClient['handle'],
          ...(input.replicas ? { target: replicas[i % replicas.length].name } : {}),
          ...(checked.data.metricsPort ? { metricsPort: checked.data.metricsPort } : {}),
        });
        continue;
      }
      const handle = await backend.launch({
        id: `${folder.id}.client.${instance}`,
        labels: { experiment: folder.id, role: 'client', name: instance },
        command: [...bench, 'client', '--spec', specFile, '--out', workspace.clientResultFile(instance)],
        cwd: workspace.dir,
        image: can.clientImage,
        files: specFiles.splice(0),
        outputs: [workspace.clientResultFile(instance), workspace.clientProgressFile(instance)],
        placement: group.placement,
        logFile: folder.logFile(`client-${instance}`),
        ports: checked.data.metricsPort ? { metrics: checked.data.metricsPort } : undefined,
      });
      launched.push({ group: group.name, instance, handle, ...(input.replicas ? { target: replicas[i % replicas.length].name } : {}) });
    }
    if (oneJobPerGroup) {
      // A cluster runs the group as one job of N tasks: srun starts one `bench client` per task, and
      // each task picks its instance's files by its rank.
      const handle = await backend.launch({
        id: `${folder.id}.client.${group.name}`,
        labels: { experiment: folder.id, role: 'client', name: group.name },
        command: [...bench, 'client', '--spec', workspace.clientFilePerRank(group.name, 'spec'), '--out', workspace.clientFilePerRank(group.name, 'result')],
        cwd: workspace.dir,
        image: can.clientImage,
        files: specFiles,
        // The progress file too: after a task ended, its last progress says whether it finished its own work.
        outputs: [workspace.clientFilePerRank(group.name, 'result'), workspace.clientFilePerRank(group.name, 'progress')],
        placement: group.placement,
        resources: { tasks: group.instances },
        taskGroup: true,
        logFile: folder.logFile(`client-${group.name}`),
      });
      for (const c of launched) c.handle = handle;
    }
    orchestratorLog(folder).info({ event: 'clients-launched', group: group.name, instances: launched.map((c) => c.instance) }, `client group ${group.name}: ${launched.length} instance(s) launched`);
    return launched;
  };
}
