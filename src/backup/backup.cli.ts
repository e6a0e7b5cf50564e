import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { backupTo, restoreFrom } from './backup.service.ts';

export function registerBackupCommands(program: Command, ctx: CliContext): void {
  program
    .command('backup <file>')
    .description('Write the whole database and evidence store to one file, with SHA-256 digests of each part')
    .action(async (file: string) => {
      const manifest = await ctx.withDb((db) => backupTo(db, ctx.config().dataDir, file));
      const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
      ctx.print(
        manifest,
        () =>
          `Backed up ${rows} rows in ${Object.keys(manifest.tables).length} tables and ${Object.keys(manifest.files).length} evidence files to ${file}`,
      );
    });

  program
    .command('restore <file>')
    .description('Restore a backup into an empty database and data directory, and check every digest')
    .action(async (file: string) => {
      const manifest = await ctx.withDb((db) => restoreFrom(db, ctx.config().dataDir, file));
      const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
      ctx.print(
        manifest,
        () =>
          `Restored ${rows} rows and ${Object.keys(manifest.files).length} evidence files; every digest matches.`,
      );
    });
}
