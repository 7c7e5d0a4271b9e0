import { ApplicationFailure } from '@temporalio/activity';
import path from 'node:path';
import type { BackendKind, Endpoint } from '../backends/backend';
import { clientSpecSchema, type ClientSpecInput } from '../clients/spec';
import type { ClientGroupConfig } from '../recipe/schema';
import { writeJsonAtomic } from '../store/atomic-write';
import { ExperimentFolder } from '../store/experiment-folder';
import type { LaunchedClient } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';

export interface LaunchClientsInput {
  folder: string;
  backend: BackendKind;
  group: ClientGroupConfig;
  target: Endpoint;
}

export function instanceName(group: string, index: number): string {
  return `${group}-${index}`;
}

/** Writes one spec per instance and launches `bench client` for each. Idempotent per instance. */
export function launchClients(deps: ActivityDeps) {
  return async (input: LaunchClientsInput): Promise<LaunchedClient[]> => {
    const folder = ExperimentFolder.at(input.folder);
    const { group } = input;
    const backend = deps.backends.get(input.backend);
    const portName = group.port ?? Object.keys(input.target.ports)[0];
    const port = input.target.ports[portName];
    if (port === undefined) {
      throw ApplicationFailure.nonRetryable(`client group ${group.name}: target has no port "${portName}" (ports: ${Object.keys(input.target.ports).join(', ')})`, 'BadLaunchSpec');
    }
    const launched: LaunchedClient[] = [];
    for (let i = 0; i < group.instances; i++) {
      const instance = instanceName(group.name, i);
      const spec: ClientSpecInput = {
        experiment: folder.id,
        instance,
        driver: { kind: group.driver, target: { host: input.target.host, port }, options: group.options },
        executor: group.executor,
        durationMs: group.duration,
        requests: group.requests,
        warmupMs: group.warmup,
        progressFile: folder.clientProgressFile(instance),
      };
      const checked = clientSpecSchema.safeParse(spec);
      if (!checked.success) {
        throw ApplicationFailure.nonRetryable(`client group ${group.name}: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'BadLaunchSpec');
      }
      const specFile = folder.clientSpecFile(instance);
      writeJsonAtomic(specFile, checked.data);
      const handle = await backend.launch({
        id: `${folder.id}.client.${instance}`,
        labels: { experiment: folder.id, role: 'client', name: instance },
        command: [process.execPath, path.join(deps.projectRoot, 'bin', 'bench.js'), 'client', '--spec', specFile, '--out', folder.clientResultFile(instance)],
        cwd: folder.dir,
        logFile: folder.logFile(`client-${instance}`),
      });
      launched.push({ group: group.name, instance, handle });
    }
    orchestratorLog(folder).info({ event: 'clients-launched', group: group.name, instances: launched.map((c) => c.instance) }, `client group ${group.name}: ${launched.length} instance(s) launched`);
    return launched;
  };
}
