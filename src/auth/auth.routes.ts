import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { zUuid } from '../core/ids.ts';
import type { Keyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import { actorOf, SESSION_COOKIE } from './auth.hook.ts';
import { login, logout, type SessionPolicy } from './sessions.service.ts';
import {
  zApiToken,
  zApiTokenInfo,
  zLogin,
  zNewApiToken,
  zNewUser,
  zPasswordChange,
  zSession,
  zTokenRevocation,
  zUser,
  zUsername,
} from './user.ts';
import { presentUser } from './users.present.ts';
import { findUserById } from './users.repo.ts';
import {
  allUsers,
  apiTokensOf,
  changePassword,
  confirmTotp,
  createApiToken,
  createUser,
  disableUser,
  enrollTotp,
  resetPassword,
  revokeOneApiToken,
} from './users.service.ts';

export interface AuthRouteDeps {
  db: Db;
  keyring: Keyring;
  policy: SessionPolicy;
  /** Secure cookies need HTTPS; only a loopback development server may turn this off. */
  secureCookies: boolean;
}

const zUsernameParams = z.object({ username: zUsername });
const zTokenParams = z.object({ username: zUsername, id: zUuid });

export const authRoutes =
  (deps: AuthRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/auth/login',
      {
        config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: { tags: ['auth'], body: zLogin, response: { 200: zSession } },
      },
      async (request, reply) => {
        const result = await login(deps.db, deps.keyring, request.body, deps.policy);
        reply.setCookie(SESSION_COOKIE, result.token, {
          httpOnly: true,
          secure: deps.secureCookies,
          sameSite: 'strict',
          path: '/',
          maxAge: deps.policy.absoluteSeconds,
        });
        return { user: result.user, csrf_token: result.csrf };
      },
    );

    app.post(
      '/auth/logout',
      { config: { access: 'reporter' }, schema: { tags: ['auth'] } },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await logout(deps.db, actorOf(request), token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send();
      },
    );

    app.get(
      '/auth/me',
      { config: { access: 'reporter' }, schema: { tags: ['auth'], response: { 200: zUser } } },
      async (request) => presentUser((await findUserById(deps.db, actorOf(request).userId ?? '')) as never),
    );

    app.post(
      '/auth/password',
      {
        config: { access: 'reporter' },
        schema: { tags: ['auth'], body: zPasswordChange, response: { 200: zUser } },
      },
      async (request) => changePassword(deps.db, actorOf(request), request.body),
    );

    app.post(
      '/auth/totp/enroll',
      {
        config: { access: 'reporter' },
        schema: { tags: ['auth'], response: { 200: z.object({ secret: z.string(), uri: z.string() }) } },
      },
      async (request) => enrollTotp(deps.db, deps.keyring, actorOf(request)),
    );

    app.post(
      '/auth/totp/confirm',
      {
        config: { access: 'reporter' },
        schema: {
          tags: ['auth'],
          body: z.object({ code: z.string().regex(/^\d{6}$/) }).strict(),
          response: { 200: zUser },
        },
      },
      async (request) => confirmTotp(deps.db, deps.keyring, actorOf(request), request.body.code),
    );

    app.get(
      '/users',
      {
        config: { access: 'admin' },
        schema: { tags: ['users'], response: { 200: z.object({ items: z.array(zUser) }) } },
      },
      async () => ({ items: await allUsers(deps.db) }),
    );

    app.post(
      '/users',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'Create an account; the one-time password is in the answer, once',
          body: zNewUser,
          response: { 201: z.object({ user: zUser, password: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createUser(deps.db, actorOf(request), request.body)),
    );

    app.post(
      '/users/:username/disable',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          params: zUsernameParams,
          body: z.object({ reason: z.string().max(2000).optional() }).strict(),
          response: { 200: zUser },
        },
      },
      async (request) => disableUser(deps.db, actorOf(request), request.params.username, request.body.reason),
    );

    app.post(
      '/users/:username/reset',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          params: zUsernameParams,
          response: { 200: z.object({ user: zUser, password: z.string() }) },
        },
      },
      async (request) => resetPassword(deps.db, actorOf(request), request.params.username),
    );

    app.post(
      '/users/:username/tokens',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          params: zUsernameParams,
          body: zNewApiToken,
          response: { 201: zApiToken },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await createApiToken(deps.db, actorOf(request), request.params.username, request.body.name)),
    );

    app.get(
      '/users/:username/tokens',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          summary: "An account's API tokens, revoked ones included (never the tokens themselves)",
          params: zUsernameParams,
          response: { 200: z.object({ items: z.array(zApiTokenInfo) }) },
        },
      },
      async (request) => ({ items: await apiTokensOf(deps.db, request.params.username) }),
    );

    app.post(
      '/users/:username/tokens/:id/revoke',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'Revoke one API token at once; the account and its other tokens keep working',
          params: zTokenParams,
          body: zTokenRevocation,
          response: { 200: zApiTokenInfo },
        },
      },
      async (request) =>
        revokeOneApiToken(
          deps.db,
          actorOf(request),
          request.params.username,
          request.params.id,
          request.body.reason,
        ),
    );
  };
