import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { buildApp } from '../api/app.ts';
import { systemActor } from '../core/actor.ts';
import { ephemeralKeyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import { totpCode, totpStep } from './totp.ts';
import { updateUser } from './users.repo.ts';
import { createApiToken, createUser } from './users.service.ts';

let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  db = await freshDb();
  app = await buildApp({
    db,
    keyring: ephemeralKeyring(),
    sessionPolicy: { idleSeconds: 2, absoluteSeconds: 3600, maxFailedLogins: 3, lockSeconds: 60 },
  });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const PASSWORD = 'correct horse battery staple';
async function account(username: string, role: 'analyst' | 'reporter' = 'analyst') {
  const { user } = await createUser(db, systemActor, { username, role });
  const { hashPassword } = await import('./passwords.ts');
  await db.transaction(async (tx) =>
    updateUser(tx, user.id, { password_hash: await hashPassword(PASSWORD), must_change_password: false }),
  );
  return user;
}
const login = (username: string, extra: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: PASSWORD, ...extra },
  });
const cookieOf = (response: { headers: Record<string, unknown> }) =>
  String(response.headers['set-cookie']).split(';')[0] as string;

describe('signing in', () => {
  it('stores passwords only as argon2id hashes', async () => {
    await account('hash-check');
    const rows = await db.query<{ password_hash: string }>('SELECT password_hash FROM app_user');
    expect(rows.every((r) => r.password_hash.startsWith('$argon2id$'))).toBe(true);
  });

  it('asks for a second factor once enrolled, and accepts each code only once', async () => {
    await account('two-factor');
    const first = await login('two-factor');
    const cookie = cookieOf(first);
    const csrf = first.json().csrf_token;
    const enroll = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/enroll',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    const { secret } = enroll.json();
    const code = totpCode(secret, totpStep());
    const confirm = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/confirm',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { code },
    });
    expect(confirm.json().totp_enabled).toBe(true);

    const passwordOnly = await login('two-factor');
    expect(passwordOnly.statusCode).toBe(401);
    expect(passwordOnly.json().error).toBe('totp_required');
    expect(passwordOnly.headers['set-cookie']).toBeUndefined();
    // The code used to confirm enrolment is spent; the next step's code works once.
    expect((await login('two-factor', { totp: code })).statusCode).toBe(401);
    const next = totpCode(secret, totpStep() + 1);
    expect((await login('two-factor', { totp: next })).statusCode).toBe(200);
    expect((await login('two-factor', { totp: next })).statusCode).toBe(401);
    const sealed = await db.query<{ s: string }>(
      "SELECT totp_secret_sealed AS s FROM app_user WHERE username = 'two-factor'",
    );
    expect(sealed[0]?.s).not.toContain(secret);
  });

  it('locks an account after repeated wrong passwords, and audits every attempt', async () => {
    const user = await account('brute-forced');
    for (let i = 0; i < 3; i++) {
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'brute-forced', password: `guess ${i}` },
      });
      expect(wrong.statusCode).toBe(401);
    }
    const locked = await login('brute-forced');
    expect(locked.statusCode).toBe(429);
    const audit = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login_failed' AND entity_id = $1",
      [user.id],
    );
    expect(audit[0]?.n).toBe(3);
  });

  it('ends a session after the idle limit and at logout', async () => {
    await account('idle-user');
    const cookie = cookieOf(await login('idle-user'));
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);

    const fresh = await login('idle-user');
    const other = cookieOf(fresh);
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: other, 'x-csrf-token': fresh.json().csrf_token },
    });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: other } })).statusCode).toBe(401);
  });

  it('shuts out a disabled account at once, sessions and device tokens alike', async () => {
    await account('seized-phone', 'reporter');
    const { token } = await createApiToken(db, systemActor, 'seized-phone', 'phone');
    const cookie = cookieOf(await login('seized-phone'));
    const auth = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/v1/auth/me', headers: auth })).statusCode).toBe(200);
    const { disableUser } = await import('./users.service.ts');
    await disableUser(db, systemActor, 'seized-phone', 'phone seized at a checkpoint');
    expect((await app.inject({ url: '/api/v1/auth/me', headers: auth })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await login('seized-phone')).statusCode).toBe(401);
  });
});
