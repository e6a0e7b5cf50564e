import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole, buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { systemActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { tokenHash } from './sessions.service.ts';
import { apiTokenCacheFor } from './token-cache.ts';
import { createApiToken } from './users.service.ts';

/** One lost phone: its token stops at the next request, the reporter's other devices keep working. */
let db: Db;
let app: FastifyInstance & { token: string };

beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db }); // signed in as an admin
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const me = (token: string) =>
  app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
const revoke = (username: string, id: string, reason?: string) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/users/${username}/tokens/${id}/revoke`,
    payload: reason ? { reason } : {},
  });

describe('POST /api/v1/users/{username}/tokens/{id}/revoke', () => {
  it('refuses the revoked token on the very next request, even when it was answered from memory', async () => {
    const reporter = await accountWithRole(db, 'reporter');
    const spare = await createApiToken(db, systemActor, reporter.username, 'spare phone');
    const [lost] = (await app.inject({ url: `/api/v1/users/${reporter.username}/tokens` })).json().items;
    expect(lost.name).toBe('test device');
    // 1. the token is in use and held by the server's cache
    await expect
      .poll(async () => {
        expect((await me(reporter.token)).statusCode).toBe(200);
        return apiTokenCacheFor(db).holds(tokenHash(reporter.token));
      })
      .toBe(true);
    // 2. an admin revokes it
    const revoked = await revoke(reporter.username, lost.id, 'phone lost at a checkpoint');
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({
      id: lost.id,
      name: 'test device',
      revoked_at: expect.any(String),
    });
    // 3. at once: no waiting for the change notice
    expect((await me(reporter.token)).statusCode).toBe(401);
    expect((await me(spare.token)).statusCode).toBe(200);
    const listed = (await app.inject({ url: `/api/v1/users/${reporter.username}/tokens` })).json().items;
    expect(
      listed.map((t: { id: string; revoked_at: string | null }) => [t.id, t.revoked_at !== null]),
    ).toEqual([
      [lost.id, true],
      [spare.id, false],
    ]);
    expect(JSON.stringify(listed)).not.toContain(reporter.token);
  });

  it('audits the revocation once; revoking again changes nothing', async () => {
    const reporter = await accountWithRole(db, 'reporter');
    const [token] = (await app.inject({ url: `/api/v1/users/${reporter.username}/tokens` })).json().items;
    const first = await revoke(reporter.username, token.id, 'retired integration');
    const again = await revoke(reporter.username, token.id);
    expect(again.statusCode).toBe(200);
    expect(again.json().revoked_at).toBe(first.json().revoked_at);
    const entries = await db.query<{ actor: string; reason: string | null; after: { token_id: string } }>(
      "SELECT actor, reason, after FROM audit_log WHERE action = 'user.token_revoke' AND entity_id = $1",
      [reporter.userId],
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ reason: 'retired integration', after: { token_id: token.id } });
  });

  it("answers 404 for a token the account does not hold, and leaves another account's token alone", async () => {
    const owner = await accountWithRole(db, 'reporter');
    const other = await accountWithRole(db, 'reporter');
    const [token] = (await app.inject({ url: `/api/v1/users/${owner.username}/tokens` })).json().items;
    const wrongAccount = await revoke(other.username, token.id);
    expect(wrongAccount.statusCode).toBe(404);
    expect(wrongAccount.json().message).toContain(`tally users tokens ${other.username}`);
    expect((await revoke(owner.username, '00000000-0000-4000-8000-00000000dead')).statusCode).toBe(404);
    expect((await revoke(owner.username, 'not-a-uuid')).statusCode).toBe(400);
    expect((await me(owner.token)).statusCode).toBe(200);
  });
});
