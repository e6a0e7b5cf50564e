import type { Command } from 'commander';
import { type Config, loadConfig } from '../core/config.ts';
import { type Db, openDb } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { explainInUse } from './in-use.ts';

/**
 * What every subcommand gets: the configuration (global --data, DATABASE_URL),
 * a database opened and migrated on demand, and one way to print results.
 * Data goes to stdout (JSON with --json); progress and status go to stderr.
 */
export interface CliContext {
  config(): Config;
  /** The subcommand being run, as typed after `tally` ("users disable"). */
  command(): string;
  /** Opens the database without migrating it (`tally db migrate`); the caller closes it. */
  openDb(): Promise<Db>;
  withDb<T>(work: (db: Db) => Promise<T>): Promise<T>;
  json(): boolean;
  /** Prints `data` as JSON under --json, otherwise the human rendering. */
  print(data: unknown, human: () => string): void;
  status(line: string): void;
}

export function createCliContext(program: Command): CliContext {
  const globals = () => program.opts<{ data?: string; json?: boolean }>();
  const config = () => loadConfig({ ...(globals().data ? { dataDir: globals().data } : {}) });
  let running = '';
  program.hook('preAction', (_root, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    running = names.join(' ');
  });
  const command = () => running;
  const open = () => {
    const { databaseUrl, dataDir } = config();
    return openDb({ databaseUrl, dataDir, command: `tally ${command()}` }).catch(explainInUse(command()));
  };
  return {
    config,
    command,
    openDb: open,
    async withDb(work) {
      const db = await open();
      try {
        await migrate(db);
        return await work(db);
      } finally {
        await db.close();
      }
    },
    json: () => Boolean(globals().json),
    print(data, human) {
      process.stdout.write(globals().json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
    status(line) {
      process.stderr.write(`${line}\n`);
    },
  };
}

/** Renders rows as an aligned text table for humans. */
export function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const cell = (value: unknown) => (value == null ? '' : String(value).replace(/\s+/g, ' ').slice(0, 60));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}
