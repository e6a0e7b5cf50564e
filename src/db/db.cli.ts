import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { migrate } from './migrate.ts';

export function registerDbCommands(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Apply the migrations the database lacks (also done at every start)')
    .action(async () => {
      const handle = await ctx.openDb();
      try {
        const applied = await migrate(handle);
        ctx.print({ engine: handle.engine, applied }, () =>
          applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`,
        );
      } finally {
        await handle.close();
      }
    });
}
