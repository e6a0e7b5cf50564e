/** Roles, from least to most trusted (see src/auth/access.ts for what each may do). */
export const roles = ['reporter', 'analyst', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * Who is doing something, as recorded in the audit log and checked by services.
 * A signed-in user carries `userId` and `role`; the CLI and background jobs act
 * as named system actors with full rights.
 */
export interface Actor {
  id: string;
  role: Role;
  userId?: string;
}

export const cliActor: Actor = { id: 'cli', role: 'admin' };
export const systemActor: Actor = { id: 'system', role: 'admin' };
/** Only for code paths that predate sign-in and tests of services called directly. */
export const apiActor: Actor = { id: 'api', role: 'admin' };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed);
}
