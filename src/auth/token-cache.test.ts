import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine } from '../../test/db.ts';
import { systemActor } from '../core/actor.ts';
import { type Db, openDb } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { authenticate, tokenHash } from './sessions.service.ts';
import { apiTokenCacheFor } from './token-cache.ts';
import { createApiToken, createUser, disableUser } from './users.service.ts';

/**
 * API tokens are answered from memory, yet a change made anywhere (here, or by another process
 * on PostgreSQL, such as `tally users disable` in a shell) takes effect on the next request.
 */
let db: Db;
/** Another connection to the same database: another process on PostgreSQL, the same one embedded. */
let elsewhere: Db;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  if (testEngine === 'postgres') {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await openDb({ databaseUrl: created.url, poolSize: 4 });
    await migrate(db);
    elsewhere = await openDb({ databaseUrl: created.url, poolSize: 2 });
  } else {
    db = await openDb({});
    await migrate(db);
    elsewhere = db;
  }
});
afterAll(async () => {
  if (elsewhere !== db) await elsewhere.close();
  await db.close();
  await drop?.();
});

async function tokenFor(username: string, role: 'reporter' | 'analyst' = 'reporter') {
  await createUser(db, systemActor, { username, role });
  return (await createApiToken(db, systemActor, username, 'phone')).token;
}

/** The actor behind a token, asked the way every request asks. */
const roleOf = async (token: string) => (await authenticate(db, { bearerToken: token }))?.actor.role;

/** Waits until the cache is subscribed and holds the token, so the next answer comes from memory. */
async function cached(token: string) {
  await expect
    .poll(async () => {
      await roleOf(token);
      return apiTokenCacheFor(db).holds(tokenHash(token));
    })
    .toBe(true);
}

describe('API tokens answered from memory', () => {
  it('answers from memory: a change made behind the triggers goes unseen', async () => {
    const token = await tokenFor('cached-reporter');
    await cached(token);
    // With triggers off, nothing announces the revocation: the cached answer proves the cache is used.
    await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL session_replication_role = replica');
      await tx.query(
        "UPDATE api_token SET revoked_at = now() WHERE user_id = (SELECT id FROM app_user WHERE username = 'cached-reporter')",
      );
    });
    expect(await roleOf(token)).toBe('reporter');
  });

  it('refuses a token revoked by another connection at once', async () => {
    const token = await tokenFor('revoked-elsewhere');
    await cached(token);
    await elsewhere.query(
      "UPDATE api_token SET revoked_at = now() WHERE user_id = (SELECT id FROM app_user WHERE username = 'revoked-elsewhere')",
    );
    await expect.poll(() => roleOf(token), { timeout: 2000, interval: 20 }).toBeUndefined();
  });

  it('refuses a disabled user and sees a new role', async () => {
    const disabled = await tokenFor('to-disable');
    const promoted = await tokenFor('to-promote');
    await cached(disabled);
    await cached(promoted);
    await disableUser(elsewhere, systemActor, 'to-disable', 'left the network');
    await elsewhere.query("UPDATE app_user SET role = 'analyst' WHERE username = 'to-promote'");
    await expect.poll(() => roleOf(disabled), { timeout: 2000, interval: 20 }).toBeUndefined();
    await expect.poll(() => roleOf(promoted), { timeout: 2000, interval: 20 }).toBe('analyst');
  });

  it.skipIf(testEngine !== 'postgres')('forgets everything when its subscription breaks', async () => {
    const token = await tokenFor('listener-lost');
    await cached(token);
    await elsewhere.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
    );
    await expect.poll(() => apiTokenCacheFor(db).size, { timeout: 2000, interval: 20 }).toBe(0);
    // A change nobody announces is still seen: without a subscription every request asks the database.
    await elsewhere.transaction(async (tx) => {
      await tx.exec('SET LOCAL session_replication_role = replica');
      await tx.query(
        "UPDATE api_token SET revoked_at = now() WHERE user_id = (SELECT id FROM app_user WHERE username = 'listener-lost')",
      );
    });
    expect(await roleOf(token)).toBeUndefined();
  });
});
