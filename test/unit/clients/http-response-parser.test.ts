import { encodeHttpRequest, httpOptionsSchema } from '../../../src/clients/drivers/http';
import { HttpResponseParser } from '../../../src/clients/drivers/http-response-parser';

function parseAll(stream: string, splits: number[], noBody = false): Array<[number, boolean]> {
  const seen: Array<[number, boolean]> = [];
  const p = new HttpResponseParser({ onResponse: (status, close) => seen.push([status, close]) });
  p.expectNoBody = () => noBody;
  const buf = Buffer.from(stream, 'latin1');
  let from = 0;
  for (const at of [...splits, buf.length]) {
    p.feed(buf.subarray(from, at));
    from = at;
  }
  p.end();
  return seen;
}

const pipelined =
  'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 6\r\n\r\nhello\n' +
  'HTTP/1.1 100 Continue\r\n\r\n' +
  'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n' +
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\nX-Trailer: 1\r\n\r\n' +
  'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbye';

describe('HttpResponseParser', () => {
  it('frames pipelined responses (length, interim, empty, chunked with trailers, close) at every split point', () => {
    const expected: Array<[number, boolean]> = [
      [200, false],
      [404, false],
      [200, false],
      [503, true],
    ];
    for (let at = 0; at <= pipelined.length; at++) expect(parseAll(pipelined, [at])).toEqual(expected);
  });

  it('ends a body without length at connection close', () => {
    expect(parseAll('HTTP/1.0 200 OK\r\n\r\nsome body', [5])).toEqual([[200, true]]);
  });

  it('expects no body after HEAD even with a Content-Length', () => {
    expect(parseAll('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n', [], true)).toEqual([
      [200, false],
      [200, false],
    ]);
  });
});

describe('encodeHttpRequest', () => {
  it('adds Host and Content-Length, keeps given headers, closes when keep-alive is off', () => {
    const o = httpOptionsSchema.parse({ method: 'POST', path: '/x?a=1', headers: { 'X-A': 'b' }, body: 'é', keepAlive: false });
    expect(encodeHttpRequest({ host: '127.0.0.1', port: 8080 }, o).toString()).toBe(
      'POST /x?a=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-A: b\r\nContent-Length: 2\r\nConnection: close\r\n\r\né',
    );
  });
});
