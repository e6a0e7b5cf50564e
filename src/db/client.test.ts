import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, testEngine } from '../../test/db.ts';
import type { Db } from './client.ts';

let db: Db;
beforeEach(async () => {
  db = await freshDb();
});
afterEach(async () => db.close());

const backendOf = async (connection: { query: Db['query'] }) =>
  (await connection.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid;

describe('holdConnection', () => {
  it('runs statements and keeps their effects visible to the rest of the database', async () => {
    const held = db.holdConnection();
    await held.query('CREATE TABLE held_probe (n int)');
    await held.query('INSERT INTO held_probe VALUES ($1), ($2)', [1, 2]);
    expect(await db.query('SELECT n FROM held_probe ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await held.exec('SELECT count(*)::int AS n FROM held_probe')).toEqual([{ n: 2 }]);
  });

  it.runIf(testEngine === 'postgres')(
    'keeps one server connection across statements and errors',
    async () => {
      const held = db.holdConnection();
      const first = await backendOf(held);
      await expect(held.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
      expect(await backendOf(held)).toBe(first);
      // Two statements sent together still share it.
      const [a, b] = await Promise.all([backendOf(held), backendOf(held)]);
      expect([a, b]).toEqual([first, first]);
    },
  );

  it.runIf(testEngine === 'postgres')(
    'drops a connection the server ended and takes a fresh one',
    async () => {
      const held = db.holdConnection();
      const first = await backendOf(held);
      // Ended mid-statement, so the statement surely sees it: an idle connection ended between
      // statements may already be replaced when the next one is sent (CI saw that race).
      // The expectation is attached at once: the rejection comes while the test awaits the termination.
      const running = expect(held.query('SELECT pg_sleep(30)')).rejects.toThrow();
      while (
        (await db.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", [first]))
          .length === 0
      )
        await sleep(10);
      await db.query('SELECT pg_terminate_backend($1, 5000)', [first]);
      await running;
      const second = await backendOf(held);
      expect(second).toBeTypeOf('number');
      expect(second).not.toBe(first);
    },
  );

  it.runIf(testEngine === 'postgres')('is given back when the database closes', async () => {
    const other = await freshDb();
    await backendOf(other.holdConnection());
    // pg's pool.end() waits for every checked-out connection: a held one not released would hang here.
    await expect(Promise.race([other.close().then(() => 'closed'), sleep(5_000)])).resolves.toBe('closed');
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(() => resolve('timed out'), ms));
