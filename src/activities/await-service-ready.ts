import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Endpoint } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import { isFinal } from '../backends/backend';
import type { ServiceConfig } from '../recipe/schema';
import { readyTimeoutMs, serviceKind } from '../services/catalog';
import { readinessCheck } from '../services/readiness';
import { recordServiceVersion } from './service-version';
import { ExperimentFolder } from '../store/experiment-folder';
import type { DeployedService } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { orchestratorLog } from './orchestrator-log';
import { keepHeartbeating } from './heartbeat';

export interface AwaitReadyInput {
  folder: string;
  backend: BackendTarget;
  service: ServiceConfig;
  deployed: DeployedService;
}

/**
 * Polls the backend (queue wait) and then the readiness probe until the service answers. Heartbeats
 * every poll, so a worker restart resumes the wait instead of deploying again.
 */
export function awaitServiceReady(deps: ActivityDeps) {
  return async (input: AwaitReadyInput): Promise<Endpoint> => {
    const ctx = Context.current();
    const backend = deps.backends.get(input.backend);
    const { healthCheck } = input.service;
    const check = readinessCheck(input.service, backend.exec && ((argv, ms) => backend.exec!(input.deployed.handle, argv, ms)));
    const timeoutMs = readyTimeoutMs(input.service);
    const resumed = ctx.info.heartbeatDetails as { started?: number; runningSince?: number } | undefined;
    const started = resumed?.started ?? Date.now();
    // The health-check timeout counts from when the backend runs the service, not from a queue wait.
    let runningSince = resumed?.runningSince;
    let last = '';
    // Beats between polls too (a probe may take seconds, healthCheck.interval may be long): the heartbeat timeout is short.
    const stopBeating = keepHeartbeating(undefined, () => ({ started, runningSince, last }));
    try {
      return await poll();
    } finally {
      stopBeating();
    }
    async function poll(): Promise<Endpoint> {
      for (;;) {
        const status = await backend.status(input.deployed.handle);
        if (isFinal(status.state)) {
          const tail = await backend.logs(input.deployed.handle, 2000);
          // Exit 127 is the shell's "command not found": say how to install the kind's program.
          const missing = status.exitCode === 127 || /exec: .*not found|No such file or directory/.test(tail.slice(-300));
          const hint = missing ? `\nhint: its program is missing where it runs; ${serviceKind(input.service.kind).install.hint}` : '';
          // Not retryable: a retry of this wait would find the same dead launch (retrying cost ~8 min of backoff).
          throw ApplicationFailure.nonRetryable(`service ${input.service.name} ${status.state} before it was ready: ${status.reason ?? ''}${hint}\n--- last output ---\n${tail}`, 'ServiceDiedBeforeReady');
        }
        if (status.state === 'running') {
          runningSince ??= Date.now();
          const endpoint = await backend.endpoints(input.deployed.handle);
          // Clients use `endpoint`; the worker may need another way in (a port-forward into a pod network).
          const reach = backend.workerEndpoint ? await backend.workerEndpoint(input.deployed.handle) : endpoint;
          const result = status.ready === false ? { ok: false, detail: 'not ready by the backend\'s own readiness probe' } : await check(reach, Math.min(healthCheck.interval * 2, 5000));
          if (result.ok) {
            await recordServiceVersion(input.folder, input.service, reach);
            orchestratorLog(ExperimentFolder.at(input.folder)).info({ event: 'service-ready', service: input.service.name, waitedMs: Date.now() - started, endpoint }, `service ${input.service.name} ready`);
            return endpoint;
          }
          last = result.detail ?? '';
        } else {
          last = `backend state ${status.state}${status.reason ? ` (${status.reason})` : ''}`;
        }
        if (runningSince !== undefined && Date.now() - runningSince > timeoutMs) {
          throw ApplicationFailure.nonRetryable(
            `service ${input.service.name} was not ready within ${timeoutMs} ms (last probe: ${last}); raise services[].healthCheck.timeout if it needs longer`,
            'ServiceNotReady',
          );
        }
        ctx.heartbeat({ started, runningSince, last });
        await ctx.sleep(healthCheck.interval);
      }
    }
  };
}
