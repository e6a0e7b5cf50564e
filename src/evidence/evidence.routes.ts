import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Config } from '../core/config.ts';
import { zUuid } from '../core/ids.ts';
import { zPageQuery } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import { getDerivatives, makeDerivative, openDerivative } from './derivatives.service.ts';
import { type Evidence, openEvidence, settle } from './evidence.runtime.ts';
import { getCustody, getItem, openOriginal, pageItems } from './evidence.service.ts';
import {
  zCheck,
  zCustodyEntry,
  zDerivative,
  zDerivativeKind,
  zEvidenceItem,
  zEvidenceListQuery,
  zNewCheck,
  zStatusChange,
  zVerificationStatus,
} from './evidence.ts';
import { requestActor, uploadRoutes } from './uploads.routes.ts';
import { addCheck, getChecks, linkEvidence, setStatus } from './verification.service.ts';

const zParams = z.object({ id: zUuid });
const zLink = z.union([z.object({ incident_id: zUuid }).strict(), z.object({ victim_id: zUuid }).strict()]);

/**
 * Evidence over HTTP, mounted under /api/v1: resumable uploads, items with their
 * provenance and chain of custody, originals (every view logged), working copies,
 * verification and links. Files live under `<config.dataDir>/evidence/`.
 */
export const evidenceRoutes =
  (deps: { db: Db; config: Pick<Config, 'dataDir'>; evidence?: Evidence }): FastifyPluginAsyncZod =>
  async (app) => {
    const evidence = deps.evidence ?? openEvidence(deps.db, deps.config.dataDir, { log: app.log });
    // Analyses still running finish before the database closes.
    app.addHook('onClose', async () => settle(evidence));
    await app.register(uploadRoutes(evidence));

    app.get(
      '/evidence',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['evidence'],
          summary: 'List evidence items, oldest first',
          querystring: zPageQuery.extend(zEvidenceListQuery.shape),
          response: { 200: z.object({ items: z.array(zEvidenceItem), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => pageItems(evidence, request.query),
    );

    app.get(
      '/evidence/:id',
      {
        config: { access: 'analyst' },
        schema: { tags: ['evidence'], params: zParams, response: { 200: zEvidenceItem } },
      },
      async (request) => getItem(evidence, request.params.id),
    );

    app.get(
      '/evidence/:id/custody',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['evidence'],
          summary: 'Chain of custody, oldest event first',
          params: zParams,
          response: { 200: z.array(zCustodyEntry) },
        },
      },
      async (request) => getCustody(evidence, request.params.id),
    );

    app.get(
      '/evidence/:id/original',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['evidence'],
          summary: 'The original bytes, as received (the view is logged in the chain of custody)',
          params: zParams,
          querystring: z.object({ purpose: z.string().trim().min(1).max(500).optional() }),
        },
      },
      async (request, reply) => {
        const { item, stream } = await openOriginal(
          evidence,
          requestActor(request),
          request.params.id,
          request.query.purpose,
        );
        return reply
          .headers({
            'Content-Type': 'application/octet-stream',
            // A generated name, never the submitter's (ASVS 5.4.1); served as a download, never rendered.
            'Content-Disposition': `attachment; filename="${item.sha256}"`,
            'Content-Length': item.size,
            'Repr-Digest': `sha-256=:${Buffer.from(item.sha256, 'hex').toString('base64')}:`,
            'X-Content-Type-Options': 'nosniff',
            'Cache-Control': 'no-store',
          })
          .send(stream);
      },
    );

    app.post(
      '/evidence/:id/derivatives',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['evidence'],
          summary: 'Make a working copy: a thumbnail, or a public copy stripped of identifying metadata',
          params: zParams,
          body: z.object({ kind: zDerivativeKind }).strict(),
          response: { 201: zDerivative },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await makeDerivative(evidence, requestActor(request), request.params.id, request.body.kind)),
    );

    app.get(
      '/evidence/:id/derivatives',
      {
        config: { access: 'analyst' },
        schema: { tags: ['evidence'], params: zParams, response: { 200: z.array(zDerivative) } },
      },
      async (request) => getDerivatives(evidence, request.params.id),
    );

    app.get(
      '/evidence/:id/derivatives/:derivativeId/content',
      {
        config: { access: 'analyst' },
        schema: { tags: ['evidence'], params: zParams.extend({ derivativeId: zUuid }) },
      },
      async (request, reply) => {
        const { derivative, stream } = await openDerivative(
          evidence,
          request.params.id,
          request.params.derivativeId,
        );
        return reply
          .headers({
            'Content-Type': derivative.media_type,
            'Content-Disposition': `attachment; filename="${derivative.sha256}"`,
            'Content-Length': derivative.size,
            'X-Content-Type-Options': 'nosniff',
          })
          .send(stream);
      },
    );

    app.post(
      '/evidence/:id/checks',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['evidence'],
          summary: 'Record one verification check',
          params: zParams,
          body: zNewCheck,
          response: { 201: zCheck },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await addCheck(evidence, requestActor(request), request.params.id, request.body)),
    );

    app.get(
      '/evidence/:id/checks',
      {
        config: { access: 'analyst' },
        schema: { tags: ['evidence'], params: zParams, response: { 200: z.array(zCheck) } },
      },
      async (request) => getChecks(evidence, request.params.id),
    );

    app.post(
      '/evidence/:id/status',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['evidence'],
          summary: 'Change the verification status, with reviewer and reason',
          params: zParams,
          body: zStatusChange,
          response: { 200: z.object({ from: zVerificationStatus, to: zVerificationStatus }) },
        },
      },
      async (request) => setStatus(evidence, requestActor(request), request.params.id, request.body),
    );

    app.post(
      '/evidence/:id/links',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['evidence'],
          summary: 'Link the item to an incident or a victim record (201 new, 200 already linked)',
          params: zParams,
          body: zLink,
          response: { 200: z.object({ created: z.boolean() }), 201: z.object({ created: z.boolean() }) },
        },
      },
      async (request, reply) => {
        const result = await linkEvidence(evidence, requestActor(request), request.params.id, request.body);
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );
  };
