/**
 * Handlebars for the sweep report, escaping by construction like the web UI (src/web/templates.ts):
 * a template with a triple-stash or `{{&` is refused, mustaches only look data up (knownHelpersOnly),
 * and the two helpers whose output is not escaped write whole <script> elements:
 *  - `{{jsonScript "id" value}}`: <script type="application/json" id="id"> with `<`, `>`, `&`,
 *    U+2028 and U+2029 as \u escapes, so nothing in the data can end the element;
 *  - `{{inlineScript "name"}}`: one of a fixed set of trusted scripts (Chart.js from node_modules,
 *    the sweep chart code), refused if its text could end the element.
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const TEMPLATES = path.join(__dirname, '..', 'templates');

/** The browser script that draws the sweep charts, shared by report.html and the web UI. */
export const SWEEP_CHARTS_FILE = path.join(TEMPLATES, 'sweep-charts.js');

/** A browser build shipped in a package's dist/ (resolved through the package's main entry: exports hide dist/). */
function packageAsset(pkg: string, file: string): string {
  return readFileSync(path.join(path.dirname(require.resolve(pkg)), file), 'utf8');
}

const SCRIPTS: Record<string, () => string> = {
  'chart.js': () => packageAsset('chart.js', 'chart.umd.min.js'),
  'sweep-charts': () => readFileSync(SWEEP_CHARTS_FILE, 'utf8'),
};

/** JSON safe inside a <script> element: no "</script>", "<!--" or "]]>" can form. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v ?? null).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const hb = Handlebars.create();
hb.registerHelper('jsonScript', (id: unknown, value: unknown) => {
  if (typeof id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`jsonScript: the element id must be a literal like "sweep-data", got ${String(id)}`);
  return new hb.SafeString(`<script type="application/json" id="${id}">${scriptJson(value)}</script>`);
});
hb.registerHelper('inlineScript', (name: unknown) => {
  const load = typeof name === 'string' ? SCRIPTS[name] : undefined;
  if (!load) throw new Error(`inlineScript: unknown script ${String(name)} (known: ${Object.keys(SCRIPTS).join(', ')})`);
  const js = load();
  if (/<\/script|<!--/i.test(js)) throw new Error(`inlineScript: ${String(name)} contains "</script" or "<!--" and cannot be inlined`);
  return new hb.SafeString(`<script>${js}</script>`);
});

const OPTIONS: CompileOptions = { knownHelpers: { jsonScript: true, inlineScript: true }, knownHelpersOnly: true, preventIndent: true };

/** A template of src/reports/templates/ (e.g. "sweep-report"), compiled strictly. */
export function strictTemplate(name: string): HandlebarsTemplateDelegate {
  const file = path.join(TEMPLATES, `${name}.hbs`);
  const text = readFileSync(file, 'utf8');
  if (/\{\{\{|\{\{~?&/.test(text)) throw new Error(`src/reports/templates/${name}.hbs: unescaped output ({{{ }}} or {{& }}) is not allowed; print data with {{ }}, JSON with {{jsonScript}}, scripts with {{inlineScript}}`);
  return hb.compile(text, OPTIONS);
}
