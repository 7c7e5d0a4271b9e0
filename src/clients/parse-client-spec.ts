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
  throw new ClientSpecError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
}
