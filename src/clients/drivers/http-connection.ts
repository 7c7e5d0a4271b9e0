import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { RequestDone } from './driver';
import { Fifo } from './fifo';
import { HttpResponseParser } from './http-response-parser';

export interface HttpConnectionOptions {
  host: string;
  port: number;
  /** The whole request, encoded once: every request on this connection is the same bytes. */
  request: Buffer;
  /** Requests written before their responses arrive; more wait here unwritten. */
  pipelining: number;
  /** Statuses at or above this count as errors (`http_<status>`). */
  errorStatusFrom: number;
  noBody: boolean;
  timeoutMs: number;
}

/**
 * One HTTP/1.1 keep-alive connection over a raw socket. Requests written in the same tick go out
 * in one write; responses complete the oldest request. When the server closes after a response,
 * requests already pipelined behind it are re-sent on a fresh connection.
 */
export class HttpConnection {
  private socket: Socket | null = null;
  private connecting = false;
  private closed = false;
  private readonly inFlight = new Fifo<RequestDone>();
  private queue: RequestDone[] = [];
  private toWrite = 0;
  private flushScheduled = false;
  private readAt = 0;
  private readonly parser: HttpResponseParser;

  constructor(private readonly o: HttpConnectionOptions) {
    this.parser = new HttpResponseParser({ onResponse: (status, close) => this.onResponse(status, close) });
    this.parser.expectNoBody = () => o.noBody;
  }

  /** Connects now; resolves when connected, rejects with the reason when not. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.connecting = true;
      const socket = connect({ host: this.o.host, port: this.o.port, noDelay: true });
      socket.setTimeout(this.o.timeoutMs);
      const onError = (err: Error) => {
        this.connecting = false;
        socket.destroy();
        reject(err);
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        this.connecting = false;
        this.socket = socket;
        socket.on('data', (chunk: Buffer) => {
          this.readAt = performance.now();
          try {
            this.parser.feed(chunk);
          } catch (err) {
            this.fail(socket, 'http_malformed_response');
          }
        });
        socket.on('timeout', () => this.fail(socket, 'timeout'));
        socket.on('error', (err) => this.fail(socket, (err as NodeJS.ErrnoException).code ?? 'socket_error'));
        socket.on('close', () => this.fail(socket, 'connection_closed'));
        resolve();
      });
    });
  }

  send(done: RequestDone): void {
    if (this.closed) return done('client_closed');
    this.queue.push(done);
    this.pump();
  }

  private pump(): void {
    if (!this.socket) {
      if (!this.connecting && this.queue.length > 0) {
        this.open().then(
          () => this.pump(),
          (err: NodeJS.ErrnoException) => {
            const waiting = this.queue;
            this.queue = [];
            for (const d of waiting) d(err.code ?? 'connect_failed');
          },
        );
      }
      return;
    }
    const room = this.o.pipelining - this.inFlight.size;
    const n = Math.min(room, this.queue.length);
    if (n <= 0) return;
    for (let i = 0; i < n; i++) this.inFlight.push(this.queue[i]);
    this.queue = n === this.queue.length ? [] : this.queue.slice(n);
    this.toWrite += n;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const n = this.toWrite;
    this.toWrite = 0;
    if (!this.socket || n === 0) return;
    const req = this.o.request;
    if (n === 1) this.socket.write(req);
    else {
      const out = Buffer.allocUnsafe(req.length * n);
      for (let i = 0; i < n; i++) req.copy(out, i * req.length);
      this.socket.write(out);
    }
  };

  private onResponse(status: number, close: boolean): void {
    const done = this.inFlight.shift();
    if (close) this.recycle();
    done?.(status >= this.o.errorStatusFrom ? `http_${status}` : null, this.readAt);
    this.pump();
  }

  /** The server ends this connection: requeue what was pipelined behind the last response. */
  private recycle(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.removeAllListeners('close');
    socket?.destroy();
    this.parser.reset();
    const unanswered = this.inFlight.takeAll();
    this.toWrite = 0;
    this.queue = unanswered.concat(this.queue);
  }

  /** The connection broke: everything written fails with `type`; queued requests wait for a new one. */
  private fail(socket: Socket, type: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    socket.destroy();
    // A response framed by the close ends here (and may start a reconnect for queued requests).
    this.parser.end();
    const written = this.inFlight.takeAll();
    this.toWrite = 0;
    for (const d of written) d(type);
    this.pump();
  }

  close(): void {
    this.closed = true;
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
    const waiting = [...this.inFlight.takeAll(), ...this.queue];
    this.queue = [];
    for (const d of waiting) d('client_closed');
  }
}
