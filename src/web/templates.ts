/**
 * The web UI's handlebars templates (src/web/templates/*.hbs), compiled once. Pages escape by
 * construction: templates print data with double-stash only (a template with a triple-stash or
 * `{{&` is refused at load), mustaches can only look up data (knownHelpersOnly), and the one helper
 * whose output is not escaped, `jsonScript`, writes a whole <script type="application/json"> element
 * whose JSON has `<`, `>` and `&` as \u escapes, so nothing in it can end the element. The pages'
 * scripts are static files under src/web/assets/ that read that JSON with JSON.parse.
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.join(__dirname, 'templates');
const PARTIALS = ['layout', 'tag', 'select'] as const;
const PAGES = ['experiments', 'experiment', 'compare', 'compare-form', 'schedules', 'schedule', 'message', 'sweeps', 'sweep'] as const;
export type PageName = (typeof PAGES)[number];

/** The browser scripts the pages load from /assets/web/, read once. */
export const PAGE_SCRIPTS: ReadonlyMap<string, string> = new Map(['experiment-page.js', 'compare-page.js', 'schedule-page.js'].map((f) => [f, readFileSync(path.join(__dirname, 'assets', f), 'utf8')]));

/** JSON safe inside a <script> element: no "</script>", "<!--" or "]]>" can form. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v ?? null).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const hb = Handlebars.create();
hb.registerHelper('jsonScript', (id: unknown, value: unknown) => {
  if (typeof id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`jsonScript: the element id must be a literal like "log-data", got ${String(id)}`);
  return new hb.SafeString(`<script type="application/json" id="${id}">${scriptJson(value)}</script>`);
});

function source(name: string): string {
  const text = readFileSync(path.join(DIR, `${name}.hbs`), 'utf8');
  if (/\{\{\{|\{\{~?&/.test(text)) throw new Error(`src/web/templates/${name}.hbs: unescaped output ({{{ }}} or {{& }}) is not allowed in the web UI; print data with {{ }} and JSON with {{jsonScript}}`);
  return text;
}

const OPTIONS: CompileOptions = { knownHelpers: { jsonScript: true }, knownHelpersOnly: true, preventIndent: true };
for (const p of PARTIALS) hb.registerPartial(p, hb.compile(source(p), OPTIONS));
const compiled = new Map(PAGES.map((p) => [p, hb.compile(source(p), OPTIONS)]));

export function render(name: PageName, data: object): string {
  return compiled.get(name)!(data);
}

/** A local link with its query; the template escapes it. */
export function link(pathname: string, params: Record<string, string | string[] | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : v ? [v] : []) q.append(k, one);
  const s = q.toString();
  return s ? `${pathname}?${s}` : pathname;
}

/** A number for a table cell; anything else as its text (a hand-edited summary.json may hold strings). */
export function num(n: unknown, digits = 2): string {
  if (n === undefined || n === null || (typeof n === 'number' && Number.isNaN(n))) return '';
  if (typeof n !== 'number') return String(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : digits });
}

/** Strings of a list read from a file, or none when it is not a list. */
export const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : []);
