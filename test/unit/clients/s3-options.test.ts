import { parseDriverOptions } from '../../../src/clients/drivers/driver';
import { KeyPool } from '../../../src/clients/drivers/s3/key-pool';
import { parseSize, sizeSampler } from '../../../src/clients/drivers/s3/object-size';
import { mixPicker } from '../../../src/clients/drivers/s3/operation-mix';
import { s3OptionsSchema } from '../../../src/clients/drivers/s3/options';
import { objectShare } from '../../../src/clients/drivers/s3/s3-driver';

const parse = (o: unknown) => parseDriverOptions('s3', s3OptionsSchema, o);

describe('s3 driver options', () => {
  it('defaults to the kind credentials and a warp-like mix', () => {
    expect(parse({})).toMatchObject({ accessKey: 'bench', secretKey: 'bench-secret-key', region: 'us-east-1', bucket: 'bench', objects: 100, objectSize: 65536, mix: { get: 45, stat: 30, put: 15, delete: 10, list: 0 } });
  });

  it('reads sizes in bytes, decimal and binary units', () => {
    expect(parseSize('512')).toBe(512);
    expect(parseSize('64KiB')).toBe(65536);
    expect(parseSize('1.5 MiB')).toBe(1572864);
    expect(parseSize('4KB')).toBe(4000);
    expect(parseSize('4K')).toBeUndefined();
    expect(parse({ objectSize: { min: '1KiB', max: 2048 } }).objectSize).toEqual({ min: 1024, max: 2048 });
  });

  it('names the bad field and the fix', () => {
    expect(() => parse({ objectSize: '4 parsecs' })).toThrow(/driver\.options\.objectSize: "4 parsecs" is not a size: write .*"64KiB"/);
    expect(() => parse({ objectSize: '1GiB' })).toThrow(/driver\.options\.objectSize: .*256 MiB limit/);
    expect(() => parse({ objectSize: { min: 10, max: 'x' } })).toThrow(/driver\.options\.objectSize\.max: "x" is not a size/);
    expect(() => parse({ mix: { get: 0 } })).toThrow(/driver\.options\.mix: give at least one operation a weight/);
    expect(() => parse({ mix: { got: 1 } })).toThrow(/driver\.options\.mix: Unrecognized key/);
    expect(() => parse({ keyPrefix: 'a b' })).toThrow(/driver\.options\.keyPrefix: letters, digits/);
    expect(() => parse({ bucket: 'Bench' })).toThrow(/driver\.options\.bucket: an S3 bucket name/);
  });

  it('draws uniform sizes within bounds', () => {
    const draw = sizeSampler({ min: 10, max: 12 });
    const seen = new Set(Array.from({ length: 200 }, draw));
    expect([...seen].sort()).toEqual([10, 11, 12]);
  });

  it('picks operations by weight', () => {
    const pick = mixPicker({ get: 3, put: 1, delete: 0, list: 0, stat: 0 });
    const n = { get: 0, put: 0, delete: 0, list: 0, stat: 0 };
    for (let i = 0; i < 40_000; i++) n[pick()]++;
    expect(n.delete + n.list + n.stat).toBe(0);
    expect(n.get / 40_000).toBeGreaterThan(0.72);
    expect(n.get / 40_000).toBeLessThan(0.78);
  });

  it('splits objects across instances without losing any', () => {
    expect([0, 1, 2].map((r) => objectShare(7, r, 3))).toEqual([3, 2, 2]);
    expect([0, 1].map((r) => objectShare(1, r, 2))).toEqual([1, 0]);
  });
});

describe('s3 key pool', () => {
  it('never hands a key being read to a delete, nor a live key to a put', () => {
    const pool = new KeyPool(1);
    const k = pool.read();
    expect(k).toBe(0);
    expect(pool.delete()).toBeUndefined();
    expect(pool.put()).toBe(1);
    pool.readDone(0);
    expect(pool.delete()).toBe(0);
    expect(pool.read()).toBeUndefined();
    pool.deleteDone(0);
    expect(pool.put()).toBe(0);
  });

  it('makes a put key readable only once it succeeded', () => {
    const pool = new KeyPool(0);
    const k = pool.put();
    expect(pool.read()).toBeUndefined();
    pool.putDone(k, false);
    expect(pool.read()).toBeUndefined();
    const again = pool.put();
    expect(again).toBe(k);
    pool.putDone(again, true);
    expect(pool.read()).toBe(k);
    expect(pool.liveCount).toBe(1);
  });
});
