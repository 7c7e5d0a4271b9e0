import http from 'node:http';
import path from 'node:path';
import aws4 from 'aws4';
import { z } from 'zod';
import type { ServiceKind } from './service-kind';
import { toolPath } from './tool-path';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 lowercase letters, digits, . and -, starting and ending with a letter or digit');

const options = z.strictObject({
  accessKey: z.string().min(1).default('bench').meta({ description: 'Root access key id (clients sign with it; the s3 driver defaults to the same).' }),
  secretKey: z.string().min(1).default('bench-secret-key').meta({ description: 'Root secret key (passed to the gateway in its environment, not on the command line).' }),
  buckets: z.array(bucketName).min(1).default(['bench']).meta({ description: 'Buckets created before start (directories of the posix backend).' }),
  region: z.string().min(1).default('us-east-1').meta({ description: 'Region the gateway signs for (clients must sign with the same).' }),
  keepAlive: z.boolean().default(true).meta({ description: 'HTTP keep-alive (versitygw --keep-alive); off, the gateway closes the connection after every reply.' }),
});
type Options = z.output<typeof options>;

/** One SigV4-signed request without a body on a fresh connection: status and Server header. */
function signedRequest(host: string, port: number, method: string, urlPath: string, o: Options, timeoutMs: number): Promise<{ status: number; server?: string; body: string }> {
  const signed = aws4.sign(
    { host, port, method, path: urlPath, service: 's3', region: o.region, headers: { Host: `${host.includes(':') ? `[${host}]` : host}:${port}`, 'X-Amz-Content-Sha256': EMPTY_SHA256 } },
    { accessKeyId: o.accessKey, secretAccessKey: o.secretKey },
  );
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: signed.path, headers: signed.headers, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body = (body + d).slice(0, 4096)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, server: String(res.headers.server ?? '') || undefined, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Ready when a signed HeadBucket answers 200 for every bucket: the credentials work and the buckets exist. */
async function s3Ping(host: string, port: number, o: Options, timeoutMs: number): Promise<{ ok: boolean; detail?: string }> {
  try {
    for (const bucket of o.buckets) {
      const r = await signedRequest(host, port, 'HEAD', `/${bucket}`, o, timeoutMs);
      if (r.status !== 200) return { ok: false, detail: `signed HeadBucket ${bucket}: HTTP ${r.status}${r.status === 403 ? ' (access or secret key not accepted)' : r.status === 404 ? ' (no such bucket)' : ''}` };
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

export const s3: ServiceKind<Options> = {
  kind: 's3',
  description: 'Versity S3 Gateway (versitygw, Apache-2.0) over a posix folder, built by `bench setup s3`',
  options,
  defaultPorts: { s3: 7070 },
  protocols: ['s3'],
  launch(service, o, ctx) {
    const data = path.posix.join(ctx.workDir, 'data');
    const listen = `${ctx.bindAddress.includes(':') ? `[${ctx.bindAddress}]` : ctx.bindAddress}:${ctx.ports.s3}`;
    return {
      setup: o.buckets.map((b) => ['mkdir', '-p', path.posix.join(data, b)]),
      // Global flags before the backend subcommand; services[].args land after it (posix options such as --nometa).
      command: [
        ...(service.command ?? [toolPath('versitygw')]),
        '--port', listen,
        '--region', o.region,
        '--quiet',
        ...(o.keepAlive ? ['--keep-alive'] : []),
        'posix',
        data,
        ...(service.args ?? []),
      ],
      env: { ROOT_ACCESS_KEY_ID: o.accessKey, ROOT_SECRET_ACCESS_KEY: o.secretKey },
    };
  },
  defaultProbe: () => ({ type: 'ping', port: 's3', protocol: 's3' }),
  ping: (endpoint, port, o, timeoutMs) => s3Ping(endpoint.host, port, o, timeoutMs),
  async version(endpoint, o) {
    // v1.8.0 answers `Server: VERSITYGW` without a number: then there is no version to report.
    const r = await signedRequest(endpoint.host, endpoint.ports.s3, 'HEAD', `/${o.buckets[0]}`, o, 2000);
    return r.server?.match(/\d+\.\d+\S*/)?.[0];
  },
  image: 'versity/versitygw:v1.8.0',
  install: { hint: 'run `bench setup s3` (builds versitygw from the Go module proxy, 4-12 min once per machine)' },
};
