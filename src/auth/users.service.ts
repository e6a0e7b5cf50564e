import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Keyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import type { Role } from './access.ts';
import { generatePassword, hashPassword, passwordMatches } from './passwords.ts';
import { newToken, tokenHash } from './sessions.service.ts';
import { apiTokenCacheFor } from './token-cache.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts';
import type { ApiTokenInfo, User } from './user.ts';
import { presentApiToken, presentUser } from './users.present.ts';
import {
  countUsers,
  endSessions,
  findUserById,
  findUserByName,
  insertApiToken,
  insertUser,
  listApiTokens,
  listUsers,
  revokeApiToken,
  revokeApiTokens,
  updateUser,
} from './users.repo.ts';

/** Creates an account with a one-time password, which the person must change at first sign-in. */
export async function createUser(
  db: Db,
  actor: Actor,
  input: { username: string; role: Role },
): Promise<{ user: User; password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const row = await insertUser(tx, {
      id: newId(),
      username: input.username,
      role: input.role,
      password_hash: passwordHash,
      must_change_password: true,
    });
    if (!row) throw new TallyError('conflict', `The username ${input.username} is taken`);
    const user = presentUser(row);
    await recordAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: row.id, after: user });
    return { user, password };
  });
}

/** On an empty database: an admin account and its one-time password, to print once. */
export async function ensureFirstAdmin(db: Db): Promise<{ username: string; password: string } | null> {
  if ((await countUsers(db)) > 0) return null;
  const { user, password } = await createUser(
    db,
    { id: 'system', role: 'admin' },
    { username: 'admin', role: 'admin' },
  );
  return { username: user.username, password };
}

async function userNamed(db: Db, username: string) {
  const row = await findUserByName(db, username);
  if (!row) throw notFound('User', username);
  return row;
}

/** Disabling ends every session and API token of the account at once (a seized phone, a departed reporter). */
export async function disableUser(db: Db, actor: Actor, username: string, reason?: string): Promise<User> {
  const row = await userNamed(db, username);
  const user = await db.transaction(async (tx) => {
    const updated = await updateUser(tx, row.id, { disabled_at: new Date() });
    await endSessions(tx, { userId: row.id });
    await revokeApiTokens(tx, { userId: row.id });
    await recordAudit(tx, actor, { action: 'user.disable', entity: 'user', entityId: row.id, reason });
    return presentUser(updated);
  });
  forgetCachedTokens(db);
  return user;
}

/** The tokens of an account, newest last, revoked ones included (when, and when last used). */
export async function apiTokensOf(db: Db, username: string): Promise<ApiTokenInfo[]> {
  const row = await userNamed(db, username);
  return (await listApiTokens(db, row.id)).map(presentApiToken);
}

/**
 * Revokes one API token (a lost phone, a retired integration); the account and its other tokens
 * keep working. Revoking a revoked token answers as before and records nothing new.
 */
export async function revokeOneApiToken(
  db: Db,
  actor: Actor,
  username: string,
  tokenId: string,
  reason?: string,
): Promise<ApiTokenInfo> {
  const row = await userNamed(db, username);
  const token = await db.transaction(async (tx) => {
    const revoked = await revokeApiToken(tx, row.id, tokenId);
    if (!revoked) {
      throw new TallyError(
        'not_found',
        `${username} holds no API token ${tokenId}; list its tokens (tally users tokens ${username}, or GET /api/v1/users/${username}/tokens)`,
      );
    }
    if (!revoked.was_revoked) {
      await recordAudit(tx, actor, {
        action: 'user.token_revoke',
        entity: 'user',
        entityId: row.id,
        after: { token_id: revoked.id, name: revoked.name },
        reason,
      });
    }
    return presentApiToken(revoked);
  });
  forgetCachedTokens(db);
  return token;
}

/**
 * The change notice (migration 0011) reaches this process's cache a moment after the commit; a
 * request in that moment would still pass. Forgetting here closes it for the process that made the change.
 */
