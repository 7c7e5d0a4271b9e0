/** Every driver a client group can name, in-process or external, with what generic code may ask of it. */
import type { z } from 'zod';
import { driverFactories } from './create-driver';
import type { MeasurementInfo } from './driver';
import { externalTools } from './external/external-tools';

export interface DriverInfo {
  kind: string;
  description: string;
  options: z.ZodType;
  protocols: string[];
  measurements?: Record<string, MeasurementInfo>;
  counts?: Record<string, string>;
  /** Runs a whole external tool (wrk, fio...) rather than requests in-process. */
  external: boolean;
}

export function allDrivers(): DriverInfo[] {
  return [
    ...driverFactories().map((f) => ({ kind: f.kind, description: f.description, options: f.options, protocols: f.protocols, measurements: f.measurements, counts: f.counts, external: false })),
    ...externalTools().map((t) => ({ kind: t.kind, description: t.description, options: t.options, protocols: t.protocols, external: true })),
  ];
}

export function findDriver(kind: string): DriverInfo | undefined {
  return allDrivers().find((d) => d.kind === kind);
}
