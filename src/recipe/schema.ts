/**
 * Recipe v1: the declarative description of one experiment (or a matrix of them).
 * Pure zod: imported by workflow code, the CLI and the JSON Schema export alike.
 */
import { z } from 'zod';
import { duration } from './duration';
import { executorSchema } from '../clients/spec';
import { BACKEND_DESCRIPTORS } from '../backends/descriptors';
import { sweepSchema } from './sweep-schema';

export const RECIPE_API_VERSION = 'bench/v1';

const name = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'use lowercase letters, digits and dashes (at most 63), starting and ending with a letter or digit');

const healthCheck = z.strictObject({
  type: z.enum(['tcp', 'http', 'exec', 'ping']).optional().meta({ description: "How readiness is probed; 'ping' is the service kind's protocol ping. Defaults to the kind's own probe." }),
  port: z.string().optional().meta({ description: 'Which named port to probe (default: the first).' }),
  path: z.string().optional().meta({ description: "For type http: the path to GET (default '/')." }),
  status: z.array(z.number().int().min(100).max(599)).min(1).optional().meta({ description: 'For type http: the statuses that mean ready (default 200-399).' }),
  command: z.array(z.string()).optional().meta({ description: 'For type exec: argv run until it exits 0.' }),
  interval: duration().default(1000),
  timeout: duration()
    .optional()
    .meta({ description: "How long deployment may take to become ready before it counts as failed (default: the kind's own, 60s for most, 10m for inference servers that load a model)." }),
  failureThreshold: z.number().int().positive().default(3).meta({ description: 'Consecutive failed probes during the run that count as a crash.' }),
});

const placement = z
  .strictObject({
    partition: z.string().optional().meta({ description: "SLURM partition for this service's or client group's jobs (default: slurm.partition)." }),
    nodeSelector: z.record(z.string(), z.string()).optional().meta({ description: 'Kubernetes: node labels the pods must have.' }),
    tolerations: z
      .array(
        z.strictObject({
          key: z.string().optional(),
          operator: z.enum(['Exists', 'Equal']).optional(),
          value: z.string().optional(),
          effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
        }),
      )
      .optional()
      .meta({ description: 'Kubernetes: taints the pods tolerate.' }),
  })
  .meta({ description: 'Where jobs may run, on backends with a choice.' });

const restartPolicy = z.strictObject({
  maxRetries: z.number().int().nonnegative().default(2),
  backoff: duration().default(1000),
});

const resources = z.strictObject({
  cpus: z.number().positive().optional(),
  memory: z.string().regex(/^\d+(Ki|Mi|Gi|K|M|G)?$/, 'write memory like 512Mi or 2Gi').optional(),
  gpus: z.number().int().nonnegative().optional(),
  nodes: z.number().int().positive().optional(),
});

export const serviceSchema = z.strictObject({
  name,
  kind: z.string().min(1).meta({ description: 'Service kind from the catalog (`bench kinds` lists them): redis, postgresql, nginx, llama-cpp, openai, chroma, pgvector, s3, filesystem, command.' }),
  options: z.record(z.string(), z.unknown()).default({}).meta({ description: "The kind's own settings (checked against the kind's schema; `bench kinds KIND` lists them)." }),
  version: z.string().optional().meta({ description: 'The version you expect (e.g. 7.0): bench records the version the running service reports and warns when it differs.' }),
  command: z.array(z.string()).min(1).optional().meta({ description: "argv overriding the kind's default command; required for kind 'command'." }),
  ports: z.record(z.string(), z.number().int().min(0).max(65535)).optional().meta({ description: 'Named ports; 0 picks a free port.' }),
  env: z.record(z.string(), z.string()).optional(),
  args: z.array(z.string()).optional().meta({ description: "Extra arguments appended to the kind's default command." }),
  image: z.string().optional().meta({ description: 'Container image, for backends that run one.' }),
  exporter: z.boolean().optional().meta({ description: "Launch the kind's Prometheus exporter beside this service when monitoring is enabled (default: monitoring.exporters)." }),
  replicas: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .meta({ description: 'Instances of this service, each with its own endpoint, named <name>-0, <name>-1...; client instances are spread over them round-robin.' }),
  resources: resources.optional(),
  placement: placement.optional(),
  healthCheck: healthCheck.prefault({}),
  restart: restartPolicy.prefault({}),
});

export const clientGroupSchema = z.strictObject({
  name,
  driver: z.string().min(1).meta({ description: 'Protocol driver: redis, http, postgresql, openai, vector, s3, or an external tool (wrk, redis-benchmark, pgbench, fio).' }),
  target: z.string().min(1).meta({ description: 'Name of the service this client sends load to.' }),
  port: z.string().optional().meta({ description: "Which named port of the target (default: the first)." }),
  instances: z.number().int().positive().default(1),
  executor: executorSchema,
  duration: duration().optional(),
  requests: z.number().int().positive().optional(),
  warmup: duration().default(0),
  options: z.record(z.string(), z.unknown()).default({}).meta({ description: "The driver's own settings (checked against the driver's schema), e.g. for redis: command (get|set|mixed), readRatio, keySpace, valueSize, pipeline." }),
  placement: placement.optional(),
});

/** Each backend's own settings block, named after it (`slurm:`, `kubernetes:`), from its descriptor. */
const backendBlocks = Object.fromEntries(
  BACKEND_DESCRIPTORS.filter((d) => d.settings).map((d) => [d.kind, (d.settings as z.ZodType).optional().meta({ description: `Settings of backend ${d.kind}: ${d.description}.` })]),
) as Record<string, z.ZodOptional<z.ZodType>>;