function forgetCachedTokens(db: Db): void {
  apiTokenCacheFor(db).forget();
}

/** A new one-time password; sessions end, the account is unlocked (and re-enabled), TOTP stays. */
export async function resetPassword(
  db: Db,
  actor: Actor,
  username: string,
): Promise<{ user: User; password: string }> {
  const row = await userNamed(db, username);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const updated = await updateUser(tx, row.id, {
      password_hash: passwordHash,
      must_change_password: true,
      failed_logins: 0,
      locked_until: null,
      disabled_at: null,
    });
    await endSessions(tx, { userId: row.id });
    await recordAudit(tx, actor, { action: 'user.reset_password', entity: 'user', entityId: row.id });
    return { user: presentUser(updated), password };
  });
}

export async function changePassword(
  db: Db,
  actor: Actor,
  input: { current_password: string; new_password: string },
): Promise<User> {
  const row = await findUserById(db, actor.userId ?? '');
  if (!row) throw new TallyError('unauthorized', 'Sign in first');
  if (!(await passwordMatches(row.password_hash, input.current_password))) {
    throw new TallyError('unauthorized', 'The current password is wrong');
  }
  const passwordHash = await hashPassword(input.new_password);
  return db.transaction(async (tx) => {
    const updated = await updateUser(tx, row.id, {
      password_hash: passwordHash,
      must_change_password: false,
    });
    await recordAudit(tx, actor, { action: 'user.change_password', entity: 'user', entityId: row.id });
    return presentUser(updated);
  });
}

/** Starts TOTP enrolment: a new secret, sealed at rest, active once a code from it is confirmed. */
export async function enrollTotp(
  db: Db,
  keyring: Keyring,
  actor: Actor,
): Promise<{ secret: string; uri: string }> {
  const row = await findUserById(db, actor.userId ?? '');
  if (!row) throw new TallyError('unauthorized', 'Sign in first');
  if (row.totp_enabled)
    throw new TallyError('conflict', 'A second factor is already active; ask an admin to reset it');
  const secret = newTotpSecret();
  await db.transaction(async (tx) => {
    await updateUser(tx, row.id, { totp_secret_sealed: keyring.seal(secret), totp_enabled: false });
    await recordAudit(tx, actor, { action: 'user.totp_enroll', entity: 'user', entityId: row.id });
  });
  return { secret, uri: otpauthUri(secret, row.username) };
}

export async function confirmTotp(db: Db, keyring: Keyring, actor: Actor, code: string): Promise<User> {
  const row = await findUserById(db, actor.userId ?? '');
  if (!row?.totp_secret_sealed)
    throw new TallyError('conflict', 'Start enrolment first (POST /api/v1/auth/totp/enroll)');
  const step = matchTotp(keyring.open(row.totp_secret_sealed), code);
  if (step === null)
    throw new TallyError('validation_failed', 'The code does not match', {
      fields: [{ field: 'code', message: 'wrong code' }],
    });
  return db.transaction(async (tx) => {
    const updated = await updateUser(tx, row.id, { totp_enabled: true, totp_last_step: step });
    await recordAudit(tx, actor, { action: 'user.totp_confirm', entity: 'user', entityId: row.id });
    return presentUser(updated);
  });
}

/** An API token for a device or an integration; the token is returned once, only its hash is kept. */
export async function createApiToken(db: Db, actor: Actor, username: string, name: string) {
  const row = await userNamed(db, username);
  const token = newToken();
  return db.transaction(async (tx) => {
    const stored = await insertApiToken(tx, {
      id: newId(),
      user_id: row.id,
      name,
      token_hash: tokenHash(token),
    });
    await recordAudit(tx, actor, {
      action: 'user.token_create',
      entity: 'user',
      entityId: row.id,
      after: { token_id: stored.id, name },
    });
    return { id: stored.id, name: stored.name, token, created_at: stored.created_at.toISOString() };
  });
}

export async function allUsers(db: Db): Promise<User[]> {
  return (await listUsers(db)).map(presentUser);
}
