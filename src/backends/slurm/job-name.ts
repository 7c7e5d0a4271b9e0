import { createHash } from 'node:crypto';

export const JOB_NAME_PREFIX = 'bench-';
const MAX_NAME = 120;

/** Keeps what SLURM and its job completion log (space-separated) take safely. */
function sanitise(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * `bench-<experiment>.<launch id>`, stable for a given id so a retried launch finds the job the
 * first made. Ids that already start with the experiment id are not prefixed twice. When
 * sanitising or shortening changed the name, a hash of the original keeps distinct ids distinct.
 */
export function jobNameFor(launchId: string, experiment: string): string {
  const full = launchId.startsWith(`${experiment}.`) ? launchId : `${experiment}.${launchId}`;
  const clean = sanitise(full);
  if (clean === full && clean.length + JOB_NAME_PREFIX.length <= MAX_NAME) return JOB_NAME_PREFIX + clean;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 10);
  return `${JOB_NAME_PREFIX}${clean.slice(0, MAX_NAME - JOB_NAME_PREFIX.length - 11)}~${hash}`;
}

/** The prefix shared by every job of an experiment (launch ids are `<experimentId>.<role>.<name>...`). */
export function jobNamePrefixFor(experiment: string): string {
  return `${JOB_NAME_PREFIX}${sanitise(experiment)}.`;
}
