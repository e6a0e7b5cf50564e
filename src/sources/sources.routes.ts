import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.hook.ts';
import { zUuid } from '../core/ids.ts';
import type { Keyring } from '../core/keyring.ts';
import { zPageQuery } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import { zNewSource, zSource, zSourceIdentity } from './source.ts';
import { revealSourceIdentity, sealSourceIdentity } from './sources.identity.ts';
import { createSource, getSource, pageSources } from './sources.service.ts';

export const sourceRoutes =
  (deps: { db: Db; keyring: Keyring }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/sources',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['sources'],
          summary: 'Register a source (201), or confirm a retry of one (200)',
          body: zNewSource,
          response: { 200: zSource, 201: zSource },
        },
      },
      async (request, reply) => {
        const { created, value } = await createSource(deps.db, actorOf(request), request.body);
        return reply.code(created ? 201 : 200).send(value);
      },
    );

    app.get(
      '/sources',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['sources'],
          summary: 'List sources, oldest first',
          querystring: zPageQuery,
          response: { 200: z.object({ items: z.array(zSource), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => pageSources(deps.db, request.query),
    );

    app.get(
      '/sources/:id',
      {
        config: { access: 'analyst' },
        schema: { tags: ['sources'], params: z.object({ id: zUuid }), response: { 200: zSource } },
      },
      async (request) => getSource(deps.db, request.params.id),
    );

    app.put(
      '/sources/:id/identity',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['sources'],
          summary: "Seal a source's real name and contacts (admins only)",
          params: z.object({ id: zUuid }),
          body: zSourceIdentity,
        },
      },
      async (request, reply) => {
        await sealSourceIdentity(deps.db, deps.keyring, actorOf(request), request.params.id, request.body);
        return reply.code(204).send();
      },
    );

    app.get(
      '/sources/:id/identity',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['sources'],
          summary: "Open a source's identity (admins only; every reading is audited with its reason)",
          params: z.object({ id: zUuid }),
          querystring: z.object({ reason: z.string().trim().min(1).max(2000) }),
          response: { 200: z.object({ identity: zSourceIdentity.nullable() }) },
        },
      },
      async (request) => ({
        identity: await revealSourceIdentity(
          deps.db,
          deps.keyring,
          actorOf(request),
          request.params.id,
          request.query.reason,
        ),
      }),
    );
  };
