/** The page frame of bench's web UI and the escaping every page uses. Server-rendered; Chart.js from node_modules via /assets. */

export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON for a <script> block: no "</script>" can close it early. */
export const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export const href = (path: string, params: Record<string, string | string[] | undefined> = {}): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : v ? [v] : []) q.append(k, one);
  const s = q.toString();
  return esc(s ? `${path}?${s}` : path);
};

export function num(n: number | undefined, digits = 2): string {
  if (n === undefined || n === null || Number.isNaN(n)) return '';
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : digits });
}

const CSS = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}
header a{color:#cfd8ff;text-decoration:none}header b{color:#fff;font-size:1.1em}
main{padding:1em 1.5em;max-width:1300px}
table{border-collapse:collapse;background:#fff;margin:.5em 0 1em}
th,td{border:1px solid #d9dce3;padding:.3em .6em;text-align:left;font-size:.92em}
th{background:#eef0f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bad{color:#b00020;font-weight:600}.good{color:#1a7f37}.muted{color:#667}
.tag{display:inline-block;padding:0 .45em;border-radius:.6em;font-size:.85em;background:#e7eaf0}
.tag.regressed,.tag.FAILED,.tag.failed{background:#fbd5d9;color:#8a0015}.tag.baseline{background:#d5f0dc}.tag.COMPLETED,.tag.completed,.tag.pass{background:#dff3e4}
.tag.RUNNING,.tag.running{background:#dbe8ff}
form.filters{display:flex;gap:.6em;flex-wrap:wrap;align-items:end;margin:.5em 0}
form.filters label{display:flex;flex-direction:column;font-size:.8em;color:#445}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1em}
.chart{background:#fff;border:1px solid #d9dce3;padding:.5em}
pre.logs{background:#10131a;color:#d6dbe6;padding:.6em;max-height:420px;overflow:auto;font-size:.8em}
.lvl-warn{color:#ffcf5c}.lvl-error,.lvl-fatal{color:#ff7a85}
`;

export function page(title: string, body: string, opts: { scripts?: boolean } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · bench</title><style>${CSS}</style>${opts.scripts ? '<script src="/assets/chart.umd.js"></script>' : ''}</head>
<body><header><b>bench</b><a href="/experiments">Experiments</a><a href="/schedules">Schedules</a><a href="/openapi.json">API</a></header>
<main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

export function tag(value: string | undefined): string {
  return value ? `<span class="tag ${esc(value)}">${esc(value)}</span>` : '';
}
