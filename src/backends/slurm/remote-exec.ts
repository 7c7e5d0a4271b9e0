/** Runs an argv on the login node: every word is quoted, so nothing in it is parsed by the remote shell. */
import type { Client } from 'ssh2';
import type { SlurmConnection } from './connection';
import { shellJoin, shellQuote } from '../shell-quote';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export class RemoteCommandError extends Error {
  override readonly name = 'RemoteCommandError';
  constructor(
    readonly argv: string[],
    readonly result: ExecResult,
  ) {
    super(`\`${argv.join(' ')}\` on the login node exited with ${result.code}: ${result.stderr.trim() || result.stdout.trim() || '(no output)'}`);
  }
}

export interface ExecOptions {
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

function run(client: Client, line: string, argv: string[], timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(line, (err, stream) => {
      if (err) return reject(new Error(`cannot run ${argv[0]} on the login node: ${err.message}`));
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      const timer = setTimeout(() => {
        stream.close();
        reject(new Error(`\`${argv.join(' ')}\` on the login node took longer than ${timeoutMs} ms; is slurmctld (or munged) responding?`));
      }, timeoutMs);
      stream.on('data', (d: Buffer) => out.push(d));
      stream.stderr.on('data', (d: Buffer) => errOut.push(d));
      stream.on('close', (code: number | null) => {
        clearTimeout(timer);
        resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8'), code });
      });
    });
  });
}

export async function execRemote(conn: SlurmConnection, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const slurmConf = conn.config.slurmConf;
  const line = (slurmConf ? `SLURM_CONF=${shellQuote(slurmConf)} ` : '') + shellJoin(argv);
  const result = await conn.withChannel((client) => run(client, line, argv, opts.timeoutMs ?? 60_000));
  if (result.code !== 0 && !opts.allowFailure) throw new RemoteCommandError(argv, result);
  return result;
}
