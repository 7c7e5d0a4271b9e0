/**
 * Recipe v1: the declarative description of one experiment (or a matrix of them).
 * Pure zod: imported by workflow code, the CLI and the JSON Schema export alike.
 */
import { z } from 'zod';
import { duration } from './duration';
import { executorSchema } from '../clients/spec';

export const RECIPE_API_VERSION = 'bench/v1';

const name = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'use lowercase letters, digits and dashes (at most 63), starting and ending with a letter or digit');

const healthCheck = z.strictObject({
  type: z.enum(['tcp', 'http', 'exec', 'ping']).optional().meta({ description: "How readiness is probed; 'ping' is the service kind's protocol ping. Defaults to the kind's own probe." }),
  port: z.string().optional().meta({ description: 'Which named port to probe (default: the first).' }),
  path: z.string().optional().meta({ description: "For type http: the path to GET (default '/')." }),
  command: z.array(z.string()).optional().meta({ description: 'For type exec: argv run until it exits 0.' }),
  interval: duration().default(1000),
  timeout: duration().default(60_000).meta({ description: 'How long deployment may take to become ready before it counts as failed.' }),
  failureThreshold: z.number().int().positive().default(3).meta({ description: 'Consecutive failed probes during the run that count as a crash.' }),
});

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
  kind: z.string().min(1).meta({ description: 'Service kind from the catalog (redis, nginx, postgresql, command).' }),
  version: z.string().optional(),
  command: z.array(z.string()).min(1).optional().meta({ description: "argv overriding the kind's default command; required for kind 'command'." }),
  ports: z.record(z.string(), z.number().int().min(0).max(65535)).optional().meta({ description: 'Named ports; 0 picks a free port.' }),
  env: z.record(z.string(), z.string()).optional(),
  args: z.array(z.string()).optional().meta({ description: "Extra arguments appended to the kind's default command." }),
  image: z.string().optional().meta({ description: 'Container image, for backends that run one.' }),
  resources: resources.optional(),
  healthCheck: healthCheck.prefault({}),
  restart: restartPolicy.prefault({}),
});

export const clientGroupSchema = z.strictObject({
  name,
  driver: z.string().min(1).meta({ description: 'Protocol driver: redis, http, postgresql, or an external tool (wrk, redis-benchmark, pgbench, fio).' }),
  target: z.string().min(1).meta({ description: 'Name of the service this client sends load to.' }),
  port: z.string().optional().meta({ description: "Which named port of the target (default: the first)." }),
  instances: z.number().int().positive().default(1),
  executor: executorSchema,
  duration: duration().optional(),
  requests: z.number().int().positive().optional(),
  warmup: duration().default(0),
  options: z.record(z.string(), z.unknown()).default({}).meta({ description: 'Driver options, e.g. for redis: operation, readRatio, keySpace, valueSize, pipeline.' }),
});

const slurmSettings = z.strictObject({
  host: z.string(),
  port: z.number().int().default(22),
  username: z.string(),
  privateKeyPath: z.string().optional(),
  knownHostsPath: z.string().optional(),
  insecureSkipHostKeyCheck: z.boolean().default(false),
  sharedDir: z.string(),
  partition: z.string().optional(),
  account: z.string().optional(),
  qos: z.string().optional(),
  timeLimit: z.string().optional(),
  modules: z.array(z.string()).optional(),
  maxPending: duration().optional().meta({ description: 'Cancel the experiment if its jobs wait in the queue longer than this.' }),
  connection: z.string().optional().meta({ description: 'Path to a connection.json written by `npm run slurm:up`; its values fill unset fields.' }),
});

export const recipeSchema = z.strictObject({
    $schema: z.string().optional(),
    apiVersion: z.literal(RECIPE_API_VERSION).default(RECIPE_API_VERSION),
    name,
    description: z.string().optional(),
    backend: z.enum(['local', 'slurm', 'kubernetes']).default('local'),
    slurm: slurmSettings.partial({ host: true, username: true, sharedDir: true }).optional(),
    services: z.array(serviceSchema).min(1, 'a recipe needs at least one service under test'),
    workload: z.strictObject({
      clients: z.array(clientGroupSchema).min(1, 'a workload needs at least one client group'),
    }),
    monitoring: z
      .strictObject({
        enabled: z.boolean().default(false),
        scrapeInterval: duration().default(1000),
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
      })
      .prefault({}),
    timeouts: z
      .strictObject({
        experiment: duration().optional().meta({ description: 'Whole-experiment limit; teardown still runs when it fires.' }),
      })
      .prefault({}),
  });

export type Recipe = z.output<typeof recipeSchema>;
export type RecipeInput = z.input<typeof recipeSchema>;
export type ServiceConfig = Recipe['services'][number];
export type ClientGroupConfig = Recipe['workload']['clients'][number];
