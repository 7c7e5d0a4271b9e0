import path from 'node:path';
import { clientSpecSchema, type ClientSpec } from './spec';

export class ClientSpecError extends Error {
  override name = 'ClientSpecError';
  constructor(readonly problems: string[]) {
    super(`client spec is invalid:\n  ${problems.join('\n  ')}`);
  }
}

/** Validates a client spec (e.g. the JSON of `bench client --spec FILE`); the error lists every field problem. */
export function parseClientSpec(json: unknown): ClientSpec {
  const parsed = clientSpecSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  // Specs are written by the worker: a field this client does not know means it runs an older bench.
  if (parsed.error.issues.some((i) => i.code === 'unrecognized_keys')) {
    const here = path.resolve(__dirname, '..', '..');
    problems.push(`hint: the worker runs a newer bench than this node's (${here}); update it where the nodes run it, e.g. bash scripts/install-on-cluster.sh ${here}`);
  }
  throw new ClientSpecError(problems);
}
