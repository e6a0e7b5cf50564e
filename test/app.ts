import type { FastifyInstance, InjectOptions } from 'fastify';
import { type AppDeps, buildApp } from '../src/api/app.ts';
import { updateUser } from '../src/auth/users.repo.ts';
import { createApiToken, createUser } from '../src/auth/users.service.ts';
import { type Role, systemActor } from '../src/core/actor.ts';
import { ephemeralKeyring } from '../src/core/keyring.ts';
import type { Db } from '../src/db/client.ts';

let counter = 0;

/** A signed-up account with the role, ready to use: its API token and id. */
export async function accountWithRole(
  db: Db,
  role: Role,
): Promise<{ token: string; userId: string; username: string }> {
  counter += 1;
  const username = `${role}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
  const { user } = await createUser(db, systemActor, { username, role });
  await db.transaction((tx) => updateUser(tx, user.id, { must_change_password: false }));
  const { token } = await createApiToken(db, systemActor, username, 'test device');
  return { token, userId: user.id, username };
}

/**
 * The real app, whose `inject` signs requests in as an account with `role`
 * (admin unless told otherwise) unless a request sets its own Authorization.
 * Routes still run the real authentication and access checks.
 */
export async function buildTestApp(
  deps: Omit<AppDeps, 'keyring'> & Partial<Pick<AppDeps, 'keyring'>>,
  options: { role?: Role } = {},
): Promise<FastifyInstance & { token: string }> {
  const app = await buildApp({ keyring: ephemeralKeyring(), ...deps });
  const { token } = await accountWithRole(deps.db, options.role ?? 'admin');
  const inject = app.inject.bind(app) as (
    opts: InjectOptions | string,
  ) => ReturnType<FastifyInstance['inject']>;
  const signedIn = (opts: InjectOptions | string) => {
    const request: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
    const headers = { authorization: `Bearer ${token}`, ...(request.headers ?? {}) };
    return inject({ ...request, headers });
  };
  return Object.assign(app, { inject: signedIn as FastifyInstance['inject'], token });
}
