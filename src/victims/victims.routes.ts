import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.hook.ts';
import { zUuid } from '../core/ids.ts';
import { zPageQuery } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { getLinkRun, requestLinkRun } from './linkage.service.ts';
import { decideReview, pageReviews } from './review.service.ts';
import {
  reviewStatuses,
  zLinkReview,
  zLinkRun,
  zMergePersons,
  zNewLinkRun,
  zNewVictimRecord,
  zPerson,
  zReviewDecision,
  zSplitRecords,
  zVictimRecord,
  zVictimRecordQuery,
} from './victim.ts';
import { linkVictimsJob } from './victims.jobs.ts';
import {
  createVictimRecord,
  getPerson,
  getVictimRecord,
  mergePersons,
  pagePersons,
  pageVictimRecords,
  splitRecords,
} from './victims.service.ts';

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });

/** /victims, /persons and /links. With a job queue, a requested link run is queued at once. */
export const victimRoutes =
  (deps: { db: Db; jobs?: JobQueue }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/victims',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['victims'],
          summary: 'Store one victim record as a list gives it (201), or confirm a retry (200)',
          body: zNewVictimRecord,
          response: { 200: zVictimRecord, 201: zVictimRecord },
        },
      },
      async (request, reply) => {
        const { created, value } = await createVictimRecord(deps.db, actorOf(request), request.body);
        return reply.code(created ? 201 : 200).send(value);
      },
    );
    app.get(
      '/victims',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['victims'],
          summary: 'List victim records, oldest first',
          querystring: zVictimRecordQuery,
          response: { 200: page(zVictimRecord) },
        },
      },
      async (request) => pageVictimRecords(deps.db, request.query),
    );
    app.get(
      '/victims/:id',
      {
        config: { access: 'analyst' },
        schema: { tags: ['victims'], params: z.object({ id: zUuid }), response: { 200: zVictimRecord } },
      },
      async (request) => getVictimRecord(deps.db, request.params.id),
    );

    app.get(
      '/persons',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['victims'],
          summary: 'Persons (clusters of records)',
          querystring: zPageQuery,
          response: { 200: page(zPerson) },
        },
      },
      async (request) => pagePersons(deps.db, request.query),
    );
    app.get(
      '/persons/:id',
      {
        config: { access: 'analyst' },
        schema: { tags: ['victims'], params: z.object({ id: zUuid }), response: { 200: zPerson } },
      },
      async (request) => getPerson(deps.db, request.params.id),
    );
    app.post(
      '/persons/merge',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['victims'],
          summary: 'Move the records of persons into one',
          body: zMergePersons,
          response: { 200: zPerson },
        },
      },
      async (request) => mergePersons(deps.db, actorOf(request), request.body),
    );
    app.post(
      '/persons/split',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['victims'],
          summary: 'Move records out into a new person',
          body: zSplitRecords,
          response: { 201: zPerson },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await splitRecords(deps.db, actorOf(request), request.body)),
    );

    app.post(
      '/links/runs',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['victims'],
          summary: 'Queue a linkage run over all victim records',
          body: zNewLinkRun,
          response: { 202: zLinkRun },
        },
      },
      async (request, reply) => {
        const run = await deps.db.transaction(async (tx) => {
          const queued = await requestLinkRun(tx, actorOf(request), request.body);
          if (deps.jobs) await deps.jobs.send(linkVictimsJob, { run_id: queued.id }, { tx });
          return queued;
        });
        return reply.code(202).send(run);
      },
    );
    app.get(
      '/links/runs/:id',
      {
        config: { access: 'analyst' },
        schema: { tags: ['victims'], params: z.object({ id: zUuid }), response: { 200: zLinkRun } },
      },
      async (request) => getLinkRun(deps.db, request.params.id),
    );
    app.get(
      '/links/review',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['victims'],
          summary: 'Pairs waiting for a decision, most likely matches first',
          querystring: z.object({
            status: z.enum(reviewStatuses).default('pending'),
            limit: z.coerce.number().int().min(1).max(500).default(50),
          }),
          response: { 200: z.object({ items: z.array(zLinkReview) }) },
        },
      },
      async (request) => pageReviews(deps.db, request.query),
    );
    app.post(
      '/links/review/:id',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['victims'],
          summary: 'Accept or reject a pair, with a reason; later runs reuse the decision',
          params: z.object({ id: zUuid }),
          body: zReviewDecision,
          response: { 200: zLinkReview },
        },
      },
      async (request) => decideReview(deps.db, actorOf(request), request.params.id, request.body),
    );
  };
