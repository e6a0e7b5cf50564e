import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../core/actor.ts';
import { TallyError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import { DEFAULT_ACCESS, roleAtLeast } from './access.ts';
import { authenticate, type SessionPolicy } from './sessions.service.ts';

export const SESSION_COOKIE = 'tally_session';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]{20,200})$/);
  return match?.[1];
}

/**
 * Deny by default: every /api route needs a signed-in account with at least
 * the role its `config.access` names (analyst when it names none), except
 * routes declared `public`. Cookie sessions must echo their CSRF token on
 * writes; API tokens (Authorization: Bearer) need not, since a browser never
 * sends them on its own.
 */
export async function registerAuth(
  app: FastifyInstance,
  deps: { db: Db; policy: SessionPolicy },
): Promise<void> {
  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return; // docs, health, the web app's files
    if (!request.routeOptions.url) return; // unknown route: the JSON 404 answers
    const access = request.routeOptions.config?.access ?? DEFAULT_ACCESS;
    const credentials = {
      sessionToken: request.cookies[SESSION_COOKIE],
      bearerToken: bearerToken(request.headers.authorization),
    };
    const found =
      credentials.sessionToken || credentials.bearerToken
        ? await authenticate(deps.db, credentials, deps.policy)
        : undefined;
    if (access === 'public') {
      if (found) request.actor = found.actor;
      return;
    }
    if (!found)
      throw new TallyError('unauthorized', 'Sign in first (POST /api/v1/auth/login) or send an API token');
    if (found.csrf && !safeMethods.has(request.method) && request.headers['x-csrf-token'] !== found.csrf) {
      throw new TallyError('forbidden', 'Send the X-CSRF-Token header you received at sign-in');
    }
    // A one-time password gates what was signed in with it; a device token an admin issued is not a password.
    if (found.csrf && found.user.must_change_password && !request.url.startsWith('/api/v1/auth/')) {
      throw new TallyError(
        'password_change_required',
        'Change your one-time password first (POST /api/v1/auth/password)',
      );
    }
    if (!roleAtLeast(found.actor.role, access)) {
      throw new TallyError('forbidden', `This needs the ${access} role; you are ${found.actor.role}`);
    }
    request.actor = found.actor;
  });
}

/** The signed-in actor of a non-public route (the hook guarantees one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new TallyError('unauthorized', 'Sign in first');
  return request.actor;
}
