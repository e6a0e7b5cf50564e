import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { cliActor } from '../core/actor.ts';
import { rotateKeys } from './keys.service.ts';

/** The keyring file sits beside the database, never inside it. */
export const keyringPathFor = (dataDir: string) => join(dataDir, 'keys', 'keyring.json');

export function registerKeyCommands(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('The keys that seal source identities and second factors');
  keys
    .command('rotate')
    .description('Add a new key, make it active, and re-seal every sealed value with it')
    .action(async () => {
      const path = keyringPathFor(ctx.config().dataDir);
      const result = await ctx.withDb((db) => rotateKeys(db, cliActor, path));
      ctx.print(
        result,
        () =>
          `Key ${result.key} is active; re-sealed ${result.resealed} values. Keep old keys until old backups expire.`,
      );
    });
}
