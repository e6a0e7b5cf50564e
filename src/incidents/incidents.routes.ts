import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { zAuditEntry } from '../audit/audit.ts';
import { actorOf } from '../auth/auth.hook.ts';
import { zUuid } from '../core/ids.ts';
import { zPageQuery } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import { zClaim } from '../intake/claim.ts';
import { zIncident, zIncidentListQuery, zIncidentPatch, zNewIncident, zReason } from './incident.ts';
import {
  attachClaims,
  claimsOfIncident,
  createIncident,
  detachClaim,
  getIncident,
  incidentHistory,
  pageIncidents,
  patchIncident,
  removeIncident,
} from './incidents.service.ts';

const zIdParams = z.object({ id: zUuid });

export const incidentRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/incidents',
      {
        config: { access: 'analyst' },
        schema: { tags: ['incidents'], body: zNewIncident, response: { 201: zIncident } },
      },
      async (request, reply) =>
        reply.code(201).send(await createIncident(deps.db, actorOf(request), request.body)),
    );

    app.get(
      '/incidents',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          summary: 'List incidents by start date',
          querystring: zPageQuery.extend(zIncidentListQuery.shape),
          response: { 200: z.object({ items: z.array(zIncident), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => pageIncidents(deps.db, request.query),
    );

    app.get(
      '/incidents/:id',
      {
        config: { access: 'analyst' },
        schema: { tags: ['incidents'], params: zIdParams, response: { 200: zIncident } },
      },
      async (request) => getIncident(deps.db, request.params.id),
    );

    app.get(
      '/incidents/:id/claims',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          summary: 'The claims linked to an incident, in the order they were stored',
          params: zIdParams,
          response: { 200: z.object({ items: z.array(zClaim) }) },
        },
      },
      async (request) => ({ items: await claimsOfIncident(deps.db, request.params.id) }),
    );

    app.get(
      '/incidents/:id/history',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          summary: 'What was done to an incident, oldest first, from the audit log',
          params: zIdParams,
          response: { 200: z.object({ items: z.array(zAuditEntry) }) },
        },
      },
      async (request) => ({ items: await incidentHistory(deps.db, request.params.id) }),
    );

    app.patch(
      '/incidents/:id',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          params: zIdParams,
          body: zIncidentPatch,
          response: { 200: zIncident },
        },
      },
      async (request) => patchIncident(deps.db, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/incidents/:id',
      {
        config: { access: 'analyst' },
        schema: { tags: ['incidents'], params: zIdParams, querystring: zReason },
      },
      async (request, reply) => {
        await removeIncident(deps.db, actorOf(request), request.params.id, request.query.reason);
        return reply.code(204).send();
      },
    );

    app.post(
      '/incidents/:id/claims',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          summary: 'Link claims to an incident',
          params: zIdParams,
          body: z
            .object({ claim_ids: z.array(zUuid).min(1).max(1000), reason: z.string().max(2000).optional() })
            .strict(),
          response: { 200: zIncident },
        },
      },
      async (request) =>
        attachClaims(
          deps.db,
          actorOf(request),
          request.params.id,
          request.body.claim_ids,
          request.body.reason,
        ),
    );

    app.delete(
      '/incidents/:id/claims/:claimId',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          summary: 'Unlink a claim from an incident',
          params: z.object({ id: zUuid, claimId: zUuid }),
          querystring: zReason,
          response: { 200: zIncident },
        },
      },
      async (request) =>
        detachClaim(
          deps.db,
          actorOf(request),
          request.params.id,
          request.params.claimId,
          request.query.reason,
        ),
    );
  };
