/**
 * How to reach a SLURM cluster's login node and what to submit by default.
 * `npm run slurm:up` writes the connection part to `.bench/slurm/connection.json`.
 */
export interface JumpHostConfig {
  host: string;
  port?: number;
  username: string;
  privateKeyPath?: string;
  /** Use the ssh-agent at this socket (default: $SSH_AUTH_SOCK when no key is given). */
  agent?: string;
  knownHostsPath?: string;
}

export interface SlurmBackendConfig {
  host: string;
  port?: number;
  username: string;
  /** Key file; without it the ssh-agent (`agent` or $SSH_AUTH_SOCK) is used. */
  privateKeyPath?: string;
  passphrase?: string;
  agent?: string;
  /** OpenSSH known_hosts file the login node's host key must appear in (default ~/.ssh/known_hosts). */
  knownHostsPath?: string;
  /** Turns host-key verification off. Dangerous: a warning is logged on every connection. */
  insecureSkipHostKeyCheck?: boolean;
  jumpHost?: JumpHostConfig;
  /** A folder on the cluster's shared file system; each job gets a subfolder. */
  sharedDir: string;
  partition?: string;
  account?: string;
  qos?: string;
  /** Default time limit for jobs, in SLURM's format (e.g. `01:00:00`). */
  timeLimit?: string;
  /** Where slurm.conf is on the login node, when it is not the default (exported as SLURM_CONF). */
  slurmConf?: string;
  /** Modules loaded before every job (`module load ...`). */
  modules?: string[];
  /** Container runtime used when a launch spec names an image. */
  containerRuntime?: 'apptainer' | 'singularity';
}
