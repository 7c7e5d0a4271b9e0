/**
 * The reaper's steps: what the backends still run, grouped by experiment; whether each experiment's
 * workflow is closed (asked of Temporal); and stopping what a closed one left behind, logged per removal.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Handle } from '../backends/backend';
import type { BackendTarget } from '../backends/target';
import { connectClient } from '../temporal/connection';
import { temporalConfig } from '../temporal/config';
import { ExperimentFolder } from '../store/experiment-folder';
import type { ActivityDeps } from './deps';
import { keepHeartbeating } from './heartbeat';
import { orchestratorLog } from './orchestrator-log';

export interface Leftovers {
  target: BackendTarget;
  experiment: string;
  handles: { id: string; role: string; name: string }[];
}

export interface Removal {
  experiment: string;
  workflowStatus: string;
  id: string;
  role: string;
  name: string;
  backend: string;
  /** Why it could not be stopped (it stays for the next pass); absent when it was stopped. */
  error?: string;
}

/** Everything alive on the given backends, grouped by the experiment label. */
export function listLeftovers(deps: ActivityDeps) {
  return async (input: { targets: BackendTarget[] }): Promise<Leftovers[]> => {
    const groups = new Map<string, Leftovers>();
    for (const target of input.targets) {
      for (const h of await deps.backends.get(target).list({})) {
        const key = `${target.kind}\u0000${h.labels.experiment}`;
        if (!groups.has(key)) groups.set(key, { target, experiment: h.labels.experiment, handles: [] });
        groups.get(key)!.handles.push({ id: h.id, role: h.labels.role, name: h.labels.name });
      }
    }
    return [...groups.values()];
  };
}

/** The execution status of each workflow (experiment id = workflow id), or NOT_FOUND. */
export function workflowStatuses(deps: ActivityDeps) {
  return async (input: { ids: string[] }): Promise<Record<string, string>> => {
    const own = deps.temporalClient ? undefined : await connectClient(temporalConfig());
    const client: Client = deps.temporalClient ? await deps.temporalClient() : own!.client;
    try {
      const out: Record<string, string> = {};
      for (const id of input.ids) {
        try {
          out[id] = (await client.workflow.getHandle(id).describe()).status.name;
        } catch (e) {
          if ((e as Error).name !== 'WorkflowNotFoundError') throw e;
          out[id] = 'NOT_FOUND';
        }
        Context.current().heartbeat();
      }
      return out;
    } finally {
      await own?.close();
    }
  };
}

/** Stops every live handle of one experiment on one backend; logs each removal. Safe to repeat. */
export function removeLeftovers(deps: ActivityDeps) {
  return async (input: { target: BackendTarget; experiment: string; workflowStatus: string }): Promise<Removal[]> => {
    const backend = deps.backends.get(input.target);
    const log = Context.current().log;
    const stopBeating = keepHeartbeating();
    const removed: Removal[] = [];
    try {
      for (const handle of await backend.list({ experiment: input.experiment })) {
        const removal: Removal = { experiment: input.experiment, workflowStatus: input.workflowStatus, id: handle.id, role: handle.labels.role, name: handle.labels.name, backend: input.target.kind };
        try {
          await backend.stop(handle);
        } catch (e) {
          // One launch that will not stop must not keep the others running: report it, try the rest.
          removal.error = (e as Error).message;
          removed.push(removal);
          log.warn(`reaper: could not stop ${handle.labels.role} ${handle.labels.name} of experiment ${input.experiment}: ${removal.error}`, { ...removal });
          experimentLog(handle)?.warn({ event: 'reap-failed', ...removal }, `reaper: could not stop ${handle.labels.role} ${handle.labels.name}: ${removal.error}`);
          continue;
        }
        removed.push(removal);
        log.info(`reaper: stopped ${handle.labels.role} ${handle.labels.name} of experiment ${input.experiment} (workflow ${input.workflowStatus})`, { ...removal });
        experimentLog(handle)?.info({ event: 'reaped', ...removal }, `reaper: stopped ${handle.labels.role} ${handle.labels.name} left behind by a ${input.workflowStatus.toLowerCase()} workflow`);
      }
      if (removed.every((r) => !r.error)) await backend.cleanup?.(input.experiment);
    } finally {
      stopBeating();
    }
    return removed;
  };
}

/** The orchestrator log of the handle's experiment folder, when the handle's log file sits in one. */
function experimentLog(handle: Handle) {
  const dir = path.dirname(path.dirname(handle.logFile));
  if (path.basename(dir) !== handle.labels.experiment || !existsSync(path.join(dir, 'metadata.out'))) return undefined;
  try {
    return orchestratorLog(ExperimentFolder.at(dir));
  } catch {
    return undefined;
  }
}

export function reaperActivities(deps: ActivityDeps) {
  return { listLeftovers: listLeftovers(deps), workflowStatuses: workflowStatuses(deps), removeLeftovers: removeLeftovers(deps) };
}
