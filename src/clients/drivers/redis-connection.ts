import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Fifo } from './fifo';
import { ReplyParser } from './resp';
import type { RequestDone } from './driver';

/**
 * One RESP connection that pipelines: commands written in the same tick go out in one write,
 * replies come back in order and complete the oldest waiting callback.
 */
export class RedisConnection {
  private socket: Socket | null = null;
  private connecting: Promise<void> | null = null;
  private readonly waiting = new Fifo<RequestDone>();
  /**
   * Commands waiting for this tick's write, as one latin1 string (a byte per char): appending is a
   * rope join and the write encodes it in one native call. Buffer.concat of the pre-encoded
   * commands was a tenth of the client's CPU.
   */
  private out = '';
  private outCount = 0;
  private flushScheduled = false;
  /** Commands written whose replies have not arrived. */
  private unreplied = 0;
  private readAt = 0;
  private closed = false;
  private readonly parser = new ReplyParser((error) => this.complete(error));

  constructor(
    private readonly host: string,
    private readonly port: number,
    /** Sent before any load on every (re)connect: AUTH, SELECT (latin1 strings, see `send`). */
    private readonly preamble: string[],
    /**
     * Pipeline like redis-benchmark -P: write a batch, wait for all its replies, write the next.
     * Fewer, larger writes; without it every reply's follow-up command is written on its own.
     */
    private readonly batch = false,
  ) {}

  open(): Promise<void> {
    if (this.socket) return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.connecting = new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port, noDelay: true });
      const onError = (err: Error) => {
        this.connecting = null;
        reject(new Error(`redis ${this.host}:${this.port}: ${err.message}`));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        socket.on('error', (err) => this.fail(errorType(err)));
        socket.on('close', () => this.fail('connection_closed'));
        socket.on('data', (chunk: Buffer) => {
          this.readAt = performance.now();
          this.parser.feed(chunk);
        });
        this.socket = socket;
        this.connecting = null;
        // The preamble's replies are checked like any request's, but nobody waits for them.
        for (const cmd of this.preamble) this.send(cmd, (e) => e && socket.destroy(new Error(`redis preamble failed: ${e}`)));
        resolve();
      });
    });
    return this.connecting;
  }

  /** `command`: encoded RESP as a latin1 string, one char per byte (see `latin1Command`). */
  send(command: string, done: RequestDone): void {
    if (this.closed) return done('client_closed');
    if (!this.socket) {
      this.open().then(
        () => this.send(command, done),
        () => done('connect_failed'),
      );
      return;
    }
    this.waiting.push(done);
    this.out += command;
    this.outCount++;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (!this.socket || this.outCount === 0 || (this.batch && this.unreplied > 0)) return;
    this.socket.write(this.out, 'latin1');
    this.unreplied += this.outCount;
    this.out = '';
    this.outCount = 0;
  };

  private complete(error: string | null): void {
    if (--this.unreplied === 0 && this.outCount > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
    const done = this.waiting.shift();
    if (done) done(error === null ? null : `redis_${error.split(' ')[0]}`, this.readAt);
  }

  /** Fails everything outstanding; the next `send` reconnects. */
  private fail(type: string): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
    this.parser.reset();
    this.unreplied = 0;
    this.out = '';
    this.outCount = 0;
    const pending = this.waiting.takeAll();
    for (const done of pending) done(type);
  }

  async close(): Promise<void> {
    this.closed = true;
    const socket = this.socket;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }
}

function errorType(err: Error): string {
  return (err as NodeJS.ErrnoException).code ?? 'socket_error';
}
