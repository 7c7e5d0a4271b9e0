/**
 * Output files (LaunchSpec.outputs) survive the pod's exit by travelling on its log: a wrapper runs
 * the command, then prints each file base64-encoded between frame lines. Pure.
 */

const BEGIN = '@@bench-output-begin';
const END = '@@bench-output-end';
const MISSING = '@@bench-output-missing';

/**
 * POSIX sh (dash is enough; base64 must exist). Arguments: N, the N output paths, then the command.
 * The command runs in a subshell that drops the outputs from "$@"; SIGTERM is forwarded to it (sh
 * as PID 1 would ignore it), so a stopped client still prints its results. `{rank}` in an output
 * path becomes BENCH_CLIENT_RANK. No value is ever part of this text.
 */
export const OUTPUT_WRAPPER = [
  'n=$1; shift',
  '( shift "$n"; exec "$@" ) &',
  'pid=$!',
  `trap 'kill -TERM "$pid" 2>/dev/null' TERM INT`,
  'wait "$pid"; rc=$?',
  'while kill -0 "$pid" 2>/dev/null; do wait "$pid"; rc=$?; done',
  `rankpath() { s=$1; r=; while :; do case $s in *'{rank}'*) r=$r\${s%%'{rank}'*}\${BENCH_CLIENT_RANK:-}; s=\${s#*'{rank}'} ;; *) break ;; esac; done; printf '%s' "$r$s"; }`,
  'i=0',
  'while [ "$i" -lt "$n" ]; do',
  '  f=$(rankpath "$1"); shift; i=$((i+1))',
  `  if [ -f "$f" ]; then printf '\\n%s %s\\n' '${BEGIN}' "$f"; base64 < "$f"; printf '%s %s\\n' '${END}' "$f"; else printf '\\n%s %s\\n' '${MISSING}' "$f"; fi`,
  'done',
  'exit "$rc"',
].join('\n');

/** The container command running `command` and then framing `outputs` onto stdout. */
export function wrapWithOutputs(command: string[], outputs: string[]): string[] {
  return ['/bin/sh', '-c', OUTPUT_WRAPPER, 'bench-launch', String(outputs.length), ...outputs, ...command];
}

/** Every complete frame in a log, by path (the last one wins); files reported missing map to undefined. */
export function parseOutputFrames(log: string): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  let open: { path: string; lines: string[] } | undefined;
  for (const raw of log.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (open) {
      if (line === `${END} ${open.path}`) {
        found.set(open.path, Buffer.from(open.lines.join(''), 'base64').toString('utf8'));
        open = undefined;
      } else if (line.startsWith(`${BEGIN} `)) {
        open = { path: line.slice(BEGIN.length + 1), lines: [] };
      } else {
        open.lines.push(line.trim());
      }
    } else if (line.startsWith(`${BEGIN} `)) {
      open = { path: line.slice(BEGIN.length + 1), lines: [] };
    } else if (line.startsWith(`${MISSING} `)) {
      found.set(line.slice(MISSING.length + 1), undefined);
    }
  }
  return found;
}

/** The content of `path` framed on `log`, or undefined when the log has no (complete) frame for it. */
export function outputFromLog(log: string, path: string): string | undefined {
  return parseOutputFrames(log).get(path);
}
