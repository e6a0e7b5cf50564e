import type { Queryable } from '../db/client.ts';
import type { Role } from './access.ts';

export interface UserRow {
  id: string;
  username: string;
  role: Role;
  password_hash: string;
  must_change_password: boolean;
  totp_secret_sealed: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  created_at: Date;
}

export async function insertUser(
  tx: Queryable,
  user: Pick<UserRow, 'id' | 'username' | 'role' | 'password_hash' | 'must_change_password'>,
): Promise<UserRow | undefined> {
  const rows = await tx.query<UserRow>(
    `INSERT INTO app_user (id, username, role, password_hash, must_change_password)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING *`,
    [user.id, user.username, user.role, user.password_hash, user.must_change_password],
  );
  return rows[0];
}

export async function findUserByName(db: Queryable, username: string): Promise<UserRow | undefined> {
  return (await db.query<UserRow>('SELECT * FROM app_user WHERE username = $1', [username]))[0];
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  return (await db.query<UserRow>('SELECT * FROM app_user WHERE id = $1', [id]))[0];
}

export async function countUsers(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user'))[0]?.n ?? 0;
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  return db.query<UserRow>('SELECT * FROM app_user ORDER BY username');
}

type UserChange = Partial<
  Pick<
    UserRow,
    | 'password_hash'
    | 'must_change_password'
    | 'totp_secret_sealed'
    | 'totp_enabled'
    | 'totp_last_step'
    | 'failed_logins'
    | 'locked_until'
    | 'disabled_at'
    | 'role'
  >
>;

export async function updateUser(tx: Queryable, id: string, change: UserChange): Promise<UserRow> {
  const entries = Object.entries(change);
  const sets = entries.map(([column], i) => `${column} = $${i + 2}`);
  const rows = await tx.query<UserRow>(`UPDATE app_user SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [
    id,
    ...entries.map(([, value]) => value),
  ]);
  return rows[0] as UserRow;
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  ended_at: Date | null;
}

export async function insertSession(
  tx: Queryable,
  session: Pick<SessionRow, 'token_hash' | 'user_id' | 'csrf_token'>,
) {
  await tx.query('INSERT INTO user_session (token_hash, user_id, csrf_token) VALUES ($1, $2, $3)', [
    session.token_hash,
    session.user_id,
    session.csrf_token,
  ]);
}

/** A live session and its user, touched so the idle timer restarts. */
export async function touchSession(
  db: Queryable,
  tokenHash: string,
  idleSeconds: number,
  absoluteSeconds: number,
): Promise<(SessionRow & { user: UserRow }) | undefined> {
  const rows = await db.query<SessionRow & { user: UserRow }>(
    `UPDATE user_session s SET last_seen_at = now()
     FROM app_user u
     WHERE s.token_hash = $1 AND s.user_id = u.id AND s.ended_at IS NULL AND u.disabled_at IS NULL
       AND s.last_seen_at > now() - make_interval(secs => $2)
       AND s.created_at > now() - make_interval(secs => $3)
     RETURNING s.*, to_jsonb(u) AS user`,
    [tokenHash, idleSeconds, absoluteSeconds],
  );
  return rows[0];
}

export async function endSessions(tx: Queryable, where: { tokenHash?: string; userId?: string }) {
  await tx.query(
    `UPDATE user_session SET ended_at = now()
     WHERE ended_at IS NULL AND ($1::text IS NULL OR token_hash = $1) AND ($2::uuid IS NULL OR user_id = $2)`,
    [where.tokenHash ?? null, where.userId ?? null],
  );
}

export async function insertApiToken(
  tx: Queryable,
  token: { id: string; user_id: string; name: string; token_hash: string },
): Promise<{ id: string; name: string; created_at: Date }> {
  const rows = await tx.query<{ id: string; name: string; created_at: Date }>(
    'INSERT INTO api_token (id, user_id, name, token_hash) VALUES ($1, $2, $3, $4) RETURNING id, name, created_at',
    [token.id, token.user_id, token.name, token.token_hash],
  );
  return rows[0] as { id: string; name: string; created_at: Date };
}

export type ApiTokenUser = UserRow & { token_id: string; last_used_at: Date | null };

/** The live account behind a token hash: unrevoked token, enabled user. */
export async function findUserByApiToken(
  db: Queryable,
  tokenHash: string,
): Promise<ApiTokenUser | undefined> {
  const rows = await db.query<ApiTokenUser>(
    `SELECT u.*, t.id AS token_id, t.last_used_at
     FROM api_token t JOIN app_user u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL`,
    [tokenHash],
  );
  return rows[0];
}

export async function recordApiTokenUse(db: Queryable, tokenId: string): Promise<void> {
  await db.query('UPDATE api_token SET last_used_at = now() WHERE id = $1', [tokenId]);
}

export async function revokeApiTokens(tx: Queryable, where: { id?: string; userId?: string }) {
  await tx.query(
    `UPDATE api_token SET revoked_at = now()
     WHERE revoked_at IS NULL AND ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR user_id = $2)`,
    [where.id ?? null, where.userId ?? null],
  );
}

export interface ApiTokenRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const tokenColumns = 'id, user_id, name, created_at, last_used_at, revoked_at';

export async function listApiTokens(db: Queryable, userId: string): Promise<ApiTokenRow[]> {
  return db.query<ApiTokenRow>(
    `SELECT ${tokenColumns} FROM api_token WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
}

/**
 * Revokes one token of one account. The row comes back as it was before (`was_revoked`), so a
 * repeated revocation changes nothing; none comes back when the account holds no such token.
 */
export async function revokeApiToken(
  tx: Queryable,
  userId: string,
  tokenId: string,
): Promise<(ApiTokenRow & { was_revoked: boolean }) | undefined> {
  const rows = await tx.query<ApiTokenRow & { was_revoked: boolean }>(
    `WITH old AS (SELECT id, revoked_at IS NOT NULL AS was_revoked FROM api_token
                  WHERE id = $2 AND user_id = $1 FOR UPDATE)
     UPDATE api_token t SET revoked_at = coalesce(t.revoked_at, now())
     FROM old WHERE t.id = old.id
     RETURNING t.id, t.user_id, t.name, t.created_at, t.last_used_at, t.revoked_at, old.was_revoked`,
    [userId, tokenId],
  );
  return rows[0];
}
