import { z } from 'zod';
import { type Role, roles } from '../core/actor.ts';

export { type Role, roleAtLeast, roles } from '../core/actor.ts';
export const zRole = z.enum(roles);

/**
 * Who may call a route: `public` (anyone, no login), `signed_in` (any account),
 * or the least role needed. Every route declares it in its Fastify
 * `config.access`; a route that does not is treated as `analyst`, so a
 * forgotten declaration never opens data to the public or to reporters.
 */
export type Access = 'public' | Role;
export const DEFAULT_ACCESS: Access = 'analyst';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Set by the auth hook on every /api route that is not public. */
    actor?: import('../core/actor.ts').Actor;
  }
}

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);
