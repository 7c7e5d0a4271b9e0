import { encodeCommand, ReplyParser } from '../../../src/clients/drivers/resp';

describe('RESP', () => {
  it('encodes commands with byte lengths', () => {
    expect(encodeCommand(['SET', 'k', 'é'])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
  });

  it('counts replies split at every byte boundary', () => {
    const stream = Buffer.from('+OK\r\n$5\r\nhello\r\n$-1\r\n:42\r\n-ERR wrong type\r\n*2\r\n$1\r\na\r\n$0\r\n\r\n$2\r\n\r\n\r\n');
    const expected = [null, null, null, null, 'ERR wrong type', null, null];
    for (let split = 0; split <= stream.length; split++) {
      const seen: Array<string | null> = [];
      const parser = new ReplyParser((e) => seen.push(e));
      parser.feed(stream.subarray(0, split));
      parser.feed(stream.subarray(split));
      expect(seen).toEqual(expected);
    }
  });

  it('waits for a bulk string whose body has not arrived', () => {
    const seen: Array<string | null> = [];
    const parser = new ReplyParser((e) => seen.push(e));
    parser.feed(Buffer.from('$10\r\n01234'));
    expect(seen).toEqual([]);
    parser.feed(Buffer.from('56789\r\n'));
    expect(seen).toEqual([null]);
  });
});
