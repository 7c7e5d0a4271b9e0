import { Context } from '@temporalio/activity';
import { existsSync } from 'node:fs';
import type { ClientResult } from '../clients/results/result-file';
import { readResultFile } from '../clients/results/result-reader';
import type { Recipe } from '../recipe/schema';
import { buildSummary } from '../reports/build-summary';
import { rawResultsCsv } from '../reports/raw-results-csv';
import { writeFileAtomic, writeJsonAtomic } from '../store/atomic-write';
import { ExperimentFolder } from '../store/experiment-folder';
import type { HeadlineSummary, LaunchedClient, ServiceRecord } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';

export interface CollectInput {
  folder: string;
  experimentId: string;
  recipe: Recipe;
  status: 'completed' | 'failed' | 'cancelled';
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
    const backend = deps.backends.get(input.recipe.backend);
    const warnings = [...input.warnings];
    const instances = await Promise.all(
      input.clients.map(async (c) => {
        const state = (await backend.status(c.handle)).state;
        const file = folder.clientResultFile(c.instance);
        let result: ClientResult | undefined;
        if (existsSync(file)) {
          try {
            result = readResultFile(file);
          } catch (e) {
            warnings.push(`client ${c.instance}: unreadable result file: ${(e as Error).message}`);
          }
        }
        Context.current().heartbeat();
        return { group: c.group, instance: c.instance, state, result };
      }),
    );
    const summary = buildSummary({ ...input, instances, warnings });
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
