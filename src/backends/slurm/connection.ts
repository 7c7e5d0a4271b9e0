/**
 * One ssh2 connection to the login node (optionally through a jump host), opened lazily,
 * shared by all commands and SFTP transfers, and reopened after it drops.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type ConnectConfig } from 'ssh2';
import type { JumpHostConfig, SlurmBackendConfig } from './config';
import { checkHostKey, HostKeyError } from './known-hosts';

export interface SlurmLogger {
  warn(msg: string): void;
}

const stderrLogger: SlurmLogger = { warn: (msg) => process.stderr.write(`${msg}\n`) };

type Endpoint = Pick<JumpHostConfig, 'host' | 'port' | 'username' | 'privateKeyPath' | 'agent' | 'knownHostsPath'> & { passphrase?: string };

function authOptions(ep: Endpoint): Partial<ConnectConfig> {
  if (ep.privateKeyPath) {
    let privateKey: Buffer;
    try {
      privateKey = readFileSync(ep.privateKeyPath);
    } catch (err) {
      throw new Error(`slurm.privateKeyPath: cannot read ${ep.privateKeyPath} (${(err as Error).message}); point it at the private key for ${ep.username}@${ep.host}`);
    }
    return { privateKey, passphrase: ep.passphrase };
  }
  const agent = ep.agent ?? process.env.SSH_AUTH_SOCK;
  if (!agent) throw new Error(`slurm: no way to authenticate to ${ep.host}; set privateKeyPath, or run an ssh-agent (SSH_AUTH_SOCK) or set agent`);
  return { agent };
}

function connectOne(ep: Endpoint, opts: { insecure: boolean; log: SlurmLogger; sock?: NodeJS.ReadableStream }): Promise<Client> {
  const port = ep.port ?? 22;
  const knownHosts = ep.knownHostsPath ?? path.join(os.homedir(), '.ssh/known_hosts');
  let hostKeyError: HostKeyError | undefined;
  const client = new Client();
  return new Promise((resolve, reject) => {
    client.once('ready', () => resolve(client));
    client.once('error', (err) => {
      client.end();
      reject(hostKeyError ?? new Error(`ssh to ${ep.username}@${ep.host}:${port} failed: ${err.message}; check host, port, user and key (slurm.* settings)`));
    });
    client.connect({
      host: ep.host,
      port,
      username: ep.username,
      sock: opts.sock as ConnectConfig['sock'],
      readyTimeout: 20_000,
      keepaliveInterval: 15_000,
      ...authOptions(ep),
      hostVerifier: (key: Buffer) => {
        if (opts.insecure) {
          opts.log.warn(
            `WARNING: slurm.insecureSkipHostKeyCheck is on: NOT verifying the host key of ${ep.host}:${port}. Anyone on the network path can impersonate the cluster. Turn it off and add the key to known_hosts.`,
          );
          return true;
        }
        hostKeyError = checkHostKey(knownHosts, ep.host, port, key);
        return hostKeyError === undefined;
      },
    });
  });
}

function forward(jump: Client, host: string, port: number): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    jump.forwardOut('127.0.0.1', 0, host, port, (err, stream) =>
      err ? reject(new Error(`jump host could not reach ${host}:${port}: ${err.message}; check slurm.host as seen from the jump host`)) : resolve(stream),
    ),
  );
}

// OpenSSH's default MaxSessions is 10 channels per connection; stay under it.
const MAX_CHANNELS = 8;

export class SlurmConnection {
  private client?: Promise<Client>;
  private jump?: Client;
  private channels = 0;
  private readonly waiting: (() => void)[] = [];
  readonly log: SlurmLogger;

  constructor(
    readonly config: SlurmBackendConfig,
    log?: SlurmLogger,
  ) {
    this.log = log ?? stderrLogger;
  }

  /** The open connection, connecting first when needed. */
  get(): Promise<Client> {
    if (!this.client) {
      const p = this.open();
      this.client = p;
      p.then(
        (c) => c.once('close', () => this.client === p && (this.client = undefined)),
        () => this.client === p && (this.client = undefined),
      );
    }
    return this.client;
  }

  /** Runs fn with the connection while holding one of the channel slots. */
  async withChannel<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    if (this.channels >= MAX_CHANNELS) await new Promise<void>((r) => this.waiting.push(r));
    this.channels++;
    try {
      return await fn(await this.get());
    } finally {
      this.channels--;
      this.waiting.shift()?.();
    }
  }

  private async open(): Promise<Client> {
    const insecure = this.config.insecureSkipHostKeyCheck === true;
    let sock: NodeJS.ReadableStream | undefined;
    if (this.config.jumpHost) {
      this.jump = await connectOne(this.config.jumpHost, { insecure, log: this.log });
      sock = await forward(this.jump, this.config.host, this.config.port ?? 22);
    }
    return connectOne(this.config, { insecure, log: this.log, sock });
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) (await c.catch(() => undefined))?.end();
    this.jump?.end();
    this.jump = undefined;
  }
}
