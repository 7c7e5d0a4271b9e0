import { Context } from '@temporalio/activity';
import path from 'node:path';
import type { BackendTarget } from '../backends/target';
import { exportPanel, stats } from '../monitors/export';
import { panelsFor } from '../monitors/panels';
import { findGaps, selfSampleTimestamps } from '../monitors/prometheus';
import { isHealthy, tsdbSnapshot } from '../monitors/prometheus-api';
import type { DataGap, MonitoringExport, MonitorState } from '../monitors/types';
import type { Recipe } from '../recipe/schema';
import { writeJsonAtomic } from '../store/atomic-write';
import { ExperimentFolder } from '../store/experiment-folder';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';
import { monitorFolder, relaunchPrometheus } from './start-monitoring';

export interface ExportMetricsInput {
  folder: string;
  backend: BackendTarget;
  monitor: MonitorState;
  recipe: Pick<Recipe, 'services' | 'monitoring'>;
  /** Gaps the supervision loop saw (detection to restart); the TSDB's own record wins when it has one. */
  observedGaps: DataGap[];
}

/**
 * Range queries over the whole monitored window into metrics/<panel>.csv, resource figures and data
 * gaps into metrics/monitoring.json (build-summary folds it into summary.json). Never fails the
 * experiment: problems become warnings.
 */
export function exportMetrics(deps: ActivityDeps) {
  return async (input: ExportMetricsInput): Promise<MonitoringExport> => {
    const folder = ExperimentFolder.at(input.folder);
    const log = orchestratorLog(folder);
    const out: MonitoringExport = { gaps: [], resources: {}, panels: [], warnings: [] };
    let url = input.monitor.url;
    const endMs = Date.now();
    const startMs = Date.parse(input.monitor.startedAt);
    try {
      if (!(await isHealthy(url)).ok) {
        // Dead at the end: start it once more on the same TSDB, only to read what it holds.
        const backend = deps.backends.get(input.backend);
        const again = await relaunchPrometheus(backend, deps.backends.capabilities(input.backend), folder, input.monitor);
        url = again.url;
        out.warnings.push('prometheus was down at the end of the run and was started again to export its data');
      }
      const interval = input.monitor.scrapeIntervalMs;
      const step = Math.max(interval, Math.ceil((endMs - startMs) / 10_000));
      const timestamps = await selfSampleTimestamps(url, startMs, endMs);
      out.gaps = mergeGaps(findGaps(timestamps, interval), input.observedGaps);
      const panels = panelsFor({ serviceKinds: input.recipe.services.map((s) => s.kind), scrapeIntervalMs: interval, worker: input.recipe.monitoring.worker, queries: input.recipe.monitoring.queries });
      const services: Record<string, Record<string, unknown>> = {};
      const queries: Record<string, unknown> = {};
      const clients: Record<string, unknown> = {};
      for (const panel of panels) {
        try {
          const data = await exportPanel(url, panel, startMs, endMs, step, folder.metricsCsv(panel.name));
          const points = data.rows.length;
          out.panels.push({ name: panel.name, title: panel.title, unit: panel.unit, file: `metrics/${panel.name}.csv`, series: data.columns.length, points });
          const s = stats(data);
          if (panel.name.startsWith('service_')) {
            for (const [service, v] of Object.entries(s)) (services[service] ??= {})[resourceKey(panel.name)] = { unit: panel.unit, ...v };
          } else if (panel.name.startsWith('query-')) {
            queries[panel.title] = { expr: panel.expr, unit: panel.unit, series: s };
          } else {
            clients[panel.name] = { unit: panel.unit, series: s };
          }
        } catch (e) {
          out.warnings.push(`metrics panel ${panel.name}: ${(e as Error).message}`);
        }
        Context.current().heartbeat();
      }
      await copyTsdbBack(deps, input, url, folder).catch((e: Error) => out.warnings.push(`prometheus' TSDB was not copied back into metrics/prometheus_data: ${e.message}`));
      out.resources = { source: 'prometheus', scrapeIntervalMs: interval, window: { from: new Date(startMs).toISOString(), to: new Date(endMs).toISOString() }, services, clients, queries };
    } catch (e) {
      out.warnings.push(`metrics export failed: ${(e as Error).message}`);
      out.gaps = input.observedGaps;
    }
    writeJsonAtomic(folder.monitoringFile, out);
    log.info({ event: 'metrics-exported', panels: out.panels.map((p) => p.name), gaps: out.gaps.length, warnings: out.warnings }, `metrics exported: ${out.panels.length} panel(s), ${out.gaps.length} gap(s)`);
    return out;
  };
}

/**
 * Where Prometheus ran out of the worker's sight (a pod), a snapshot of its TSDB comes back into
 * metrics/prometheus_data, so the folder holds the same as a local run's.
 */
async function copyTsdbBack(deps: ActivityDeps, input: ExportMetricsInput, url: string, folder: ExperimentFolder): Promise<void> {
  const can = deps.backends.capabilities(input.backend);
  const backend = deps.backends.get(input.backend);
  if (!can.copiesBack || !backend.copyFrom) return;
  const where = monitorFolder(backend, can, folder);
  const name = await tsdbSnapshot(url);
  await backend.copyFrom(input.monitor.handle, path.posix.join(where.prometheusDataDir, 'snapshots', name), folder.prometheusDataDir);
}

function resourceKey(panel: string): string {
  return { service_cpu: 'cpuCores', service_memory: 'memoryBytes', service_network_in: 'networkInBytesPerSec', service_network_out: 'networkOutBytesPerSec' }[panel] ?? panel;
}

/** TSDB-measured gaps, plus observed ones the TSDB does not cover (e.g. no sample ever came back). */
function mergeGaps(measured: DataGap[], observed: DataGap[]): DataGap[] {
  const overlaps = (a: DataGap, b: DataGap) => Date.parse(a.from) <= Date.parse(b.to) + 2000 && Date.parse(b.from) <= Date.parse(a.to) + 2000;
  return [...measured, ...observed.filter((o) => !measured.some((m) => overlaps(m, o)))].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
}
