import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RESULT_SCHEMA_VERSION, type ClientResult } from './result-file';

const secondSample = z.object({
  t: z.number(),
  requests: z.number(),
  errors: z.number(),
  p50Us: z.number(),
  p90Us: z.number(),
  p99Us: z.number(),
  maxUs: z.number(),
  counts: z.record(z.string(), z.number()).optional(),
});

const clientResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  experiment: z.string(),
  instance: z.string(),
  driver: z.string(),
  executor: z.string(),
  loop: z.enum(['closed', 'open']),
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number().nonnegative(),
  histogram: z.string(),
  counters: z.object({
    requests: z.number().nonnegative(),
    ok: z.number().nonnegative(),
    errors: z.number().nonnegative(),
    dropped: z.number().nonnegative(),
  }),
  errors: z.record(z.string(), z.number()),
  series: z.array(secondSample),
  health: z.object({
    eventLoopLagP99Ms: z.number(),
    cpuPct: z.number(),
    saturated: z.boolean(),
    reason: z.string().optional(),
  }),
  warnings: z.array(z.string()),
  measurements: z.record(z.string(), z.object({ unit: z.enum(['us', 'ratio']), histogram: z.string(), count: z.number(), sum: z.number() })).optional(),
  counts: z.record(z.string(), z.number()).optional(),
  prepare: z.object({ phasesMs: z.record(z.string(), z.number()), facts: z.record(z.string(), z.union([z.number(), z.string()])).optional() }).optional(),
});

export class ResultFileError extends Error {
  override name = 'ResultFileError';
}

/** Validates a parsed result; `source` names the file in error messages. */
export function parseResult(json: unknown, source = 'client result'): ClientResult {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== RESULT_SCHEMA_VERSION) {
    throw new ResultFileError(
      `${source}: schemaVersion is ${JSON.stringify(version)}, this reader understands ${RESULT_SCHEMA_VERSION}; ` +
        're-run the client with this version of bench or read it with the matching version',
    );
  }
  const parsed = clientResultSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ResultFileError(`${source} is not a valid client result:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data as ClientResult;
}

export function readResultFile(file: string): ClientResult {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ResultFileError(`${file}: cannot read a client result (${(err as Error).message})`);
  }
  return parseResult(json, file);
}
