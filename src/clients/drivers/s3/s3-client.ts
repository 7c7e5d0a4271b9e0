/**
 * SigV4-signed S3 requests (aws4) over keep-alive connections: one http.Agent holding one socket per
 * connection, so `connections` means what it says. Path-style addressing: /<bucket>/<key>.
 */
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import aws4 from 'aws4';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface S3ClientConfig {
  host: string;
  port: number;
  accessKey: string;
  secretKey: string;
  region: string;
  signPayload: boolean;
  timeoutMs: number;
}

export interface S3Reply {
  status: number;
  /** Body bytes received. */
  bytes: number;
  /** performance.now() when the status line and headers had arrived. */
  headersAtMs: number;
  /** The body, kept only for errors and when asked (ListObjectsV2). */
  body?: string;
}

/** `error`: null, `s3_<Code>` from the XML error body, `s3_http_<status>`, or a socket error code. */
export type S3Callback = (error: string | null, reply?: S3Reply) => void;

export function s3ErrorType(status: number, body: string | undefined): string {
  const code = body && /<Code>([A-Za-z0-9.]+)<\/Code>/.exec(body)?.[1];
  return code ? `s3_${code}` : `s3_http_${status}`;
}

export class S3Client {
  private agents: http.Agent[] = [];
  private readonly hostHeader: string;
  private readonly credentials: { accessKeyId: string; secretAccessKey: string };

  constructor(private readonly c: S3ClientConfig) {
    this.hostHeader = `${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`;
    this.credentials = { accessKeyId: c.accessKey, secretAccessKey: c.secretKey };
  }

  open(connections: number): void {
    this.agents = Array.from({ length: connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 }));
  }

  /** `path` already URI-encoded, query included. */
  send(conn: number, method: string, path: string, body: Buffer | undefined, keepBody: boolean, cb: S3Callback): void {
    const headers: OutgoingHttpHeaders = { Host: this.hostHeader };
    if (body) {
      headers['Content-Length'] = body.length;
      headers['Content-Type'] = 'application/octet-stream';
      if (!this.c.signPayload) headers['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
    } else headers['X-Amz-Content-Sha256'] = EMPTY_SHA256;
    const signed = aws4.sign(
      { host: this.c.host, port: this.c.port, method, path, service: 's3', region: this.c.region, headers, body: body && this.c.signPayload ? body : undefined },
      this.credentials,
    );
    let finished = false;
    const finish = (error: string | null, reply?: S3Reply) => {
      if (finished) return;
      finished = true;
      cb(error, reply);
    };
    const req = http.request(
      { host: this.c.host, port: this.c.port, method, path: signed.path, headers: signed.headers, agent: this.agents[conn % this.agents.length] },
      (res: IncomingMessage) => {
        const headersAtMs = performance.now();
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const keep = keepBody || !ok;
        let bytes = 0;
        let text = '';
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keep && text.length < 1 << 20) text += chunk.toString('utf8');
        });
        res.on('end', () => {
          const reply = { status, bytes, headersAtMs, body: keep ? text : undefined };
          finish(ok ? null : s3ErrorType(status, text), reply);
        });
        res.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? 'response_error'));
        res.on('close', () => res.complete || finish('connection_closed'));
      },
    );
    req.setTimeout(this.c.timeoutMs, () => {
      finish('timeout');
      req.destroy();
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? 'socket_error'));
    req.end(body);
  }

  /** The same as a promise, for prepare and checks. */
  request(conn: number, method: string, path: string, body?: Buffer, keepBody = false): Promise<{ error: string | null; reply?: S3Reply }> {
    return new Promise((resolve) => this.send(conn, method, path, body, keepBody, (error, reply) => resolve({ error, reply })));
  }

  close(): void {
    for (const a of this.agents) a.destroy();
    this.agents = [];
  }
}
