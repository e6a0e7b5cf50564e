import pg from 'pg';
import { inject } from 'vitest';
import { type Db, openDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';

/** Which engine this test run uses: set per vitest project (vitest.config.ts). */
export const testEngine = (process.env.TALLY_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';

/**
 * A fresh, migrated database from the real migration files: in-memory PGlite,
 * or a new database on the test PostgreSQL server, dropped again on close.
 */
export async function freshDb(options: { poolSize?: number } = {}): Promise<Db> {
  if (testEngine === 'pglite') {
    const db = await openDb({});
    await migrate(db);
    return db;
  }
  const adminUrl = inject('postgresUrl');
  const name = `tally_test_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), poolSize: options.poolSize ?? 25 });
  await migrate(db);
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  });
}
