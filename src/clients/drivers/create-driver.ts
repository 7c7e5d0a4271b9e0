import { DriverOptionsError, type Driver, type DriverFactory, type DriverTarget } from './driver';
import { httpDriver } from './http';
import { postgresqlDriver } from './postgresql';
import { redisDriver } from './redis';

const factories: DriverFactory[] = [redisDriver, httpDriver, postgresqlDriver];

export function driverKinds(): string[] {
  return factories.map((f) => f.kind);
}

export function createDriver(kind: string, target: DriverTarget, options: Record<string, unknown>): Driver {
  const factory = factories.find((f) => f.kind === kind);
  if (!factory) throw new DriverOptionsError(`driver.kind: unknown driver "${kind}"; use one of ${driverKinds().join(', ')}`);
  return factory.create(target, options);
}
