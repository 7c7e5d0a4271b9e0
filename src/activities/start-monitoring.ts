import { Context } from '@temporalio/activity';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Backend, Handle } from '../backends/backend';
import { isFinal } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import { clientTargets, prometheusConfig } from '../monitors/prometheus-config';
import { prometheusLaunchSpec, waitForFirstSample } from '../monitors/prometheus';
import type { MonitorState } from '../monitors/types';
import { workerMetricsAddress } from '../monitors/worker-metrics';
import type { Recipe } from '../recipe/schema';
import { serviceKind } from '../services/catalog';
import { ExperimentFolder } from '../store/experiment-folder';
import type { DeployedService } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { freePort } from './free-port';
import { orchestratorLog } from './orchestrator-log';

export interface StartMonitoringInput {
  folder: string;
  backend: BackendTarget;
  monitoring: Recipe['monitoring'];
  services: { config: Recipe['services'][number]; deployed: DeployedService }[];
}

const FIRST_SAMPLE_TIMEOUT_MS = 60_000;

/**
 * Launches the services' exporters and a Prometheus scraping them, the worker and (later) the clients;
 * returns once Prometheus holds its first sample. Idempotent: launch ids are stable, so a retry finds
 * the processes of the first attempt.
 */
export function startMonitoring(deps: ActivityDeps) {
  return async (input: StartMonitoringInput): Promise<MonitorState> => {
    const folder = ExperimentFolder.at(input.folder);
    const backend = deps.backends.get(input.backend);
    const bindAddress = input.backend.kind === 'local' ? '127.0.0.1' : '0.0.0.0';
    const exporters: Handle[] = [];
    const exporterTargets: { address: string; service: string; kind: string; path?: string }[] = [];
    for (const { config, deployed } of input.services) {
      const kind = serviceKind(config.kind);
      if (kind.metrics && deployed.handle.ports[kind.metrics.port] !== undefined) {
        // The service serves its own metrics (llama-server's /metrics): scraped like an exporter, nothing to launch.
        const endpoint = await backend.endpoints(deployed.handle);
        exporterTargets.push({ address: `${endpoint.host}:${endpoint.ports[kind.metrics.port]}`, service: config.name, kind: config.kind, path: kind.metrics.path });
      }
      if (!kind.exporter || !(config.exporter ?? input.monitoring.exporters)) continue;
      const endpoint = await backend.endpoints(deployed.handle);
      const metricsPort = await freePort();
      const workDir = path.join(folder.dir, 'work', `${config.name}-exporter`);
      mkdirSync(workDir, { recursive: true });
      const exporter = kind.exporter(config, { ports: endpoint.ports, bindAddress, workDir, serviceHost: endpoint.host, metricsPort, replica: 0 });
      const handle = await backend.launch({
        id: `${folder.id}.exporter.${config.name}.0`,
        labels: { experiment: folder.id, role: 'exporter', name: `${config.name}-exporter` },
        command: exporter.command,
        env: exporter.env,
        cwd: workDir,
        ports: { metrics: metricsPort },
        logFile: folder.logFile(`exporter-${config.name}`),
      });
      exporters.push(handle);
      const host = (await backend.endpoints(handle)).host;
      exporterTargets.push({ address: `${host}:${handle.ports.metrics}`, service: config.name, kind: config.kind });
    }
    const state = await launchPrometheus(backend, folder, { generation: 0, scrapeIntervalMs: input.monitoring.scrapeInterval, bindAddress }, (port) =>
      prometheusConfig({
        experimentId: folder.id,
        scrapeIntervalMs: input.monitoring.scrapeInterval,
        selfAddress: `127.0.0.1:${port}`,
        exporters: exporterTargets,
        worker: input.monitoring.worker ? workerMetricsAddress() : undefined,
        custom: input.monitoring.targets,
        clientTargetsFile: folder.prometheusClientTargets,
      }),
    );
    state.exporters = exporters;
    orchestratorLog(folder).info({ event: 'monitor-ready', url: state.url, exporters: exporterTargets.map((e) => e.service), worker: workerMetricsAddress() ?? null }, 'prometheus ready (first sample in)');
    return state;
  };
}

/** Writes the config (once the port is known), launches Prometheus and waits for a sample newer than the launch. */
export async function launchPrometheus(
  backend: Backend,
  folder: ExperimentFolder,
  opts: { generation: number; scrapeIntervalMs: number; bindAddress: string; port?: number },
  config?: (port: number) => string,
): Promise<MonitorState> {
  mkdirSync(folder.prometheusDataDir, { recursive: true });
  mkdirSync(path.dirname(folder.prometheusClientTargets), { recursive: true });
  const port = opts.port ?? (await freePort());
  if (config) {
    await backend.writeFile(folder.prometheusConfigFile, config(port));
    if (!(await backend.readFile(folder.prometheusClientTargets))) await backend.writeFile(folder.prometheusClientTargets, clientTargets([]));
  }
  const since = Date.now();
  const handle = await backend.launch(
    prometheusLaunchSpec({
      experimentId: folder.id,
      generation: opts.generation,
      configFile: folder.prometheusConfigFile,
      dataDir: folder.prometheusDataDir,
      port,
      bindAddress: opts.bindAddress,
      scrapeIntervalMs: opts.scrapeIntervalMs,
      logFile: folder.logFile('monitor-prometheus'),
      cwd: folder.metricsDir,
    }),
  );
  const host = (await backend.endpoints(handle)).host;
  const url = `http://${host}:${handle.ports.web}`;
  await waitForFirstSample(url, Math.min(since, Date.parse(handle.launchedAt)), FIRST_SAMPLE_TIMEOUT_MS, async () => !isFinal((await backend.status(handle)).state), () => heartbeat());
  return { handle, exporters: [], url, generation: opts.generation, startedAt: new Date(since).toISOString(), scrapeIntervalMs: opts.scrapeIntervalMs };
}

function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // not inside an activity (tests)
  }
}
