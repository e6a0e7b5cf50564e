import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { apiActor } from '../core/actor.ts';
import { zUuid } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { zClaim, zNewClaim } from './claim.ts';
import { addClaimsToReport, claimsOfReport } from './claims.service.ts';
import { getReport } from './intake.service.ts';
import { REPORT_CLAIMS_MAX } from './report.ts';

export const claimRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/reports/:id/claims',
      {
        schema: {
          tags: ['claims'],
          summary: 'Add claims to a stored report by hand',
          params: z.object({ id: zUuid }),
          body: z.object({ claims: z.array(zNewClaim).min(1).max(REPORT_CLAIMS_MAX) }).strict(),
          response: { 201: z.object({ claims: z.array(zClaim) }) },
        },
      },
      async (request, reply) => {
        const claims = await addClaimsToReport(deps.db, apiActor, request.params.id, request.body.claims);
        return reply.code(201).send({ claims });
      },
    );

    app.get(
      '/reports/:id/claims',
      {
        schema: {
          tags: ['claims'],
          params: z.object({ id: zUuid }),
          response: { 200: z.object({ claims: z.array(zClaim) }) },
        },
      },
      async (request) => {
        await getReport(deps.db, request.params.id);
        return { claims: await claimsOfReport(deps.db, request.params.id) };
      },
    );
  };
