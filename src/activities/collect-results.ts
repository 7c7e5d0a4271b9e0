import { Context } from '@temporalio/activity';
import { existsSync } from 'node:fs';
import type { ClientResult } from '../clients/results/result-file';
import { readResultFile } from '../clients/results/result-reader';
import type { Recipe } from '../recipe/schema';
import type { BackendTarget } from '../backends/target';
import { parseResult } from '../clients/results/result-reader';
import { writeFileSync } from 'node:fs';
import { buildSummary } from '../reports/build-summary';
import { readMonitoringExport } from '../monitors/read-export';
import { rawResultsCsv } from '../reports/raw-results-csv';
import { writeFileAtomic, writeJsonAtomic } from '../store/atomic-write';
import { ExperimentFolder } from '../store/experiment-folder';
import type { ExperimentStatus, HeadlineSummary, LaunchedClient, ServiceRecord } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { instanceStatus, statusesByHandle, taskOf } from './instance-state';
import { orchestratorLog } from './orchestrator-log';
import { readMetadata } from '../store/metadata';
import { versionKey } from './service-version';

export interface CollectInput {
  folder: string;
  experimentId: string;
  recipe: Recipe;
  backend: BackendTarget;
  status: ExperimentStatus;
  error?: string;
  clients: LaunchedClient[];
  services: ServiceRecord[];
  warnings: string[];
  startedAt: string;
  runStartedAt?: string;
}

/** Reads every client's result file (what exists: partial runs too), writes summary.json and raw_results.csv. */
export function collectResults(deps: ActivityDeps) {
  return async (input: CollectInput): Promise<HeadlineSummary> => {
    const folder = ExperimentFolder.at(input.folder);
    const log = orchestratorLog(folder);
    const backend = deps.backends.get(input.backend);
    const workspace = ExperimentFolder.at(backend.workspace(folder.id, folder.dir));
    const warnings = [...input.warnings];
    const jobs = await statusesByHandle(input.clients, (h) => backend.status(h));
    const instances = await Promise.all(
      input.clients.map(async (c) => {
        const file = folder.clientResultFile(c.instance);
        let result: ClientResult | undefined;
        try {
          if (workspace.dir === folder.dir) {
            if (existsSync(file)) result = readResultFile(file);
          } else {
            // On a cluster the result sits where the client ran: keep a copy in the experiment folder.
            const text = await backend.readFile(c.handle, workspace.clientResultFile(c.instance), taskOf(c));
            if (text !== undefined) {
              writeFileSync(file, text);
              result = parseResult(JSON.parse(text), file);
            }
          }
        } catch (e) {
          warnings.push(`client ${c.instance}: unreadable result file: ${(e as Error).message}`);
        }
        Context.current().heartbeat();
        const state = instanceStatus(jobs.of(c), jobs.shared(c), result !== undefined).state;
        return { group: c.group, instance: c.instance, state, result, ...(c.target ? { target: c.target } : {}) };
      }),
    );
    const metadata = readMetadata(folder.metadataFile);
    const versions = Object.fromEntries(input.services.flatMap((s) => (metadata[versionKey(s.name)] ? [[s.name, metadata[versionKey(s.name)]]] : [])));
    const summary = buildSummary({ ...input, instances, warnings, monitoring: readMonitoringExport(folder.monitoringFile), versions });
    writeJsonAtomic(folder.summaryFile, summary);
    const withResults = instances.flatMap((i) => (i.result ? [{ group: i.group, result: i.result }] : []));
    writeFileAtomic(folder.rawResultsCsv, rawResultsCsv(withResults));
    log.info({ event: 'results-collected', requests: summary.totals.requests, opsPerSec: summary.totals.opsPerSec, status: input.status }, 'summary.json and raw_results.csv written');
    return {
      requests: summary.totals.requests,
      errors: summary.totals.errors,
      opsPerSec: summary.totals.opsPerSec,
      latencyMs: summary.totals.latencyMs,
      errorsByType: summary.totals.errorsByType,
      instances: summary.totals.instances,
      loop: [...new Set(summary.groups.map((g) => g.loop))].join('+'),
      saturatedInstances: summary.groups.flatMap((g) => g.saturatedInstances),
      warnings: summary.warnings,
    };
  };
}
