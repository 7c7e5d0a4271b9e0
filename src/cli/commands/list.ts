import type { Command } from 'commander';
import { withClient } from '../with-client';
import { table } from '../format';

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list experiments or sweeps (a Temporal visibility query over their search attributes)')
    .option('--recipe <name>', 'only this recipe')
    .option('--phase <phase>', 'only this phase (running, completed, failed, cancelled...)')
    .option('--schedule <id>', 'only runs started by this schedule')
    .option('--sweep <id>', 'only the runs of this sweep')
    .option('--sweeps', 'list sweeps instead of experiments')
    .option('--query <visibility-query>', 'an extra raw visibility query, ANDed')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print a JSON array')
    .action(async (opts: { recipe?: string; phase?: string; schedule?: string; sweep?: string; sweeps?: boolean; query?: string; limit: string; json?: boolean }) =>
      withClient(async ({ client }) => {
        const clauses = [`WorkflowType = '${opts.sweeps ? 'sweep' : 'experiment'}'`];
        const quote = (v: string) => `'${v.replace(/'/g, "\\'")}'`;
        if (opts.sweep) clauses.push(`BenchSweep = ${quote(opts.sweep)}`);
        if (opts.recipe) clauses.push(`BenchRecipe = ${quote(opts.recipe)}`);
        if (opts.phase) clauses.push(`BenchPhase = ${quote(opts.phase)}`);
        if (opts.schedule) clauses.push(`BenchSchedule = ${quote(opts.schedule)}`);
        if (opts.query) clauses.push(`(${opts.query})`);
        const rows: { id: string; recipe: string; backend: string; phase: string; status: string; started: string }[] = [];
        const limit = Number(opts.limit);
        for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
          const sa = wf.searchAttributes as Record<string, unknown[] | undefined>;
          rows.push({ id: wf.workflowId, recipe: String(sa.BenchRecipe?.[0] ?? ''), backend: String(sa.BenchBackend?.[0] ?? ''), phase: String(sa.BenchPhase?.[0] ?? ''), status: wf.status.name, started: wf.startTime.toISOString() });
          if (rows.length >= limit) break;
        }
        if (opts.json) process.stdout.write(JSON.stringify(rows) + '\n');
        else if (rows.length === 0) process.stdout.write(opts.sweeps ? 'no sweeps\n' : 'no experiments\n');
        else process.stdout.write(table(rows.map((r) => [r.id, r.recipe, r.backend, r.phase, r.status, r.started]), ['id', 'recipe', 'backend', 'phase', 'status', 'started']) + '\n');
      }),
    );
}
