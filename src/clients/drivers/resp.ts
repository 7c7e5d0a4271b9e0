/** Minimal RESP2 for the redis driver: encode commands, count replies in a byte stream. */

export function encodeCommand(args: string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return out;
}

/** The command's bytes (UTF-8) as a latin1 string, a char per byte: what RedisConnection writes. */
export function latin1Command(args: string[]): string {
  const text = encodeCommand(args);
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

const CR = 13;
const PLUS = 43;
const MINUS = 45;
const COLON = 58;
const DOLLAR = 36;
const STAR = 42;

/**
 * Streaming reply parser: feed it socket chunks, it calls `onReply(errorText | null)` per complete
 * top-level reply. Only the shape of replies matters to a load generator, never their values.
 */
export class ReplyParser {
  private pending: Buffer | null = null;

  constructor(private readonly onReply: (error: string | null) => void) {}

  feed(chunk: Buffer): void {
    let buf = chunk;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let pos = 0;
    while (pos < buf.length) {
      const end = this.skipReply(buf, pos);
      if (end < 0) break;
      const error = buf[pos] === MINUS ? buf.toString('latin1', pos + 1, end - 2) : null;
      pos = end;
      this.onReply(error);
    }
    if (pos < buf.length) this.pending = buf.subarray(pos);
  }

  reset(): void {
    this.pending = null;
  }

  /** Index just past the reply starting at `pos`, or -1 when the buffer does not yet hold all of it. */
  private skipReply(buf: Buffer, pos: number): number {
    // Reply lines are a few bytes: a loop beats a native indexOf call per reply.
    let lineEnd = pos;
    const len = buf.length;
    while (lineEnd < len && buf[lineEnd] !== CR) lineEnd++;
    if (lineEnd + 1 >= len) return -1;
    const next = lineEnd + 2;
    switch (buf[pos]) {
      case PLUS:
      case MINUS:
      case COLON:
        return next;
      case DOLLAR: {
        const len = readInt(buf, pos + 1, lineEnd);
        if (len < 0) return next;
        const end = next + len + 2;
        return end <= buf.length ? end : -1;
      }
      case STAR: {
        const n = readInt(buf, pos + 1, lineEnd);
        let p = next;
        for (let i = 0; i < n; i++) {
          if (p >= buf.length) return -1;
          p = this.skipReply(buf, p);
          if (p < 0) return -1;
        }
        return p;
      }
      default:
        throw new Error(`redis: unexpected reply byte ${buf[pos]} at offset ${pos}; is the target really a redis server?`);
    }
  }
}

function readInt(buf: Buffer, from: number, to: number): number {
  let neg = false;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c === MINUS) neg = true;
    else n = n * 10 + (c - 48);
  }
  return neg ? -n : n;
}
