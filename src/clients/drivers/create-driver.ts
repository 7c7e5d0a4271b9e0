import { DriverOptionsError, type Driver, type DriverFactory, type DriverTarget } from './driver';
import { externalToolKinds } from './external/external-tools';
import { httpDriver } from './http';
import { postgresqlDriver } from './postgresql';
import { redisDriver } from './redis';

const factories: DriverFactory[] = [redisDriver, httpDriver, postgresqlDriver];

/** In-process drivers; external tools (wrk, redis-benchmark, pgbench, fio) are listed by externalToolKinds. */
export function driverKinds(): string[] {
  return factories.map((f) => f.kind);
}

export function createDriver(kind: string, target: DriverTarget, options: Record<string, unknown>): Driver {
  const factory = factories.find((f) => f.kind === kind);
  if (!factory) throw new DriverOptionsError(`driver.kind: unknown driver "${kind}"; use one of ${[...driverKinds(), ...externalToolKinds()].join(', ')}`);
  return factory.create(target, options);
}
