import type { Command } from 'commander';
import { type CliContext, table } from '../cli/context.ts';
import { parseInput } from '../cli/parse.ts';
import { cliActor } from '../core/actor.ts';
import { zUuid } from '../core/ids.ts';
import { roles } from './access.ts';
import { zNewApiToken, zNewUser, zTokenRevocation } from './user.ts';
import {
  allUsers,
  apiTokensOf,
  createApiToken,
  createUser,
  disableUser,
  resetPassword,
  revokeOneApiToken,
} from './users.service.ts';

const zTokenRevocationInput = zTokenRevocation.extend({ id: zUuid });

export function registerUserCommands(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('Accounts: add, list, disable, reset, tokens');

  users
    .command('add <username>')
    .description('Create an account; prints its one-time password once')
    .requiredOption('--role <role>', `one of: ${roles.join(', ')}`)
    .action(async (username: string, o: { role: string }) => {
      const input = parseInput(zNewUser, { username, role: o.role });
      const { user, password } = await ctx.withDb((db) => createUser(db, cliActor, input));
      ctx.print(
        { user, password },
        () => `Created ${user.username} (${user.role}). One-time password: ${password}`,
      );
    });

  users
    .command('list')
    .description('List accounts')
    .action(async () => {
      const items = await ctx.withDb((db) => allUsers(db));
      ctx.print({ items }, () =>
        table(items, ['username', 'role', 'totp_enabled', 'disabled', 'created_at']),
      );
    });

  users
    .command('disable <username>')
    .description('Disable an account; its sessions and API tokens stop working at once')
    .option('--reason <text>', 'why (kept in the audit log)')
    .action(async (username: string, o: { reason?: string }) => {
      const user = await ctx.withDb((db) => disableUser(db, cliActor, username, o.reason));
      ctx.print(user, () => `Disabled ${user.username}; its sessions and tokens are revoked.`);
    });

  users
    .command('reset <username>')
    .description('Give an account a new one-time password (also unlocks and re-enables it)')
    .action(async (username: string) => {
      const { user, password } = await ctx.withDb((db) => resetPassword(db, cliActor, username));
      ctx.print({ user, password }, () => `New one-time password for ${user.username}: ${password}`);
    });

  users
    .command('token <username>')
    .description("Create an API token for a reporter's device or an integration; printed once")
    .requiredOption('--name <name>', 'what the token is for, e.g. "phone of reporter 7"')
    .action(async (username: string, o: { name: string }) => {
      const { name } = parseInput(zNewApiToken, { name: o.name });
      const token = await ctx.withDb((db) => createApiToken(db, cliActor, username, name));
      ctx.print(token, () => `API token for ${username} (${token.name}, id ${token.id}): ${token.token}`);
    });

  users
    .command('tokens <username>')
    .description("List an account's API tokens: id, name, last use, revocation (never the tokens themselves)")
    .action(async (username: string) => {
      const items = await ctx.withDb((db) => apiTokensOf(db, username));
      ctx.print({ items }, () => table(items, ['id', 'name', 'created_at', 'last_used_at', 'revoked_at']));
    });

  users
    .command('revoke-token <username> <token-id>')
    .description('Revoke one API token (see `tally users tokens`); it stops working at once')
    .option('--reason <text>', 'why (kept in the audit log)')
    .action(async (username: string, tokenId: string, o: { reason?: string }) => {
      const { id, reason } = parseInput(zTokenRevocationInput, { id: tokenId, reason: o.reason });
      const token = await ctx.withDb((db) => revokeOneApiToken(db, cliActor, username, id, reason));
      ctx.print(token, () => `Revoked the API token ${token.id} (${token.name}) of ${username}.`);
    });
}
