/** Prometheus through a backend: the launch spec, waiting for the first sample, and gap detection. */
import { portToken, type LaunchSpec } from '../backends/backend';
import { hasFirstSample, instantQuery } from './prometheus-api';
import type { DataGap } from './types';

export interface PrometheusLaunch {
  experimentId: string;
  generation: number;
  configFile: string;
  dataDir: string;
  /** 0: picked where it runs (see LaunchSpec.ports). */
  port: number;
  bindAddress: string;
  scrapeIntervalMs: number;
  logFile: string;
  cwd: string;
  /** On backends that run images. */
  image?: string;
  /** Config and targets, staged where it runs. */
  files?: { path: string; content: string }[];
}

export function prometheusLaunchSpec(p: PrometheusLaunch): LaunchSpec {
  return {
    id: `${p.experimentId}.monitor.prometheus.${p.generation}`,
    labels: { experiment: p.experimentId, role: 'monitor', name: 'prometheus' },
    command: [
      'prometheus',
      `--config.file=${p.configFile}`,
      `--storage.tsdb.path=${p.dataDir}`,
      `--web.listen-address=${p.bindAddress}:${p.port || portToken('web')}`,
      '--web.enable-lifecycle',
      '--web.enable-admin-api',
      // A series missing for 3 scrape intervals is absent in range queries, so gaps stay visible.
      `--query.lookback-delta=${Math.max(3, Math.ceil((3 * p.scrapeIntervalMs) / 1000))}s`,
      '--log.format=json',
    ],
    cwd: p.cwd,
    ports: { web: p.port },
    logFile: p.logFile,
    image: p.image,
    files: p.files,
    readiness: { http: { port: p.port, path: '/-/ready' } },
  };
}

/** Polls until Prometheus holds a sample scraped after `sinceMs` (the first scrape lands seconds after start). */
export async function waitForFirstSample(base: string, sinceMs: number, timeoutMs: number, isAlive: () => Promise<boolean>, beat: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await hasFirstSampleSince(base, sinceMs)) return;
    if (!(await isAlive())) throw new Error('prometheus exited before its first sample');
    if (Date.now() > deadline) throw new Error(`prometheus had no sample within ${timeoutMs} ms`);
    beat();
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function hasFirstSampleSince(base: string, sinceMs: number): Promise<boolean> {
  if (!(await hasFirstSample(base))) return false;
  try {
    const r = await instantQuery(base, 'timestamp(up{job="prometheus"})');
    return r.some((s) => Number(s.value[1]) * 1000 >= sinceMs - 1000);
  } catch {
    return false;
  }
}

/**
 * Intervals without samples, from the raw timestamps of Prometheus' own `up` series: a step between
 * two samples longer than `threshold` is a gap (Prometheus down or not scraping).
 */
export function findGaps(timestampsMs: number[], scrapeIntervalMs: number, source = 'prometheus'): DataGap[] {
  const threshold = Math.max(3 * scrapeIntervalMs, 2500);
  const gaps: DataGap[] = [];
  const ts = [...timestampsMs].sort((a, b) => a - b);
  for (let i = 1; i < ts.length; i++) {
    const d = ts[i] - ts[i - 1];
    if (d > threshold) {
      // The last sample before and the first after bound the gap; one interval of it was expected.
      gaps.push({ source, from: new Date(ts[i - 1] + scrapeIntervalMs).toISOString(), to: new Date(ts[i]).toISOString(), seconds: round((d - scrapeIntervalMs) / 1000) });
    }
  }
  return gaps;
}

/** Raw sample timestamps of Prometheus' own `up` between start and end. */
export async function selfSampleTimestamps(base: string, startMs: number, endMs: number): Promise<number[]> {
  const windowS = Math.max(1, Math.ceil((endMs - startMs) / 1000) + 1);
  const r = await instantQuery(base, `up{job="prometheus"}[${windowS}s]`, endMs);
  // An instant query of a range selector returns a matrix: `values`, not `value`.
  const matrix = r as unknown as { values?: [number, string][] }[];
  return matrix.flatMap((s) => (s.values ?? []).map(([t]) => Math.round(t * 1000))).filter((t) => t >= startMs - 1000);
}

const round = (x: number) => Math.round(x * 10) / 10;
