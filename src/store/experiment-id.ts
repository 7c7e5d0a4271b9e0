/** Experiment ids become folder names and workflow ids: they must never escape the experiments folder. */
// ':' is allowed because Temporal Schedules suffix workflow ids with an ISO timestamp.
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export function assertSafeExperimentId(id: string): void {
  if (!ID_RE.test(id) || id.includes('..')) {
    throw new Error(`experiment id "${id}" is not allowed: use letters, digits, '.', '_', ':' and '-' (no '..', no '/'), at most 200 characters`);
  }
}

/** `<recipe name>-<UTC time>-<4 random chars>`, e.g. quickstart-20261129T081500Z-k3f9. */
export function newExperimentId(recipeName: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const suffix = Math.random().toString(36).slice(2, 6).padEnd(4, '0');
  return `${recipeName}-${stamp}-${suffix}`;
}

/** The experiment id of one run of a sweep's point: derived, so a retried start finds the child instead of starting another. */
export function sweepRunId(sweepId: string, point: number, repetition: number, search = false): string {
  return `${sweepId}-${search ? 's' : 'p'}${String(point).padStart(2, '0')}-r${repetition}`;
}
