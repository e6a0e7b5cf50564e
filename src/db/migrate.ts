import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TallyError } from '../core/errors.ts';
import type { Db } from './client.ts';

export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Forward-only migrations: `NNNN_name.sql`, applied in name order, never edited once committed. */
export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies every migration the database lacks, each in its own transaction.
 * Returns the names applied. Safe to run from several processes at once.
 */
export async function migrate(db: Db, migrations = readMigrations()): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);

  const known = new Set(migrations.map((m) => m.name));
  const applied = await db.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM schema_migration',
  );
  const unknown = applied.filter((row) => !known.has(row.name)).map((row) => row.name);
  if (unknown.length > 0) {
    throw new TallyError(
      'database_newer',
      `The database has migrations this version of Tally does not know (${unknown.join(', ')}). Upgrade Tally before using this database.`,
    );
  }
  for (const row of applied) {
    const local = migrations.find((m) => m.name === row.name);
    if (local && local.checksum !== row.checksum) {
      throw new TallyError(
        'database_newer',
        `Migration ${row.name} was edited after it was applied. Migrations are forward-only: restore the file and add a new one.`,
      );
    }
  }

  const done: string[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      // Serialises concurrent migrators; the lock ends with the transaction.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('tally.migrate'))`);
      // Record first, so a second process that got here after us sees the row and skips.
      const inserted = await tx.query(
        'INSERT INTO schema_migration (name, checksum) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name',
        [migration.name, migration.checksum],
      );
      if (inserted.length === 0) return false;
      await tx.exec(migration.sql);
      return true;
    });
    if (ran) done.push(migration.name);
  }
  return done;
}
