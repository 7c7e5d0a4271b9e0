/** All activities, bound to the worker's dependencies. Workflow code imports only the type of this. */
import { awaitServiceReady } from './await-service-ready';
import { backendStatus } from './backend-status';
import { rescheduleService } from './reschedule-service';
import { collectResults } from './collect-results';
import { compareWithBaseline } from './compare-with-baseline';
import type { ActivityDeps } from './deps';
import { deployService } from './deploy-service';
import { finishExperiment } from './finish-experiment';
import { launchClients } from './launch-clients';
import { prepareExperiment } from './prepare-experiment';
import { stopHandles } from './stop-handles';
import { superviseSpan, superviseTick } from './supervise';
import { teardown } from './teardown';
import { reaperActivities } from './reaper';
import { startMonitoring } from './start-monitoring';
import { addClientTargets } from './monitor-targets';
import { monitorHealth } from './monitor-health';
import { restartMonitoring } from './restart-monitoring';
import { exportMetrics } from './export-metrics';
import { finishOutputs } from './finish-outputs';
import { checkRecipeText } from './check-recipe-text';
import { sweepActivities } from './sweep';
import { heartbeating } from './heartbeat';

/** Activities that heartbeat their own progress (resumed from heartbeatDetails): never given bare beats. */
const OWN_HEARTBEATS = new Set(['awaitServiceReady', 'superviseSpan']);

export function createActivities(deps: ActivityDeps) {
  const all = {
    prepareExperiment: prepareExperiment(deps),
    deployService: deployService(deps),
    awaitServiceReady: awaitServiceReady(deps),
    launchClients: launchClients(deps),
    superviseTick: superviseTick(deps),
    superviseSpan: superviseSpan(deps),
    backendStatus: backendStatus(deps),
    rescheduleService: rescheduleService(deps),
    stopHandles: stopHandles(deps),
    collectResults: collectResults(deps),
    teardown: teardown(deps),
    finishExperiment: finishExperiment(),
    compareWithBaseline: compareWithBaseline(),
    startMonitoring: startMonitoring(deps),
    addClientTargets: addClientTargets(deps),
    monitorHealth: monitorHealth(deps),
    restartMonitoring: restartMonitoring(deps),
    exportMetrics: exportMetrics(deps),
    ...reaperActivities(deps),
    finishOutputs: finishOutputs(),
    checkRecipeText: checkRecipeText(),
    ...sweepActivities(),
  };
  // Every other activity heartbeats while it runs, so its short heartbeatTimeout (policies.ts) holds.
  for (const name of Object.keys(all) as (keyof typeof all)[]) {
    if (!OWN_HEARTBEATS.has(name)) (all as Record<string, unknown>)[name] = heartbeating(all[name] as (...args: unknown[]) => Promise<unknown>);
  }
  return all;
}

export type { ActivityDeps };
