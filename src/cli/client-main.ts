/**
 * `bench client` alone: the entry point of the client image (docker/client.Dockerfile and the test
 * cluster's image), bundled into one file so a pod needs only Node.js, not the checkout.
 */
import { Command, CommanderError } from 'commander';
import { registerClient } from './commands/client';
import { CliError, EXIT } from './exit-codes';

const program = new Command('bench').exitOverride();
registerClient(program);
for (const cmd of program.commands) cmd.exitOverride();

program
  .parseAsync(process.argv)
  .then(() => EXIT.ok)
  .catch((e: unknown) => {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' ? EXIT.ok : EXIT.badInput;
    process.stderr.write(`bench: ${(e as Error).message ?? String(e)}\n`);
    return e instanceof CliError ? e.exitCode : EXIT.experimentFailed;
  })
  .then((code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 200).unref();
  });
