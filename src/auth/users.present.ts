import type { ApiTokenInfo, User } from './user.ts';
import type { ApiTokenRow, UserRow } from './users.repo.ts';

/** Password hashes, TOTP secrets and lock counters never leave the server. */
export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    totp_enabled: row.totp_enabled,
    must_change_password: row.must_change_password,
    disabled: row.disabled_at !== null,
    created_at: new Date(row.created_at).toISOString(),
  };
}

/** A token's hash stays in the database: it is what a stolen copy of the token would be checked against. */
export function presentApiToken(row: ApiTokenRow): ApiTokenInfo {
  const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: row.id,
    name: row.name,
    created_at: new Date(row.created_at).toISOString(),
    last_used_at: iso(row.last_used_at),
    revoked_at: iso(row.revoked_at),
  };
}
