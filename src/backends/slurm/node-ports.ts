/**
 * Ports picked on the compute node as a job starts (LaunchSpec.ports value 0): the job script
 * chooses a port no socket on that node uses, puts it where the command and the staged files name
 * it (portToken), and writes the numbers to a file beside the job's output for endpoints() to read.
 */
import { portToken } from '../backend';
import { shellQuote } from '../shell-quote';

const TOKEN = /\{port:([A-Za-z0-9_]+)\}/g;
const HAS_TOKEN = /\{port:[A-Za-z0-9_]+\}/;

export function portsToPick(ports: Record<string, number> | undefined): string[] {
  const names = Object.entries(ports ?? {})
    .filter(([, port]) => port === 0)
    .map(([name]) => name);
  for (const name of names) {
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`port name ${JSON.stringify(name)}: a port picked on the node needs a name of letters, digits and _`);
  }
  return names;
}

/** The file a job writes its picked ports to ({"web": 41234}). */
export function portsFile(jobDir: string, jobId: string): string {
  return `${jobDir}/ports-${jobId}.json`;
}

/** One argv word for the job script: quoted, with each port token left to the shell's expansion of the picked port. */
export function shellWordWithPorts(word: string, picked: string[]): string {
  if (!picked.length || !HAS_TOKEN.test(word)) return shellQuote(word);
  let out = '';
  let last = 0;
  for (const m of word.matchAll(TOKEN)) {
    if (!picked.includes(m[1])) continue;
    if (m.index > last) out += shellQuote(word.slice(last, m.index));
    out += `"\${BENCH_PORT_${m[1]}}"`;
    last = m.index + m[0].length;
  }
  if (last < word.length) out += shellQuote(word.slice(last));
  return out || "''";
}

/**
 * Bash that picks each port, fills the staged files' tokens and writes the ports file. Ports come
 * from 20000-59999, skipping every local port in /proc/net/tcp{,6} (listening or connected) and
 * those picked before.
 */
export function pickPortsScript(picked: string[], stagedFiles: string[], jobDir: string): string {
  if (!picked.length) return '';
  const lines = [
    'bench_pick_port() {',
    '  local used=" " p addr tries=0',
    '  while read -r _ addr _; do p=${addr##*:}; [[ $p =~ ^[0-9A-F]{4}$ ]] && used+="$((16#$p)) "; done < <(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null)',
    '  while [ $tries -lt 500 ]; do',
    '    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000)); tries=$((tries + 1))',
    '    case "$used$BENCH_PICKED " in *" $p "*) continue ;; esac',
    '    BENCH_PICKED+=" $p"; printf -v "$1" %s "$p"; return 0',
    '  done',
    '  echo "bench: no free port found on $(hostname)" >&2; exit 95',
    '}',
    'BENCH_PICKED=""',
  ];
  for (const name of picked) lines.push(`bench_pick_port BENCH_PORT_${name}`);
  const sed = picked.map((name) => `-e ${shellQuote(`s/${portToken(name)}/`)}"\${BENCH_PORT_${name}}"'/g'`).join(' ');
  for (const file of stagedFiles) lines.push(`sed -i ${sed} -- ${shellQuote(file)}`);
  const json = `{${picked.map((name) => `"${name}":%s`).join(',')}}\\n`;
  const file = `${shellQuote(`${jobDir}/ports-`)}"\${SLURM_JOB_ID}".json`;
  lines.push(`printf '${json}' ${picked.map((n) => `"\${BENCH_PORT_${n}}"`).join(' ')} > ${file}.tmp && mv -f -- ${file}.tmp ${file}`);
  return lines.join('\n') + '\n';
}
