/** The recipe's `slurm:` block and what the SLURM backend can do. Pure: used by the recipe schema and workflows. */
import { z } from 'zod';
import { duration } from '../../recipe/duration';
import type { BackendDescriptor } from '../plugin';

/** In launch commands, stands for slurm.sharedDir (which may come from a connection.json the recipe names). */
export const SHARED_DIR_TOKEN = '{sharedDir}';

export const slurmSettingsSchema = z.strictObject({
  connection: z.string().optional().meta({ description: 'Path (relative to the recipe) of a connection.json, as written by `npm run slurm:up`; fields set here win over it.' }),
  host: z.string().optional().meta({ description: 'Login node reached over ssh.' }),
  port: z.number().int().min(1).max(65535).optional().meta({ description: 'ssh port (default 22).' }),
  username: z.string().optional(),
  privateKeyPath: z.string().optional().meta({ description: 'Key file; without it the ssh-agent is used.' }),
  agent: z.string().optional().meta({ description: 'ssh-agent socket (default $SSH_AUTH_SOCK).' }),
  knownHostsPath: z.string().optional().meta({ description: 'known_hosts file the login node must be in (default ~/.ssh/known_hosts).' }),
  insecureSkipHostKeyCheck: z.boolean().optional().meta({ description: 'Turns host-key verification off (logged loudly on every connection). Never on shared networks.' }),
  jumpHost: z
    .strictObject({ host: z.string(), port: z.number().int().optional(), username: z.string(), privateKeyPath: z.string().optional(), agent: z.string().optional(), knownHostsPath: z.string().optional() })
    .optional(),
  sharedDir: z.string().optional().meta({ description: 'A folder on the shared file system, visible from the login and compute nodes.' }),
  partition: z.string().optional(),
  account: z.string().optional(),
  qos: z.string().optional(),
  timeLimit: z.string().optional().meta({ description: "Job time limit in SLURM's format, e.g. 01:00:00." }),
  slurmConf: z.string().optional(),
  modules: z.array(z.string()).optional().meta({ description: 'Modules loaded before every job.' }),
  containerRuntime: z.enum(['apptainer', 'singularity']).optional(),
  benchCommand: z
    .array(z.string())
    .min(1)
    .optional()
    .meta({ description: 'How compute nodes run bench; {sharedDir} stands for slurm.sharedDir. Default ["node", "{sharedDir}/bench/bin/bench.js"], where scripts/install-on-cluster.sh puts it.' }),
  maxPending: duration().optional().meta({ description: 'Deprecated: use scheduling.maxPending (still honoured).' }),
  queuePollMax: duration().optional().meta({ description: 'Deprecated: use scheduling.queuePollMax (still honoured).' }),
});

/** Where `bash scripts/install-on-cluster.sh <sharedDir>/bench` installs bench for the compute nodes. */
export const SLURM_DEFAULT_BENCH_COMMAND = ['node', `${SHARED_DIR_TOKEN}/bench/bin/bench.js`];

export type SlurmRecipeSettings = z.output<typeof slurmSettingsSchema>;

export const slurmDescriptor: BackendDescriptor<SlurmRecipeSettings> = {
  kind: 'slurm',
  description: 'SLURM batch jobs submitted through ssh on a login node (one job per service, one job of N tasks per client group)',
  settings: slurmSettingsSchema,
  capabilities: (s) => ({
    bindAddress: '0.0.0.0',
    portChoice: 'kind',
    portsPickedWhereRun: true,
    taskGroups: true,
    reschedule: true,
    queue: true,
    imagesRequired: false,
    images: true,
    memoryLimit: true,
    placement: ['partition'],
    benchCommand: s?.benchCommand ?? SLURM_DEFAULT_BENCH_COMMAND,
    copiesBack: true,
  }),
  checks(raw) {
    const block = raw.slurm;
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      return [{ path: ['backend'], message: 'backend slurm needs a slurm: block (host, username, sharedDir, or connection: ../.bench/slurm/connection.json)' }];
    }
    const settings = block as Record<string, unknown>;
    const issues = [];
    if (settings.connection === undefined) {
      for (const key of ['host', 'username', 'sharedDir']) {
        if (settings[key] === undefined) issues.push({ path: ['slurm'], message: `slurm.${key} is missing; set it, or point slurm.connection at a connection.json` });
      }
    }
    for (const key of ['maxPending', 'queuePollMax']) {
      if (settings[key] !== undefined) issues.push({ path: ['slurm', key], severity: 'warning' as const, message: `slurm.${key} moved to scheduling.${key}, which every backend with a queue honours` });
    }
    return issues;
  },
};
