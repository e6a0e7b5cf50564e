import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { TallyError } from '../core/errors.ts';
import type { Keyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import { hashPassword, passwordMatches } from './passwords.ts';
import { apiTokenCacheFor } from './token-cache.ts';
import { matchTotp } from './totp.ts';
import type { User } from './user.ts';
import { presentUser } from './users.present.ts';
import { endSessions, findUserByName, insertSession, touchSession, updateUser } from './users.repo.ts';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export interface SessionPolicy {
  idleSeconds: number;
  absoluteSeconds: number;
  maxFailedLogins: number;
  lockSeconds: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  idleSeconds: 30 * 60,
  absoluteSeconds: 12 * 60 * 60,
  maxFailedLogins: 5,
  lockSeconds: 15 * 60,
};

const anonymous: Actor = { id: 'anonymous', role: 'reporter' };
// Compared against when the username is unknown, so a wrong name costs as long as a wrong password.
const decoyHash = hashPassword('decoy password that matches nothing');

export interface LoginResult {
  token: string;
  csrf: string;
  user: User;
}

/**
 * Password (and, once enrolled, a TOTP code used at most once) gives a new
 * session token; only its hash is stored. Every attempt is audited; after
 * repeated failures the account is locked for a while.
 */
export async function login(
  db: Db,
  keyring: Keyring,
  input: { username: string; password: string; totp?: string | undefined },
  policy: SessionPolicy = defaultSessionPolicy,
): Promise<LoginResult> {
  const wrong = () => new TallyError('unauthorized', 'The username or password is wrong');
  const user = await findUserByName(db, input.username);
  if (!user) {
    await passwordMatches(await decoyHash, input.password);
    await db.transaction((tx) =>
      recordAudit(tx, anonymous, {
        action: 'auth.login_failed',
        entity: 'user',
        entityId: input.username,
        reason: 'unknown user',
      }),
    );
    throw wrong();
  }
  if (user.locked_until && user.locked_until > new Date()) {
    throw new TallyError(
      'too_many_requests',
      `Too many failed sign-ins; try again after ${user.locked_until.toISOString()}`,
    );
  }
  const fail = async (reason: string, error: TallyError) => {
    await db.transaction(async (tx) => {
      const failed = user.failed_logins + 1;
      const lock = failed >= policy.maxFailedLogins ? new Date(Date.now() + policy.lockSeconds * 1000) : null;
      await updateUser(tx, user.id, { failed_logins: lock ? 0 : failed, locked_until: lock });
      await recordAudit(tx, anonymous, {
        action: 'auth.login_failed',
        entity: 'user',
        entityId: user.id,
        reason,
      });
    });
    throw error;
  };
  if (user.disabled_at || !(await passwordMatches(user.password_hash, input.password))) {
    return fail(user.disabled_at ? 'disabled account' : 'wrong password', wrong());
  }
  let totpStep: number | null = null;
  if (user.totp_enabled && user.totp_secret_sealed) {
    if (!input.totp)
      throw new TallyError('totp_required', 'Enter the 6-digit code from your authenticator app');
    totpStep = matchTotp(keyring.open(user.totp_secret_sealed), input.totp);
    if (totpStep === null || (user.totp_last_step !== null && totpStep <= user.totp_last_step)) {
      return fail(
        'wrong or reused code',
        new TallyError('unauthorized', 'The code is wrong or was already used'),
      );
    }
  }
  const token = newToken();
  const csrf = newToken();
  return db.transaction(async (tx) => {
    const updated = await updateUser(tx, user.id, {
      failed_logins: 0,
      locked_until: null,
      ...(totpStep !== null ? { totp_last_step: totpStep } : {}),
    });
    await insertSession(tx, { token_hash: tokenHash(token), user_id: user.id, csrf_token: csrf });
    await recordAudit(tx, actorOf(updated), { action: 'auth.login', entity: 'user', entityId: user.id });
    return { token, csrf, user: presentUser(updated) };
  });
}

export function actorOf(user: { id: string; username: string; role: User['role'] }): Actor {
  return { id: `user:${user.username}`, role: user.role, userId: user.id };
}

export interface Authenticated {
  actor: Actor;
  user: { id: string; username: string; must_change_password: boolean };
  /** Present for cookie sessions: writes must echo it. */
  csrf?: string;
}

/** A session cookie or an API token (Authorization: Bearer) to the actor behind it, or undefined. */
export async function authenticate(
  db: Db,
  credentials: { sessionToken?: string | undefined; bearerToken?: string | undefined },
  policy: SessionPolicy = defaultSessionPolicy,
): Promise<Authenticated | undefined> {
  if (credentials.bearerToken) {
    const user = await apiTokenCacheFor(db).lookup(tokenHash(credentials.bearerToken));
    return user ? { actor: actorOf(user), user } : undefined;
  }
  if (credentials.sessionToken) {
    const session = await touchSession(
      db,
      tokenHash(credentials.sessionToken),
      policy.idleSeconds,
      policy.absoluteSeconds,
    );
    return session
      ? { actor: actorOf(session.user), user: session.user, csrf: session.csrf_token }
      : undefined;
  }
  return undefined;
}

export async function logout(db: Db, actor: Actor, sessionToken: string): Promise<void> {
  await db.transaction(async (tx) => {
    await endSessions(tx, { tokenHash: tokenHash(sessionToken) });
    await recordAudit(tx, actor, {
      action: 'auth.logout',
      entity: 'user',
      entityId: actor.userId ?? actor.id,
    });
  });
}
