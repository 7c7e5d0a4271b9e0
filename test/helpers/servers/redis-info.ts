import { connect } from 'node:net';

/** Reads one INFO field from a redis-server (e.g. `total_commands_processed`). */
export function redisInfoField(host: string, port: number, field: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let got = '';
    sock.on('connect', () => sock.write('INFO stats\r\n'));
    sock.on('data', (d) => {
      got += d.toString();
      const m = new RegExp(`${field}:(\\d+)`).exec(got);
      if (m && got.endsWith('\r\n\r\n')) {
        sock.destroy();
        resolve(Number(m[1]));
      }
    });
    sock.on('error', reject);
  });
}
