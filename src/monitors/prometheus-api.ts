/** The few Prometheus HTTP API calls bench needs: instant and range queries, health. */
import { request } from 'undici';

export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

async function get<T>(url: string, timeoutMs = 10_000): Promise<T> {
  const res = await request(url, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const body = (await res.body.json()) as { status: string; data: T; error?: string };
  if (res.statusCode !== 200 || body.status !== 'success') throw new Error(`prometheus ${url}: ${res.statusCode} ${body.error ?? ''}`);
  return body.data;
}

export async function instantQuery(base: string, expr: string, timeMs?: number): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const at = timeMs === undefined ? '' : `&time=${timeMs / 1000}`;
  const data = await get<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`${base}/api/v1/query?query=${encodeURIComponent(expr)}${at}`);
  return data.result;
}

export async function rangeQuery(base: string, expr: string, startMs: number, endMs: number, stepMs: number): Promise<RangeSeries[]> {
  const q = new URLSearchParams({ query: expr, start: String(startMs / 1000), end: String(endMs / 1000), step: `${Math.max(stepMs, 1) / 1000}s` });
  const data = await get<{ result: RangeSeries[] }>(`${base}/api/v1/query_range?${q}`, 30_000);
  return data.result;
}

export async function isHealthy(base: string): Promise<{ ok: boolean; detail?: string }> {
  try {
    const res = await request(`${base}/-/healthy`, { headersTimeout: 2000, bodyTimeout: 2000 });
    await res.body.dump();
    return res.statusCode === 200 ? { ok: true } : { ok: false, detail: `/-/healthy answered ${res.statusCode}` };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

/** True once Prometheus holds at least one sample (of its own `up`): readiness, not a sleep. */
export async function hasFirstSample(base: string): Promise<boolean> {
  try {
    return (await instantQuery(base, 'up')).length > 0;
  } catch {
    return false;
  }
}

/** A consistent copy of the TSDB (head block included) under <data>/snapshots/<name>; needs --web.enable-admin-api. */
export async function tsdbSnapshot(base: string): Promise<string> {
  const res = await request(`${base}/api/v1/admin/tsdb/snapshot`, { method: 'POST', headersTimeout: 60_000, bodyTimeout: 60_000 });
  const body = (await res.body.json()) as { status: string; data?: { name: string }; error?: string };
  if (res.statusCode !== 200 || body.status !== 'success' || !body.data?.name) throw new Error(`prometheus snapshot: ${res.statusCode} ${body.error ?? ''}`);
  return body.data.name;
}
