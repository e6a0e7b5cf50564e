import { ApiError, api, csrf, get, post, type Role, type User } from './api.ts';
import { signal } from './signal.ts';

/** The signed-in account (null: a public visitor; undefined: not known yet). */
export const user = signal<User | null | undefined>(undefined);

const rank: Record<Role, number> = { reporter: 1, analyst: 2, editor: 3, admin: 4 };
export const atLeast = (role: Role, u: User | null | undefined = user.value): boolean =>
  Boolean(u && rank[u.role] >= rank[role]);

export async function loadUser(): Promise<void> {
  try {
    user.set(await get<User>('/auth/me'));
  } catch (error) {
    // Offline with a session: the field form still works from what this device holds.
    if (error instanceof ApiError) user.set(null);
    else user.set(cachedUser());
  }
  if (user.value) localStorage.setItem('tally.user', JSON.stringify(user.value));
}

function cachedUser(): User | null {
  try {
    return JSON.parse(localStorage.getItem('tally.user') ?? 'null') as User | null;
  } catch {
    return null;
  }
}

export async function signIn(username: string, password: string, totp?: string): Promise<User> {
  const session = await post<{ user: User; csrf_token: string }>('/auth/login', {
    username,
    password,
    ...(totp ? { totp } : {}),
  });
  csrf.set(session.csrf_token);
  user.set(session.user);
  localStorage.setItem('tally.user', JSON.stringify(session.user));
  return session.user;
}

export async function changePassword(current: string, next: string): Promise<void> {
  user.set(await post<User>('/auth/password', { current_password: current, new_password: next }));
}

export async function signOut(): Promise<void> {
  await api('POST', '/auth/logout', {}).catch(() => undefined);
  csrf.set(null);
  localStorage.removeItem('tally.user');
  user.set(null);
}
