import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseDriverOptions, type Driver, type DriverContext, type DriverFactory, type DriverTarget, type MeasurementInfo, type PrepareReport, type RequestDone } from '../driver';
import { KeyPool } from './key-pool';
import { maxSize, sizeSampler } from './object-size';
import { mixPicker, OPERATIONS, type Operation } from './operation-mix';
import { s3OptionsSchema, type S3Options } from './options';
import { S3Client, type S3Reply } from './s3-client';

const LATENCY = Object.fromEntries(OPERATIONS.map((op) => [op, `${op}_latency`])) as Record<Operation, string>;
const OPS = Object.fromEntries(OPERATIONS.map((op) => [op, `${op}_ops`])) as Record<Operation, string>;
const VERB: Record<Operation, string> = { get: 'GetObject', put: 'PutObject', delete: 'DeleteObject', list: 'ListObjectsV2', stat: 'HeadObject' };

function hint(error: string): string {
  if (error === 's3_SignatureDoesNotMatch' || error === 's3_InvalidAccessKeyId' || error === 's3_http_403') return ': driver.options accessKey, secretKey and region must match the s3 service\'s options';
  if (error === 's3_NoSuchBucket' || error === 's3_http_404') return ': create the bucket (the s3 kind creates services[].options.buckets) or set driver.options.bucket';
  return '';
}

/** This instance's share of `objects` when `instances` split them by rank. */
export function objectShare(objects: number, rank: number, instances: number): number {
  return Math.floor(objects / instances) + (rank < objects % instances ? 1 : 0);
}

class S3Driver implements Driver {
  readonly kind = 's3';
  readonly pipeline = 1;
  private readonly client: S3Client;
  private pool = new KeyPool();
  private readonly pick: () => Operation;
  private readonly size: () => number;
  private readonly payload: Buffer;
  private readonly prefix: string;
  private readonly share: number;
  private readonly listPath: string;
  private connections = 1;

  constructor(
    private readonly target: DriverTarget,
    private readonly o: S3Options,
    private readonly ctx: DriverContext,
  ) {
    this.client = new S3Client({ ...target, accessKey: o.accessKey, secretKey: o.secretKey, region: o.region, signPayload: o.signPayload, timeoutMs: o.timeoutMs });
    this.pick = mixPicker(o.mix);
    this.size = sizeSampler(o.objectSize);
    // Random bytes, so nothing on the way can compress or deduplicate the bodies.
    this.payload = randomBytes(maxSize(o.objectSize));
    this.prefix = `${o.keyPrefix}${ctx.rank}/`;
    this.share = objectShare(o.objects, ctx.rank, ctx.instances);
    this.listPath = `/${o.bucket}?list-type=2&max-keys=${o.listMaxKeys}&prefix=${encodeURIComponent(this.prefix)}`;
  }

  private keyPath(k: number): string {
    return `/${this.o.bucket}/${this.prefix}${k}`;
  }

  async connect(connections: number): Promise<void> {
    this.connections = connections;
    this.client.open(connections);
    const { error, reply } = await this.client.request(0, 'HEAD', `/${this.o.bucket}`);
    const where = `s3 http://${this.target.host}:${this.target.port}/${this.o.bucket}`;
    if (!reply) throw new Error(`${where}: ${error}`);
    if (reply.status === 404) throw new Error(`${where}: no such bucket${hint('s3_NoSuchBucket')}`);
    // Wrong credentials are measured, not fatal: every request then fails with the gateway's error code.
    if (error) this.ctx.warn(`HeadBucket ${this.o.bucket} answered HTTP ${reply.status}${hint(error)}`);
  }

  async prepare(): Promise<PrepareReport> {
    const started = performance.now();
    let next = 0;
    let bytes = 0;
    const upload = async (conn: number): Promise<void> => {
      while (next < this.share) {
        const k = next++;
        const size = this.size();
        const { error } = await this.client.request(conn, 'PUT', this.keyPath(k), this.payload.subarray(0, size));
        if (error) throw new Error(`s3 prepare: PUT ${this.o.bucket}/${this.prefix}${k} failed with ${error}${hint(error)}`);
        bytes += size;
      }
    };
    await Promise.all(Array.from({ length: this.connections }, (_, c) => upload(c)));
    this.pool = new KeyPool(this.share);
    return { phasesMs: { upload: Math.round(performance.now() - started) }, facts: { objects: this.share, bytes } };
  }

  issue(conn: number, done: RequestDone): void {
    const started = performance.now();
    const op = this.pick();
    if (op === 'get' || op === 'stat') {
      const k = this.pool.read();
      if (k === undefined) return this.put(conn, started, done);
      this.client.send(conn, op === 'get' ? 'GET' : 'HEAD', this.keyPath(k), undefined, false, (error, reply) => {
        this.pool.readDone(k);
        if (!error && op === 'get') {
          this.ctx.measure.record('get_ttfb', ((reply as S3Reply).headersAtMs - started) * 1000);
          this.ctx.measure.count('bytes_read', (reply as S3Reply).bytes);
        }
        this.finish(op, started, error, done);
      });
    } else if (op === 'delete') {
      const k = this.pool.delete();
      if (k === undefined) return this.put(conn, started, done);
      this.client.send(conn, 'DELETE', this.keyPath(k), undefined, false, (error) => {
        this.pool.deleteDone(k);
        this.finish(op, started, error, done);
      });
    } else if (op === 'list') {
      this.client.send(conn, 'GET', this.listPath, undefined, false, (error) => this.finish(op, started, error, done));
    } else this.put(conn, started, done);
  }

  private put(conn: number, started: number, done: RequestDone): void {
    const k = this.pool.put();
    const size = this.size();
    this.client.send(conn, 'PUT', this.keyPath(k), this.payload.subarray(0, size), false, (error) => {
      this.pool.putDone(k, !error);
      if (!error) this.ctx.measure.count('bytes_written', size);
      this.finish('put', started, error, done);
    });
  }

  private finish(op: Operation, started: number, error: string | null, done: RequestDone): void {
    if (!error) {
      this.ctx.measure.record(LATENCY[op], (performance.now() - started) * 1000);
      this.ctx.measure.count(OPS[op], 1);
    }
    done(error);
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

export const s3Driver: DriverFactory = {
  kind: 's3',
  description: 'S3 object mix (GetObject, PutObject, DeleteObject, ListObjectsV2, HeadObject) with SigV4 signing over keep-alive HTTP',
  options: s3OptionsSchema,
  protocols: ['s3'],
  measurements: {
    ...(Object.fromEntries(OPERATIONS.map((op) => [LATENCY[op], { unit: 'us', description: `${VERB[op]} latency of successful requests` }])) as Record<string, MeasurementInfo>),
    get_ttfb: { unit: 'us', description: 'GetObject time to first byte (status line and headers received)' },
  },
  counts: {
    bytes_read: 'object bytes received by GetObject',
    bytes_written: 'object bytes sent by PutObject',
    ...Object.fromEntries(OPERATIONS.map((op) => [OPS[op], `successful ${VERB[op]} requests`])),
  },
  create: (target, options, ctx) => new S3Driver(target, parseDriverOptions('s3', s3OptionsSchema, options), ctx),
};
