import { existsSync, readFileSync } from 'node:fs';
import type { MonitoringExport } from './types';

/** metrics/monitoring.json when the run had monitoring, else undefined. */
export function readMonitoringExport(file: string): MonitoringExport | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as MonitoringExport;
  } catch {
    return undefined;
  }
}
