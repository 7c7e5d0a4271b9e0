import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SATURATION_CPU_PCT } from '../../executors/health-monitor';
import { makeClientResult } from '../../make-client-result';
import { writeProgressFile } from '../../progress-file';
import type { ClientHealth, ClientResult } from '../../results/result-file';
import { writeResultFile } from '../../results/result-writer';
import type { ClientSpec } from '../../spec';
import { ToolOutputError, type ExternalTool, type ToolCommand } from './external-tool';

interface ToolRun {
  stdout: string;
  code: number | null;
  cpuPct: number;
  aborted: boolean;
}

const CLOCK_TICKS_PER_SEC = 100;

/** utime + stime of a process in clock ticks, from /proc (0 where /proc is missing). */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return -1;
  }
}

/** Runs one tool command; on abort sends SIGINT (wrk and fio still print results), then SIGKILL. */
function runTool(cmd: ToolCommand, signal?: AbortSignal): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.command, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const started = Date.now();
    let ticks = 0;
    const sampler = setInterval(() => {
      const t = cpuTicks(child.pid as number);
      if (t >= 0) ticks = t;
    }, 50);
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => {
      clearInterval(sampler);
      reject(new ToolOutputError(`${cmd.command}: ${err.message}; is it installed? (BENCH_SETUP_EXTRAS=test bash scripts/setup.sh)`));
    });
    child.once('close', (code) => {
      clearInterval(sampler);
      signal?.removeEventListener('abort', onAbort);
      const wallSec = (Date.now() - started) / 1000;
      const cpuPct = wallSec > 0 ? Math.round(((ticks / CLOCK_TICKS_PER_SEC) / wallSec) * 1000) / 10 : 0;
      if (code !== 0 && !aborted) {
        reject(new ToolOutputError(`${cmd.command} ${cmd.args.join(' ')} exited with ${code}:\n${stderr || stdout.slice(-2000)}`));
      } else resolve({ stdout: stdout + (aborted ? `\n${stderr}` : ''), code, cpuPct, aborted });
    });
  });
}

/** Runs a whole external tool as one client instance and writes its output as a ClientResult. */
export async function runExternalTool(tool: ExternalTool, spec: ClientSpec, outFile: string, signal?: AbortSignal): Promise<ClientResult> {
  const workDir = mkdtempSync(join(tmpdir(), `bench-${tool.kind}-`));
  try {
    const prepare = tool.prepare?.(spec, workDir);
    if (prepare) await runTool(prepare, signal);
    const warnings: string[] = [];
    if (spec.warmupMs > 0 && tool.supportsWarmup === false) warnings.push(`${tool.kind} cannot run a timed warm-up: warmupMs was ignored`);
    else if (spec.warmupMs > 0 && !signal?.aborted) await runTool(tool.command(spec, workDir, 'warmup'), signal);
    const cmd = tool.command(spec, workDir, 'measure');
    const startedAt = new Date();
    // Tools report at the end only: progress says measuring, then done with the totals.
    const progress = (phase: 'measuring' | 'done', requests = 0, errors = 0, opsPerSec = 0) =>
      spec.progressFile &&
      writeProgressFile(spec.progressFile, { instance: spec.instance, phase, elapsedMs: Date.now() - startedAt.getTime(), requests, errors, opsPerSec, updatedAt: Date.now() });
    progress('measuring');
    const run = await runTool(cmd, signal);
    let out;
    try {
      out = tool.parse(run.stdout, workDir);
    } catch (err) {
      if (!run.aborted) throw err;
      throw new ToolOutputError(`${tool.kind} was aborted before it printed results: ${(err as Error).message}`);
    }
    if (run.aborted) warnings.push(`aborted: ${tool.kind} was interrupted, this is a partial result`);
    const saturated = run.cpuPct >= SATURATION_CPU_PCT * cmd.threads;
    const health: ClientHealth = { eventLoopLagP99Ms: 0, cpuPct: run.cpuPct, saturated };
    if (saturated) health.reason = `${tool.kind} used ${run.cpuPct}% CPU over ${cmd.threads} thread(s): add threads or instances; these numbers measure the client`;
    const result = makeClientResult(spec, {
      executor: spec.executor.type,
      loop: 'closed',
      startedAt,
      durationMs: out.durationMs,
      histogram: out.histogram,
      ok: out.ok,
      errors: out.errors,
      dropped: 0,
      series: out.series ?? [],
      health,
      warnings: [...out.warnings, ...warnings, ...(out.series?.length ? [] : [`${tool.kind} reports totals only: no per-second series`])],
    });
    writeResultFile(outFile, result);
    const { requests, errors } = result.counters;
    progress('done', requests, errors, result.durationMs > 0 ? Math.round((requests * 1000) / result.durationMs) : 0);
    return result;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
