import { DriverOptionsError, type Driver, type DriverContext, type DriverFactory, type DriverTarget } from './driver';
import { externalToolKinds } from './external/external-tools';
import { httpDriver } from './http';
import { openaiDriver } from './openai/openai-driver';
import { postgresqlDriver } from './postgresql';
import { redisDriver } from './redis';
import { s3Driver } from './s3/s3-driver';
import { vectorDriver } from './vector/vector-driver';

/** The in-process drivers: one line each. External tools (wrk, redis-benchmark, pgbench, fio) are in external/external-tools.ts. */
const factories: DriverFactory[] = [redisDriver, httpDriver, postgresqlDriver, openaiDriver, s3Driver, vectorDriver];

export function driverFactories(): readonly DriverFactory[] {
  return factories;
}

export function driverKinds(): string[] {
  return factories.map((f) => f.kind);
}

export function createDriver(kind: string, target: DriverTarget, options: Record<string, unknown>, ctx: DriverContext): Driver {
  const factory = factories.find((f) => f.kind === kind);
  if (!factory) throw new DriverOptionsError(`driver.kind: unknown driver "${kind}"; use one of ${[...driverKinds(), ...externalToolKinds()].join(', ')}`);
  return factory.create(target, options, ctx);
}
