/** Expands a SLURM host list (`n[1-3,5],gpu07`) into names, like `scontrol show hostnames`. */
export function expandHostlist(list: string): string[] {
  const out: string[] = [];
  for (const item of splitTopLevel(list.trim())) {
    if (!item || item === '(null)' || item === 'None assigned') continue;
    const m = /^([^[]*)\[([^\]]+)\](.*)$/.exec(item);
    if (!m) {
      out.push(item);
      continue;
    }
    const [, prefix, ranges, rest] = m;
    for (const range of ranges.split(',')) {
      const [lo, hi = lo] = range.split('-');
      const width = lo.length;
      for (let i = Number(lo); i <= Number(hi); i++) {
        for (const suffix of rest ? expandHostlist(rest) : ['']) out.push(prefix + String(i).padStart(width, '0') + suffix);
      }
    }
  }
  return out;
}

/** Splits on commas that are not inside brackets. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '[') depth++;
    else if (s[i] === ']') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
