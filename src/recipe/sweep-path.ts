/**
 * Recipe paths as sweeps name them: `workload.clients[load].executor.connections`,
 * `services[0].options.maxmemory`. A bracket holds a list index or the `name` of a list item, so a
 * sweep keeps working when groups are reordered. Pure: used by validation and workflow code alike.
 */
export type PathStep = { key: string } | { index: number } | { name: string };

const STEP_RE = /^([A-Za-z_$][\w$-]*)((?:\[[^\]]+\])*)$/;

/** The steps of a path, or a message saying what is wrong with it. */
export function parseSweepPath(path: string): { ok: true; steps: PathStep[] } | { ok: false; message: string } {
  if (path.trim() === '') return { ok: false, message: 'an empty path' };
  const steps: PathStep[] = [];
  for (const part of path.split('.')) {
    const m = STEP_RE.exec(part);
    if (!m) return { ok: false, message: `"${part}" is not a field name optionally followed by [index] or [name]` };
    steps.push({ key: m[1] });
    for (const b of m[2].match(/\[[^\]]+\]/g) ?? []) {
      const inner = b.slice(1, -1).trim();
      steps.push(/^\d+$/.test(inner) ? { index: Number(inner) } : { name: inner });
    }
  }
  return { ok: true, steps };
}

type Container = Record<string, unknown> | unknown[];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Sets `value` at the path inside `root` (mutated). Containers along the way must exist, except the
 * last mapping step's key (a sweep may set an option the base recipe leaves at its default) and
 * missing mappings on the way to it (`options` absent from the base).
 * Returns the concrete path (names resolved to indexes) or why the path does not fit the recipe.
 */
export function setAtPath(root: Record<string, unknown>, steps: PathStep[], value: unknown): { ok: true; at: (string | number)[] } | { ok: false; message: string } {
  let node: Container = root;
  const at: (string | number)[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const last = i === steps.length - 1;
    if ('key' in step) {
      if (!isObject(node)) return { ok: false, message: `${describeAt(at)} is a list, not a mapping: use [index] or [name] before .${step.key}` };
      at.push(step.key);
      if (last) {
        node[step.key] = value;
        return { ok: true, at };
      }
      if (node[step.key] === undefined && 'key' in steps[i + 1]) node[step.key] = {};
      const next = node[step.key];
      if (typeof next !== 'object' || next === null) return { ok: false, message: `${describeAt(at)} is ${next === undefined ? 'not set in the recipe' : `a ${typeof next}`}, so it has no ${describeStep(steps[i + 1])}` };
      node = next as Container;
    } else {
      if (!Array.isArray(node)) return { ok: false, message: `${describeAt(at)} is not a list, so [${'index' in step ? step.index : step.name}] does not apply` };
      const index = 'index' in step ? step.index : node.findIndex((item) => isObject(item) && item.name === step.name);
      if (index < 0) {
        const names = node.filter(isObject).map((item) => item.name).filter((n) => typeof n === 'string');
        return { ok: false, message: `${describeAt(at)} has no item named "${(step as { name: string }).name}"${names.length ? `; names: ${names.join(', ')}` : ''}` };
      }
      if (index >= node.length) return { ok: false, message: `${describeAt(at)} has ${node.length} item${node.length === 1 ? '' : 's'}, so [${index}] does not exist` };
      at.push(index);
      if (last) {
        node[index] = value;
        return { ok: true, at };
      }
      const next = node[index];
      if (typeof next !== 'object' || next === null) return { ok: false, message: `${describeAt(at)} is a ${typeof next}, so it has no ${describeStep(steps[i + 1])}` };
      node = next as Container;
    }
  }
  return { ok: false, message: 'an empty path' };
}

function describeAt(at: (string | number)[]): string {
  return at.length === 0 ? 'the recipe' : at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describeStep(step: PathStep): string {
  return 'key' in step ? `field "${step.key}"` : `item [${'index' in step ? step.index : step.name}]`;
}
