import type { User } from './user.ts';
import type { UserRow } from './users.repo.ts';

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
