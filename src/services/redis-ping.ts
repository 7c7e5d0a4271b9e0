import { tcpExchange } from './probe';

export async function redisPing(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail?: string }> {
  const reply = await tcpExchange(host, port, 'PING\r\n', (buf) => buf.includes('\r\n'), timeoutMs);
  return reply.startsWith('+PONG') ? { ok: true } : { ok: false, detail: reply.trim() };
}

/** One field of INFO server, e.g. redis_version. */
export async function redisInfoField(host: string, port: number, field: string, timeoutMs: number): Promise<string | undefined> {
  // A bulk string reply: `$<length>\r\n<data>\r\n`; complete once all of it arrived.
  const complete = (buf: string) => {
    const m = buf.match(/^\$(\d+)\r\n/);
    return m ? Buffer.byteLength(buf) >= m[0].length + Number(m[1]) + 2 : buf.includes('\r\n');
  };
  const reply = await tcpExchange(host, port, 'INFO server\r\n', complete, timeoutMs);
  return reply.match(new RegExp(`${field}:([^\\r\\n]+)`))?.[1];
}
