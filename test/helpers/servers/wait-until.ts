import { connect } from 'node:net';

/** Thrown from a check to stop waiting at once, e.g. when the server process already exited. */
export class GaveUp extends Error {}

/** Polls `check` until it returns true; throws with `what` and the last error after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      if (err instanceof GaveUp) throw new Error(`gave up waiting for ${what}: ${err.message}`);
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Sends `payload` to host:port and resolves with what came back before the peer closed or `expect` matched. */
export function tcpExchange(host: string, port: number, payload: string, expect: RegExp): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let got = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(false);
    }, 1000);
    sock.on('connect', () => sock.write(payload));
    sock.on('data', (d) => {
      got += d.toString('latin1');
      if (expect.test(got)) {
        clearTimeout(timer);
        sock.destroy();
        resolve(true);
      }
    });
    sock.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(expect.test(got));
    });
  });
}
