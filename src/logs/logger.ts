/**
 * pino everywhere: JSON lines with experiment, component, instance and level (as a label); readable at
 * a terminal through pino-pretty or `bench logs`. Lines written to experiment folders pass through
 * secret redaction first.
 */
import pino, { Logger } from 'pino';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { knownSecrets, redactText } from './redact';

export type Component = 'service' | 'client' | 'monitor' | 'exporter' | 'orchestrator' | 'cli' | 'worker';

const levelLabel = { level: (label: string) => ({ level: label }) };

export function createLogger(component: Component, bindings: Record<string, unknown> = {}): Logger {
  const level = process.env.BENCH_LOG_LEVEL || 'info';
  return pino({ level, base: { component, ...bindings }, formatters: levelLabel }, pino.destination({ dest: 2, sync: true }));
}

const fileLoggers = new Map<string, Logger>();

/** A logger appending to one file of an experiment's logs/ folder (orchestrator events, retries, restarts). */
export function fileLogger(file: string, bindings: Record<string, unknown>): Logger {
  let logger = fileLoggers.get(file);
  if (!logger) {
    mkdirSync(path.dirname(file), { recursive: true });
    logger = pino(
      {
        level: 'debug',
        base: { instance: bindings.component, ...bindings },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: levelLabel,
        hooks: { streamWrite: (s) => redactText(s, knownSecrets()) },
      },
      pino.destination({ dest: file, sync: true, append: true }),
    );
    fileLoggers.set(file, logger);
  }
  return logger;
}
