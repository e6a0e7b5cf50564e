import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.hook.ts';
import { zUuid } from '../core/ids.ts';
import { zPageQuery } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import { zClaim, zClaimListQuery, zClaimPatch, zClaimReview, zNewClaim } from './claim.ts';
import { addClaimsToReport, claimsOfReport, pageClaims, patchClaim, reviewClaim } from './claims.service.ts';
import { getReport } from './intake.service.ts';
import { REPORT_CLAIMS_MAX } from './report.ts';

export const claimRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/reports/:id/claims',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['claims'],
          summary: 'Add claims to a stored report by hand',
          params: z.object({ id: zUuid }),
          body: z.object({ claims: z.array(zNewClaim).min(1).max(REPORT_CLAIMS_MAX) }).strict(),
          response: { 201: z.object({ claims: z.array(zClaim) }) },
        },
      },
      async (request, reply) => {
        const claims = await addClaimsToReport(
          deps.db,
          actorOf(request),
          request.params.id,
          request.body.claims,
        );
        return reply.code(201).send({ claims });
      },
    );

    app.get(
      '/reports/:id/claims',
      {
        config: { access: 'analyst' },
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

    app.get(
      '/claims',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['claims'],
          summary: 'List claims in the order they were stored (status=proposed: the review queue)',
          querystring: zPageQuery.extend(zClaimListQuery.shape),
          response: { 200: z.object({ items: z.array(zClaim), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => pageClaims(deps.db, request.query),
    );

    for (const [verb, status] of [
      ['accept', 'accepted'],
      ['reject', 'rejected'],
    ] as const) {
      app.post(
        `/claims/:id/${verb}`,
        {
          config: { access: 'analyst' },
          schema: {
            tags: ['claims'],
            summary: `${verb === 'accept' ? 'Accept' : 'Reject (with a reason)'} a proposed claim`,
            params: z.object({ id: zUuid }),
            body: zClaimReview,
            response: { 200: zClaim },
          },
        },
        async (request) =>
          reviewClaim(deps.db, actorOf(request), request.params.id, status, request.body.reason),
      );
    }

    app.patch(
      '/claims/:id',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['claims'],
          summary: 'Correct a claim; every change needs a reason',
          params: z.object({ id: zUuid }),
          body: zClaimPatch,
          response: { 200: zClaim },
        },
      },
      async (request) => patchClaim(deps.db, actorOf(request), request.params.id, request.body),
    );
  };
