import type { Command } from 'commander';
import { withClient } from '../with-client';
import { progressQuery } from '../../workflows/queries';
import { CliError, EXIT } from '../exit-codes';

export function registerCancel(program: Command): void {
  program
    .command('cancel')
    .description('cancel an experiment; its teardown runs and everything it launched is stopped')
    .argument('<id>', 'experiment id')
    .option('--no-wait', 'return once the cancellation is requested, without waiting for teardown')
    .action(async (id: string, opts: { wait: boolean }) =>
      withClient(async ({ client }) => {
        const handle = client.workflow.getHandle(id);
        await handle.cancel().catch((e) => {
          throw new CliError(`cannot cancel ${id}: ${(e as Error).message}`, EXIT.badInput);
        });
        if (!opts.wait) {
          process.stdout.write(`cancellation of ${id} requested\n`);
          return;
        }
        await handle.result().catch(() => undefined);
        const phase = await handle.query(progressQuery).then((p) => p.phase).catch(() => 'unknown');
        process.stdout.write(`${id} ${phase === 'cancelled' ? 'cancelled; teardown done' : `ended (${phase})`}\n`);
      }),
    );
}
