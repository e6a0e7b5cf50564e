import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { TallyError } from '../core/errors.ts';
import { backupTo } from './backup.service.ts';
import type { BackupSummary } from './backup.ts';
import { restoreFrom } from './restore.service.ts';

/** Where scripts put the passphrase; a person at a terminal is asked instead. */
export const PASSPHRASE_ENV = 'TALLY_BACKUP_PASSPHRASE';

function askHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Echo only the question, never what is typed.
  const muted = rl as unknown as { _writeToOutput: (text: string) => void };
  muted._writeToOutput = (text) => {
    if (text.startsWith(question)) process.stderr.write(question);
  };
  return new Promise((done) =>
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      done(answer);
    }),
  );
}

/** --passphrase-file, then TALLY_BACKUP_PASSPHRASE, then a prompt on a terminal. */
async function readPassphrase(file: string | undefined, confirm: boolean): Promise<string> {
  if (file) return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  const fromEnv = process.env[PASSPHRASE_ENV];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY)
    throw new TallyError(
      'validation_failed',
      `The backup's keyring needs a passphrase and there is no terminal to ask: give --passphrase-file FILE or set ${PASSPHRASE_ENV}`,
    );
  const first = await askHidden('Backup passphrase: ');
  if (confirm && (await askHidden('The same passphrase again: ')) !== first)
    throw new TallyError('validation_failed', 'The two passphrases differ; nothing was written');
  return first;
}

function keysLine(summary: BackupSummary): string {
  if (!summary.keyring_path) return `Keys: ${summary.keys}. Keep the passphrase apart from the backup.`;
  return `Keys: ${summary.keys}. Keep the keyring (${summary.keyring_path}) separately and safely: without it, every sealed source identity in this backup is lost. Or back up with --with-keys.`;
}

export function registerBackupCommands(program: Command, ctx: CliContext): void {
  program
    .command('backup <file>')
    .description(
      'Write the whole database, the evidence store and (with --with-keys) the keyring to one checksummed file',
    )
    .option(
      '--with-keys',
      'also put the keyring in the backup, encrypted with a passphrase (scrypt, AES-256-GCM)',
    )
    .option(
      '--passphrase-file <path>',
      `read the passphrase from this file (else ${PASSPHRASE_ENV}, else a prompt)`,
    )
    .action(async (file: string, o: { withKeys?: boolean; passphraseFile?: string }) => {
      const keysPassphrase = o.withKeys ? await readPassphrase(o.passphraseFile, true) : undefined;
      const started = Date.now();
      const { summary } = await ctx.withDb((db) =>
        backupTo(db, ctx.config().dataDir, file, { keysPassphrase }),
      );
      ctx.print(
        { ...summary, seconds: (Date.now() - started) / 1000 },
        () =>
          `Backed up ${summary.rows} rows in ${summary.tables} tables and ${summary.files} evidence files (schema ${summary.schema}) to ${file}, ${summary.bytes} bytes.`,
      );
      ctx.status(keysLine(summary));
    });

  program
    .command('restore <file>')
    .description(
      'Restore a backup into an empty database and data directory: all or nothing, every row, file and the audit chain checked',
    )
    .option(
      '--passphrase-file <path>',
      `passphrase of a backup made --with-keys (else ${PASSPHRASE_ENV}, else a prompt)`,
    )
    .action(async (file: string, o: { passphraseFile?: string }) => {
      const started = Date.now();
      const { summary } = await ctx.withDb((db) =>
        restoreFrom(db, ctx.config().dataDir, file, {
          passphrase: () => readPassphrase(o.passphraseFile, false),
        }),
      );
      ctx.print(
        { ...summary, seconds: (Date.now() - started) / 1000 },
        () =>
          `Restored ${summary.rows} rows and ${summary.files} evidence files (schema ${summary.schema}); every table, file and the audit chain match the backup.`,
      );
      if (summary.keyring_path)
        ctx.status(
          `The backup holds no keys: put the keyring you kept at ${summary.keyring_path} (or in TALLY_KEYRING), or sealed source identities cannot be opened.`,
        );
      else if (process.env.TALLY_KEYRING)
        ctx.status(
          'The keyring was restored to the data directory, but TALLY_KEYRING is set and wins: set it to the restored keyring, or unset it.',
        );
      else ctx.status('The keyring was restored into the data directory (mode 0600).');
    });
}
