/**
 * A kind's LaunchPlan as one argv for a backend: the command as it is, or, when the plan has setup
 * steps or must leave root, a POSIX sh script in which every word is quoted (recipe values never meet
 * the shell unquoted). The script runs where the service runs, so preparation happens on its node.
 */
import { shellJoin, shellQuote } from '../backends/shell-quote';
import type { LaunchPlan } from './service-kind';

export function launchCommand(plan: LaunchPlan, workDir: string): string[] {
  if (!plan.setup?.length && !plan.runAsIfRoot && !plan.othersReachWorkDir) return plan.command;
  const lines = ['set -e'];
  if (plan.runAsIfRoot || plan.othersReachWorkDir) {
    // A private temporary or home folder (mode 0700) above the work folder would lock the server's user out.
    lines.push(
      `if [ "$(id -u)" = 0 ]; then d=${shellQuote(workDir)}; while [ "$d" != / ] && [ -n "$d" ]; do`,
      `  if [ -d "$d" ] && [ -z "$(find "$d" -maxdepth 0 -perm -o+x)" ]; then echo "bench: chmod o+x $d (so the service's user can reach its work folder)"; chmod o+x "$d"; fi; d=$(dirname "$d"); done; fi`,
    );
  }
  let as = '';
  if (plan.runAsIfRoot) {
    const user = shellQuote(plan.runAsIfRoot);
    lines.push(`if [ "$(id -u)" = 0 ]; then chown -R ${user} ${shellQuote(workDir)}; AS="runuser -u ${user} --"; else AS=; fi`);
    as = '$AS ';
  }
  for (const step of plan.setup ?? []) {
    if (Array.isArray(step)) lines.push(as + shellJoin(step));
    else lines.push(`[ -e ${shellQuote(step.creates)} ] || ${as}${shellJoin(step.argv)}`);
  }
  lines.push(`exec ${as}${shellJoin(plan.command)}`);
  return ['/bin/sh', '-c', lines.join('\n')];
}