const scheduling = z
  .strictObject({
    maxPending: duration().optional().meta({ description: 'Fail the experiment (its launches cancelled) when one waits longer than this for resources: a queued SLURM job, an unschedulable pod.' }),
    queuePollMax: duration().default(60_000).meta({ description: 'Longest pause between two looks at a waiting launch (looks start at 1s and grow with the wait).' }),
  })
  .meta({ description: 'How long launches may wait for resources, on backends with a queue.' });

const backendKinds = BACKEND_DESCRIPTORS.map((d) => d.kind) as [string, ...string[]];

export const recipeSchema = z.strictObject({
    $schema: z.string().optional(),
    apiVersion: z.literal(RECIPE_API_VERSION).default(RECIPE_API_VERSION),
    name,
    description: z.string().optional(),
    backend: z.enum(backendKinds).default('local').meta({ description: `Where the experiment runs: ${BACKEND_DESCRIPTORS.map((d) => d.kind).join(', ')}.` }),
    ...backendBlocks,
    scheduling: scheduling.prefault({}),
    services: z.array(serviceSchema).min(1, 'a recipe needs at least one service under test'),
    workload: z.strictObject({
      clients: z.array(clientGroupSchema).min(1, 'a workload needs at least one client group'),
      minClientShare: z
        .number()
        .min(0)
        .max(1)
        .default(0)
        .meta({ description: 'Fail the experiment (partial results kept) when fewer than this share of client instances can still complete, e.g. 0.75. 0: carry on while any client runs.' }),
      clientStallTimeout: duration()
        .default(30_000)
        .meta({ description: 'A running client instance whose progress file is older than this has stopped reporting: it counts as failed.' }),
    }),
    monitoring: z
      .strictObject({
        enabled: z.boolean().default(false),
        scrapeInterval: duration().default(1000),
        exporters: z.boolean().default(true).meta({ description: "Launch each service kind's Prometheus exporter beside the service (services[].exporter overrides per service)." }),
        worker: z.boolean().default(true).meta({ description: "Scrape the Temporal worker's own SDK metrics when the worker exposes them." }),
        targets: z
          .array(z.strictObject({ name, address: z.string().regex(/^[^\s/:]+:\d+$/, 'write host:port'), path: z.string().default('/metrics') }))
          .default([])
          .meta({ description: 'Extra scrape targets (custom application metrics).' }),
        queries: z
          .array(z.strictObject({ name, expr: z.string().min(1), unit: z.string().optional() }))
          .default([])
          .meta({ description: 'PromQL expressions exported as metrics/query-<name>.csv and summarized (mean, max, last) in summary.json resources.queries.' }),
      })
      .prefault({}),
    reporting: z
      .strictObject({
        formats: z.array(z.enum(['summary', 'csv', 'pdf'])).default(['summary', 'csv']),
        thresholds: z
          .strictObject({
            p99IncreasePct: z.number().nonnegative().default(10),
            throughputDecreasePct: z.number().nonnegative().default(10),
          })
          .prefault({}),
        alpha: z
          .number()
          .gt(0, 'alpha is a significance level: write a number above 0 and below 0.5, e.g. 0.05')
          .lt(0.5, 'alpha is a significance level: write a number above 0 and below 0.5, e.g. 0.05 (0.01 for fewer false alarms)')
          .default(0.05)
          .meta({ description: "Significance level of comparisons (bench compare reads the baseline run's recipe, a schedule's baseline check the new run's): a delta beyond its threshold is a regression only when p < alpha. bench compare --alpha overrides it." }),
        failOnRegression: z.boolean().default(false).meta({ description: "Scheduled runs: fail the run when the comparison with the schedule's baseline finds a regression (with the schedule's --pause-on-failure, the schedule pauses)." }),
      })
      .prefault({}),
    timeouts: z
      .strictObject({
        experiment: duration().optional().meta({ description: 'Whole-experiment limit; teardown still runs when it fires.' }),
      })
      .prefault({}),
    sweep: sweepSchema.optional(),
  });

export type Recipe = z.output<typeof recipeSchema>;

/** The longest a service's readiness may take, for sizing activity timeouts (the kind's own default is applied by the activity). */
export const READY_TIMEOUT_BOUND_MS = 15 * 60_000;
export function readyTimeoutBound(service: { healthCheck: { timeout?: number } }): number {
  return service.healthCheck.timeout ?? READY_TIMEOUT_BOUND_MS;
}
export type RecipeInput = z.input<typeof recipeSchema>;

/** How long launches may wait for resources; slurm.maxPending and slurm.queuePollMax are the names recorded recipes used before scheduling: existed. */
export function schedulingOf(recipe: Recipe): { maxPending?: number; queuePollMax: number } {
  const legacy = (recipe as Record<string, unknown>).slurm as { maxPending?: number; queuePollMax?: number } | undefined;
  return { maxPending: recipe.scheduling?.maxPending ?? legacy?.maxPending, queuePollMax: legacy?.queuePollMax ?? recipe.scheduling?.queuePollMax ?? 60_000 };
}

/** The recipe's settings block of the backend it names (`slurm:`, `kubernetes:`). */
export function backendSettingsOf(recipe: Recipe): unknown {
  return (recipe as Record<string, unknown>)[recipe.backend];
}
export type ServiceConfig = Recipe['services'][number];
export type ClientGroupConfig = Recipe['workload']['clients'][number];
