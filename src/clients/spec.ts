/**
 * What one `bench client` instance is told to do. Backends launch `bench client --spec FILE --out FILE`
 * with this JSON in FILE; the executor and driver option schemas are shared with the recipe schema.
 */
import { z } from 'zod';
import { duration } from '../recipe/duration';

/** A duration in a recipe ("10s", "500ms", seconds) or, once converted, plain milliseconds in a client spec. */
type DurationField = () => z.ZodType<number, unknown>;
const milliseconds: DurationField = () =>
  z
    .union([z.number().nonnegative(), duration()])
    .meta({ description: 'Milliseconds, or a duration string like "500ms" or "10s".' }) as unknown as z.ZodType<number, unknown>;

function executorSchemaWith(time: DurationField) {
  const stage = z.strictObject({
    duration: time(),
    target: z.number().nonnegative().meta({ description: 'Rate (req/s) or users reached at the end of this stage.' }),
  });
  return z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('closed-loop'),
      connections: z.number().int().positive().default(8).meta({ description: 'Concurrent virtual users, each waiting for its reply before the next request.' }),
      thinkTime: time().optional(),
    }),
    z.strictObject({
      type: z.literal('constant-arrival-rate'),
      rate: z.number().positive().meta({ description: 'Requests started per second, whatever the server does (open loop).' }),
      maxInFlight: z.number().int().positive().default(1000),
      connections: z.number().int().positive().default(16),
    }),
    z.strictObject({
      type: z.literal('poisson-arrival-rate'),
      rate: z.number().positive(),
      maxInFlight: z.number().int().positive().default(1000),
      connections: z.number().int().positive().default(16),
    }),
    z.strictObject({
      type: z.literal('ramping-arrival-rate'),
      startRate: z.number().nonnegative().default(0),
      stages: z.array(stage).min(1),
      maxInFlight: z.number().int().positive().default(1000),
      connections: z.number().int().positive().default(16),
    }),
    z.strictObject({
      type: z.literal('ramping-users'),
      startUsers: z.number().int().nonnegative().default(0),
      stages: z.array(stage).min(1),
      thinkTime: time().optional(),
    }),
  ]);
}

/** The executor block of a recipe: durations written as "10s", "500ms" or seconds. */
export const executorSchema = executorSchemaWith(duration);
/** The same block in a client spec, after the recipe converted its durations to milliseconds. */
export const executorSpecSchema = executorSchemaWith(milliseconds);
export type ExecutorSpec = z.output<typeof executorSpecSchema>;

export const clientSpecSchema = z.strictObject({
  experiment: z.string(),
  instance: z.string(),
  /** This instance's rank in its group and the group's size: drivers split prepare work by them. */
  rank: z.number().int().nonnegative().default(0),
  instances: z.number().int().positive().default(1),
  driver: z.strictObject({
    kind: z.string(),
    target: z.strictObject({ host: z.string(), port: z.number().int() }),
    options: z.record(z.string(), z.unknown()).default({}),
  }),
  executor: executorSpecSchema,
  /** Measured time, warm-up excluded. Ends at whichever of duration or requests comes first. */
  durationMs: z.number().nonnegative().optional(),
  requests: z.number().int().positive().optional(),
  warmupMs: z.number().nonnegative().default(0),
  /** Rewritten about once a second with live counters, for progress and supervision. */
  progressFile: z.string().optional(),
  /** Port for a Prometheus /metrics endpoint (0 = none). */
  metricsPort: z.number().int().nonnegative().default(0),
  /** Serve /metrics on a port picked free where the client runs (a cluster node), reported as metricsPort in the progress file. */
  metricsAnyPort: z.boolean().default(false),
  /** After the window ends, how long to wait for outstanding replies before counting them `unfinished`. */
  drainTimeoutMs: z.number().nonnegative().default(10_000),
}).superRefine((spec, ctx) => {
  const staged = spec.executor.type === 'ramping-arrival-rate' || spec.executor.type === 'ramping-users';
  if (!staged && spec.durationMs === undefined && spec.requests === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['durationMs'],
      message: `a ${spec.executor.type} run needs an end: set durationMs, requests, or both (whichever comes first ends it)`,
    });
  }
});
export type ClientSpec = z.output<typeof clientSpecSchema>;
export type ClientSpecInput = z.input<typeof clientSpecSchema>;
