/** pino everywhere: JSON lines with experiment, component and instance; readable at a terminal. */
import pino, { Logger } from 'pino';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type Component = 'service' | 'client' | 'monitor' | 'orchestrator' | 'cli' | 'worker';

export function createLogger(component: Component, bindings: Record<string, unknown> = {}): Logger {
  const level = process.env.BENCH_LOG_LEVEL || 'info';
  return pino({ level, base: { component, ...bindings } }, pino.destination({ dest: 2, sync: true }));
}

const fileLoggers = new Map<string, Logger>();

/** A logger appending to one file of an experiment's logs/ folder (orchestrator events, retries, restarts). */
export function fileLogger(file: string, bindings: Record<string, unknown>): Logger {
  let logger = fileLoggers.get(file);
  if (!logger) {
    mkdirSync(path.dirname(file), { recursive: true });
    logger = pino({ level: 'debug', base: bindings, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: file, sync: true, append: true }));
    fileLoggers.set(file, logger);
  }
  return logger;
}
