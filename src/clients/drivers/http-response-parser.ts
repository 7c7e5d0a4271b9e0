/**
 * Streaming HTTP/1.1 response framing for the http driver: finds where each response ends
 * (Content-Length, chunked, or connection close) and reports its status. Bodies are skipped,
 * never kept: a load generator only needs the framing.
 */

const CR = 13;
const LF = 10;
const CRLFCRLF = Buffer.from('\r\n\r\n');

export interface ResponseSink {
  /** A whole response arrived; `close`: the server will close the connection after it. */
  onResponse(status: number, close: boolean): void;
}

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';

export class HttpResponseParser {
  private state: State = 'head';
  private pending: Buffer | null = null;
  private remaining = 0;
  private status = 0;
  private close = false;
  /** Responses to HEAD have headers only; set per response by the connection, oldest first. */
  expectNoBody: () => boolean = () => false;

  constructor(private readonly sink: ResponseSink) {}

  reset(): void {
    this.state = 'head';
    this.pending = null;
    this.remaining = 0;
  }

  /** The server closed: a response framed by close ends here. */
  end(): void {
    if (this.state === 'until-close') this.finish();
    this.reset();
  }

  feed(chunk: Buffer): void {
    let buf = chunk;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      switch (this.state) {
        case 'head': {
          const end = buf.indexOf(CRLFCRLF, pos);
          if (end < 0) {
            this.pending = buf.subarray(pos);
            return;
          }
          pos = this.head(buf, pos, end);
          break;
        }
        case 'length': {
          const take = Math.min(this.remaining, len - pos);
          pos += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finish();
          break;
        }
        case 'until-close':
          return;
        case 'chunk-size':
        case 'chunk-end':
        case 'trailers': {
          const eol = buf.indexOf(LF, pos);
          if (eol < 0) {
            this.pending = buf.subarray(pos);
            return;
          }
          const lineLen = eol - pos - (buf[eol - 1] === CR ? 1 : 0);
          if (this.state === 'chunk-size') {
            const size = parseInt(buf.toString('latin1', pos, pos + lineLen), 16);
            if (Number.isNaN(size)) throw new Error('http: malformed chunk size in a chunked response');
            this.remaining = size;
            this.state = size === 0 ? 'trailers' : 'chunk-data';
          } else if (this.state === 'chunk-end') {
            this.state = 'chunk-size';
          } else if (lineLen === 0) {
            this.finish();
          }
          pos = eol + 1;
          break;
        }
        case 'chunk-data': {
          const take = Math.min(this.remaining, len - pos);
          pos += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = 'chunk-end';
          break;
        }
      }
    }
  }

  /** Parses the head in buf[pos, end) and returns where the body starts. */
  private head(buf: Buffer, pos: number, end: number): number {
    // "HTTP/1.1 200 OK": the status is bytes 9..11.
    this.status = (buf[pos + 9] - 48) * 100 + (buf[pos + 10] - 48) * 10 + (buf[pos + 11] - 48);
    let contentLength = -1;
    let chunked = false;
    this.close = buf[pos + 7] === 48; // HTTP/1.0 closes unless told otherwise; good enough for a load target
    let line = buf.indexOf(LF, pos) + 1;
    while (line < end) {
      const next = buf.indexOf(LF, line);
      const stop = next < 0 || next > end ? end : next - 1;
      const c = buf[line] | 0x20;
      if (c === 0x63 /* c */) {
        if (matches(buf, line, stop, 'content-length:')) contentLength = parseInt(buf.toString('latin1', line + 15, stop), 10);
        else if (matches(buf, line, stop, 'connection:')) this.close = /close/i.test(buf.toString('latin1', line + 11, stop));
      } else if (c === 0x74 /* t */ && matches(buf, line, stop, 'transfer-encoding:')) {
        chunked = /chunked/i.test(buf.toString('latin1', line + 18, stop));
      }
      line = next < 0 ? end : next + 1;
    }
    const bodyStart = end + 4;
    if (this.status >= 100 && this.status < 200) return bodyStart; // interim response: the real one follows
    if (this.expectNoBody() || this.status === 204 || this.status === 304) this.finish();
    else if (chunked) this.state = 'chunk-size';
    else if (contentLength >= 0) {
      this.remaining = contentLength;
      if (contentLength === 0) this.finish();
      else this.state = 'length';
    } else this.state = 'until-close';
    return bodyStart;
  }

  private finish(): void {
    this.state = 'head';
    this.sink.onResponse(this.status, this.close);
  }
}

/** Case-insensitive match of a lowercase header name at buf[from..]. */
function matches(buf: Buffer, from: number, stop: number, name: string): boolean {
  if (stop - from < name.length) return false;
  for (let i = 0; i < name.length; i++) if ((buf[from + i] | 0x20) !== name.charCodeAt(i) && buf[from + i] !== name.charCodeAt(i)) return false;
  return true;
}
