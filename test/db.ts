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
  const { url, drop } = await createTestDatabase();
  const db = await openDb({ databaseUrl: url, poolSize: options.poolSize ?? 25 });
  await migrate(db);
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      await drop();
    },
  });
}

/** An empty database on the test PostgreSQL server, for tests that hand a DATABASE_URL to a child process. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('postgresUrl');
  const name = `tally_test_${Math.random().toString(36).slice(2, 10)}`;
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(sql);
    await admin.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
