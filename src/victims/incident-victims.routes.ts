import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.hook.ts';
import { zUuid } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { zReason } from '../incidents/incident.ts';
import { attachVictims, detachVictim, victimsOfIncident } from './incident-victims.service.ts';
import { zVictimRecord } from './victim.ts';

const zVictimList = z.object({ items: z.array(zVictimRecord) });

/** /incidents/:id/victims: the named victims among an incident's dead. */
export const incidentVictimRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/incidents/:id/victims',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['victims'],
          summary: 'The victim records linked to an incident, in the order they were linked',
          params: z.object({ id: zUuid }),
          response: { 200: zVictimList },
        },
      },
      async (request) => ({ items: await victimsOfIncident(deps.db, request.params.id) }),
    );

    app.post(
      '/incidents/:id/victims',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['victims'],
          summary: 'Link victim records to an incident (linking one already linked changes nothing)',
          params: z.object({ id: zUuid }),
          body: z
            .object({
              victim_record_ids: z.array(zUuid).min(1).max(1000),
              reason: z.string().max(2000).optional(),
            })
            .strict(),
          response: { 200: zVictimList },
        },
      },
      async (request) => ({
        items: await attachVictims(
          deps.db,
          actorOf(request),
          request.params.id,
          request.body.victim_record_ids,
          request.body.reason,
        ),
      }),
    );

    app.delete(
      '/incidents/:id/victims/:recordId',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['victims'],
          summary: 'Unlink a victim record from an incident',
          params: z.object({ id: zUuid, recordId: zUuid }),
          querystring: zReason,
          response: { 200: zVictimList },
        },
      },
      async (request) => ({
        items: await detachVictim(
          deps.db,
          actorOf(request),
          request.params.id,
          request.params.recordId,
          request.query.reason,
        ),
      }),
    );
  };
