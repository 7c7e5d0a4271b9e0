import type { Command } from 'commander';
import { recipeJsonSchema } from '../../recipe/json-schema';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description("print the recipe's JSON Schema (editors with a YAML language server validate recipes against it)")
    .action(() => {
      process.stdout.write(JSON.stringify(recipeJsonSchema(), null, 2) + '\n');
    });
}
