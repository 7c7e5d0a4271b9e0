import { Context } from '@temporalio/activity';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Backend, Handle } from '../backends/backend';
import { isFinal, portToken } from '../backends/backend';
import type { BackendCapabilities } from '../backends/plugin';
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
import { endpointWhenRunning } from './endpoint-when-running';
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
    const can = deps.backends.capabilities(input.backend);
    const { bindAddress } = can;
    const where = monitorFolder(backend, can, folder);
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
      // Where ports are picked on the node, the exporter's command names its port by a token.
      const metricsPort = can.portsPickedWhereRun ? 0 : await freePort();
      const workDir = path.posix.join(where.dir, 'work', `${config.name}-exporter`);
      if (where === folder) mkdirSync(workDir, { recursive: true });
      const exporter = kind.exporter(config, { ports: endpoint.ports, bindAddress, workDir, serviceHost: endpoint.host, metricsPort: metricsPort || portToken('metrics'), replica: 0 });
      const inImage = can.imagesRequired ? exporter.image : undefined;
      if (can.imagesRequired && !inImage) {
        orchestratorLog(folder).warn({ event: 'exporter-skipped', service: config.name }, `service ${config.name}: kind ${config.kind} names no exporter image, so backend ${input.backend.kind} runs no exporter for it`);
        continue;
      }
      const handle = await backend.launch({
        id: `${folder.id}.exporter.${config.name}.0`,
        labels: { experiment: folder.id, role: 'exporter', name: `${config.name}-exporter` },
        // In its image the exporter's program may have another name or path than the host package's.
        command: inImage ? [inImage.program, ...exporter.command.slice(1)] : exporter.command,
        image: inImage ? inImage.ref : undefined,
        env: exporter.env,
        cwd: workDir,
        ports: { metrics: metricsPort },
        logFile: folder.logFile(`exporter-${config.name}`),
      });
      exporters.push(handle);
      const reached = await endpointWhenRunning(backend, handle, { timeoutMs: FIRST_SAMPLE_TIMEOUT_MS, beat: heartbeat });
      exporterTargets.push({ address: `${reached.host}:${reached.ports.metrics}`, service: config.name, kind: config.kind });
    }
    const config: NonNullable<MonitorState['config']> = {
      experimentId: folder.id,
      scrapeIntervalMs: input.monitoring.scrapeInterval,
      exporters: exporterTargets,
      worker: input.monitoring.worker ? workerMetricsAddress() : undefined,
      custom: input.monitoring.targets,
      clientTargetsFile: where.prometheusClientTargets,
    };
    const state = await launchPrometheus(backend, folder, { generation: 0, scrapeIntervalMs: input.monitoring.scrapeInterval, bindAddress, where, image: can.monitorImage, pickPortWhereRun: can.portsPickedWhereRun, config });
    state.exporters = exporters;
    orchestratorLog(folder).info({ event: 'monitor-ready', url: state.url, exporters: exporterTargets.map((e) => e.service), worker: workerMetricsAddress() ?? null }, 'prometheus ready (first sample in)');
    return state;
  };
}

/** Writes the config (once the port is known), launches Prometheus and waits for a sample newer than the launch. */
export async function launchPrometheus(
  backend: Backend,
  folder: ExperimentFolder,
  opts: {
    generation: number;
    scrapeIntervalMs: number;
    bindAddress: string;
    port?: number;
    where?: ExperimentFolder;
    image?: string;
    /** Files to stage beside the config (a relaunch: the clients' targets as last registered). */
    files?: { path: string; content: string }[];
    /** Leave the port to the node it runs on (capabilities.portsPickedWhereRun). */
    pickPortWhereRun?: boolean;
    /** Rendered into the config file for the port it gets; without it the config of an earlier launch is kept. */
    config?: MonitorState['config'];
  },
): Promise<MonitorState> {
  const where = opts.where ?? folder;
  if (where === folder) {
    mkdirSync(folder.prometheusDataDir, { recursive: true });
    mkdirSync(path.dirname(folder.prometheusClientTargets), { recursive: true });
  }
  const port = opts.port || (opts.pickPortWhereRun ? 0 : await freePort());
  const rendered = opts.config && { path: where.prometheusConfigFile, content: prometheusConfig({ ...opts.config, selfAddress: `127.0.0.1:${port || portToken('web')}` }) };
  const beside = opts.files ?? (rendered ? [{ path: where.prometheusClientTargets, content: clientTargets([]) }] : []);
  const files = [...(rendered ? [rendered] : []), ...beside.filter((f) => f.path !== rendered?.path)];
  const since = Date.now();
  const handle = await backend.launch(
    prometheusLaunchSpec({
      experimentId: folder.id,
      generation: opts.generation,
      configFile: where.prometheusConfigFile,
      dataDir: where.prometheusDataDir,
      port,
      bindAddress: opts.bindAddress,
      scrapeIntervalMs: opts.scrapeIntervalMs,
      logFile: folder.logFile('monitor-prometheus'),
      cwd: where.metricsDir,
      image: opts.image,
      files,
    }),
  );
  const reach = await endpointWhenRunning(backend, handle, { timeoutMs: FIRST_SAMPLE_TIMEOUT_MS, beat: heartbeat, forWorker: true });
  const url = `http://${reach.host}:${reach.ports.web}`;
  await waitForFirstSample(url, Math.min(since, Date.parse(handle.launchedAt)), FIRST_SAMPLE_TIMEOUT_MS, async () => !isFinal((await backend.status(handle)).state), () => heartbeat());
  return { handle, exporters: [], url, generation: opts.generation, startedAt: new Date(since).toISOString(), scrapeIntervalMs: opts.scrapeIntervalMs, files, ...(opts.config ? { config: opts.config } : {}) };
}

/**
 * Prometheus again, the next generation on the same TSDB, with the clients registered so far (after a
 * crash, or to export after the run). On a port of its own: the dead one's may still be held (a
 * Kubernetes pod keeps its host port while it terminates, and the new pod stayed unschedulable).
 */
export function relaunchPrometheus(backend: Backend, can: BackendCapabilities, folder: ExperimentFolder, monitor: MonitorState): Promise<MonitorState> {
  const where = monitorFolder(backend, can, folder);
  const common = { generation: monitor.generation + 1, scrapeIntervalMs: monitor.scrapeIntervalMs, bindAddress: can.bindAddress, pickPortWhereRun: can.portsPickedWhereRun, where, image: can.monitorImage };
  if (monitor.config) {
    const targets = monitor.files?.filter((f) => f.path === where.prometheusClientTargets);
    return launchPrometheus(backend, folder, { ...common, config: monitor.config, files: targets?.length ? targets : undefined });
  }
  // Started before MonitorState.config: the same port, so the config of the first launch still names it.
  return launchPrometheus(backend, folder, { ...common, port: monitor.handle.ports.web, files: can.copiesBack ? monitor.files : undefined });
}

/**
 * Where Prometheus keeps its config, targets and TSDB: the experiment folder, unless the backend's
 * processes cannot see the worker's files (then the workspace where it runs, copied back at the end).
 */
export function monitorFolder(backend: Backend, can: BackendCapabilities, folder: ExperimentFolder): ExperimentFolder {
  return can.copiesBack ? ExperimentFolder.at(backend.workspace(folder.id, folder.dir)) : folder;
}

function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // not inside an activity (tests)
  }
}
