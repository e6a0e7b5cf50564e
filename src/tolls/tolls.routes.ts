import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.hook.ts';
import { zUuid } from '../core/ids.ts';
import { zPageQuery } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import { zIsoDate } from '../intake/claim.ts';
import { draftBulletin, publishBulletin, zBulletinQuery } from './bulletin.service.ts';
import { zBulletin } from './bulletin.ts';
import { getPublication, pagePublications, publishTolls } from './publish.service.ts';
import { runningTotals, zRunningTotals, zRunningTotalsQuery } from './running-totals.ts';
import {
  zDisruption,
  zNewClosure,
  zNewDisruption,
  zPublication,
  zPublishTolls,
  zTollQuery,
  zTolls,
} from './toll.ts';
import { loadTollSettings } from './toll-settings.ts';
import {
  closeTollDays,
  computeTolls,
  endDisruption,
  listDisruptions,
  reportDisruption,
} from './tolls.service.ts';

const zPublished = z.object({ created: z.boolean(), publication: zPublication });

/**
 * Tolls, running totals, bulletins and their publication. Live figures are drafts (analyst);
 * publishing is an editor's act; what was published is public through public.routes.ts.
 * Mounted under /api/v1.
 */
export const tollRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    const settings = loadTollSettings();
    const options = { settings };

    app.get(
      '/tolls',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['tolls'],
          summary: 'Tolls as of now (a draft until published)',
          querystring: zTollQuery,
          response: { 200: zTolls },
        },
      },
      async (request) => computeTolls(deps.db, request.query, options),
    );

    app.get(
      '/tolls/running',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['tolls'],
          summary: "Documented deaths to date beside outside sources' cumulative claims",
          querystring: zRunningTotalsQuery,
          response: { 200: zRunningTotals },
        },
      },
      async (request) => runningTotals(deps.db, request.query, options),
    );

    app.post(
      '/tolls/publish',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['tolls'],
          summary: 'Publish tolls as a snapshot (201), or confirm the same (200)',
          body: zPublishTolls,
          response: { 200: zPublished, 201: zPublished },
        },
      },
      async (request, reply) => {
        const { created, value } = await publishTolls(
          deps.db,
          actorOf(request),
          request.body.query,
          request.body.reason,
          options,
        );
        return reply.code(created ? 201 : 200).send({ created, publication: value });
      },
    );

    app.get(
      '/publications',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['tolls'],
          summary:
            'Published tolls and bulletins, newest first (the public read API serves them without login)',
          querystring: zPageQuery.extend({ kind: z.enum(['tolls', 'bulletin']).optional() }),
          response: { 200: z.object({ items: z.array(zPublication), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => pagePublications(deps.db, request.query),
    );

    app.get(
      '/publications/:id',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['tolls'],
          summary: 'One publication, with what it revised, why and who published it',
          params: z.object({ id: zUuid }),
          response: { 200: zPublication },
        },
      },
      async (request) => getPublication(deps.db, request.params.id),
    );

    app.get(
      '/bulletins/draft',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['tolls'],
          summary: "Draft the day's bulletin (en or ar)",
          querystring: zBulletinQuery,
          response: { 200: zBulletin },
        },
      },
      async (request) => draftBulletin(deps.db, request.query, options),
    );

    app.post(
      '/bulletins/publish',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['tolls'],
          summary: "Publish the day's bulletin as drafted now",
          body: zBulletinQuery.extend({ reason: z.string().trim().min(1).max(2000).optional() }),
          response: { 200: zPublished, 201: zPublished },
        },
      },
      async (request, reply) => {
        const { reason, ...query } = request.body;
        const { created, value } = await publishBulletin(deps.db, actorOf(request), query, reason, options);
        return reply.code(created ? 201 : 200).send({ created, publication: value });
      },
    );

    app.post(
      '/tolls/closures',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['tolls'],
          summary: "Close an area's days: their tolls are final",
          body: zNewClosure,
          response: { 200: z.object({ closed: z.array(z.string()) }) },
        },
      },
      async (request) => closeTollDays(deps.db, actorOf(request), request.body),
    );

    app.get(
      '/tolls/disruptions',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['tolls'],
          querystring: z.object({ from: zIsoDate, to: zIsoDate }),
          response: { 200: z.object({ items: z.array(zDisruption) }) },
        },
      },
      async (request) => ({ items: await listDisruptions(deps.db, request.query.from, request.query.to) }),
    );

    app.post(
      '/tolls/disruptions',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['tolls'],
          summary: "Mark an area's reporting disrupted: its tolls stay provisional",
          body: zNewDisruption,
          response: { 201: zDisruption },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await reportDisruption(deps.db, actorOf(request), request.body)),
    );

    app.post(
      '/tolls/disruptions/:id/end',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['tolls'],
          params: z.object({ id: zUuid }),
          body: z.object({ until: zIsoDate, reason: z.string().max(2000).optional() }).strict(),
          response: { 200: zDisruption },
        },
      },
      async (request) =>
        endDisruption(deps.db, actorOf(request), request.params.id, request.body.until, request.body.reason),
    );
  };
