/**
 * Runs a command in a pod's container and resolves once it exited, with its exit code.
 * client-node's Exec resolves when the websocket connects; the exit arrives later on the status channel.
 */
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { Readable, Writable } from 'node:stream';

export interface ExecResult {
  code: number;
  /** Empty when opts.stdout took the output. */
  stdout: Buffer;
  stderr: string;
}

export interface ExecOptions {
  stdin?: string | Buffer;
  /** Streams stdout here instead of collecting it (ended when the command exits). */
  stdout?: Writable;
  timeoutMs?: number;
}

export interface PodRef {
  namespace: string;
  pod: string;
  container: string;
}

export function execInPod(kc: KubeConfig, target: PodRef, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = opts.stdout ?? collector(out);
  const stderr = collector(err);
  const stdin = opts.stdin === undefined ? null : Readable.from([Buffer.from(opts.stdin)]);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const what = `exec ${argv[0]} in pod ${target.namespace}/${target.pod}`;
  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    let socket: { close(): void } | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new Error(`${what}: no exit after ${timeoutMs} ms`)));
      socket?.close();
    }, timeoutMs);
    const onStatus = (status: V1Status) => {
      const code = exitCodeOf(status);
      if (code === undefined) settle(() => reject(new Error(`${what}: ${status.message ?? status.reason ?? JSON.stringify(status)}`)));
      else settle(() => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    };
    new Exec(kc).exec(target.namespace, target.pod, target.container, argv, stdout, stderr, stdin, false, onStatus).then(
      (ws) => {
        socket = ws;
        ws.on('close', () => settle(() => reject(new Error(`${what}: the connection closed before the command exited${stderrText(err)}`))));
        ws.on('error', (e: Error) => settle(() => reject(new Error(`${what}: ${e.message}`))));
      },
      (e: unknown) => settle(() => reject(new Error(`${what}: ${(e as Error)?.message ?? String(e)}`))),
    );
  });
}

/** The exit code a V1Status from the exec status channel reports; undefined when the command did not run at all. */
export function exitCodeOf(status: V1Status): number | undefined {
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    return Number.isInteger(code) ? code : 1;
  }
  return undefined;
}

function collector(chunks: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
}

function stderrText(err: Buffer[]): string {
  const text = Buffer.concat(err).toString('utf8').trim();
  return text ? ` (stderr: ${text.slice(-500)})` : '';
}
