import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { zUuid } from '../core/ids.ts';
import { zPageQuery } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import { zIsoDate } from '../intake/claim.ts';
import {
  getPublicPublication,
  latestPublicBulletin,
  pagePublicPublications,
  pagePublishedIncidents,
} from './public.service.ts';
import { zPublicIncident, zPublicIncidentQuery, zPublicPublication } from './toll.ts';

/** Anonymous readers: generous for a web page, low enough that nobody scrapes the host down. */
const publicRead = { access: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } } as const;
const zPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });

/**
 * The public read API, without login: published toll snapshots and bulletins, and the incidents
 * behind them as they stood when published. Nothing live, nothing about sources: no source ids,
 * pseudonyms or independence groups, no claim text, no analyst notes or names. Under /api/v1.
 */
export const publicRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/public/publications',
      {
        config: publicRead,
        schema: {
          tags: ['public'],
          summary: 'Published tolls and bulletins, newest first',
          querystring: zPageQuery.extend({ kind: z.enum(['tolls', 'bulletin']).optional() }),
          response: { 200: zPage(zPublicPublication) },
        },
      },
      async (request) => pagePublicPublications(deps.db, request.query),
    );

    app.get(
      '/public/publications/:id',
      {
        config: publicRead,
        schema: {
          tags: ['public'],
          summary: 'One publication, with what it revised and why',
          params: z.object({ id: zUuid }),
          response: { 200: zPublicPublication },
        },
      },
      async (request) => getPublicPublication(deps.db, request.params.id),
    );

    app.get(
      '/public/publications/:id/incidents',
      {
        config: publicRead,
        schema: {
          tags: ['public'],
          summary: "The incidents behind a publication's figures, as published",
          params: z.object({ id: zUuid }),
          querystring: zPublicIncidentQuery,
          response: { 200: zPage(zPublicIncident) },
        },
      },
      async (request) => pagePublishedIncidents(deps.db, request.params.id, request.query),
    );

    app.get(
      '/public/bulletins/:date',
      {
        config: publicRead,
        schema: {
          tags: ['public'],
          summary: "The day's bulletin as last published",
          params: z.object({ date: zIsoDate }),
          querystring: z.object({ lang: z.enum(['en', 'ar']).default('en') }).strict(),
          response: { 200: zPublicPublication },
        },
      },
      async (request) => latestPublicBulletin(deps.db, request.params.date, request.query.lang),
    );
  };
