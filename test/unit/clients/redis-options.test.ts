import { createDriver } from '../../../src/clients/drivers/create-driver';
import { DriverOptionsError } from '../../../src/clients/drivers/driver';
import { Measurements } from '../../../src/clients/results/measurements';

const target = { host: '127.0.0.1', port: 1 };
const ctx = { measure: new Measurements(), rank: 0, instances: 1, workDir: '/tmp', warn: () => undefined };

describe('redis driver options', () => {
  it('names each bad field under driver.options', () => {
    expect(() => createDriver('redis', target, { readRatio: 2, pipeline: 0 }, ctx)).toThrow(DriverOptionsError);
    expect(() => createDriver('redis', target, { readRatio: 2, pipeline: 0 }, ctx)).toThrow(/driver\.options\.readRatio: [\s\S]*driver\.options\.pipeline: /);
  });

  it('rejects unknown options so typos do not pass silently', () => {
    expect(() => createDriver('redis', target, { readratio: 0.5 }, ctx)).toThrow(/readratio/);
  });

  it('names the known kinds for an unknown driver', () => {
    expect(() => createDriver('memcached', target, {}, ctx)).toThrow(/driver\.kind: unknown driver "memcached"; use one of .*redis/);
  });
});
