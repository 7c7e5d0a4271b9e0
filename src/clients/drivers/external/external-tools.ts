import type { ExternalTool } from './external-tool';
import { fioTool } from './fio';
import { pgbenchTool } from './pgbench';
import { redisBenchmarkTool } from './redis-benchmark';
import { wrkTool } from './wrk';

const tools: ExternalTool[] = [wrkTool, redisBenchmarkTool, pgbenchTool, fioTool];

export function externalTools(): readonly ExternalTool[] {
  return tools;
}

export function externalToolKinds(): string[] {
  return tools.map((t) => t.kind);
}

export function findExternalTool(kind: string): ExternalTool | undefined {
  return tools.find((t) => t.kind === kind);
}
