import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Db } from '../db/client.ts';
import { dashboardMapJson } from './dashboard.service.ts';
import { type MapPoints, zMapPoints, zMapQuery } from './dashboard.ts';

/** What the web app's dashboard needs beyond the toll API. Mounted under /api/v1. */
export const dashboardRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/dashboard/map',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['dashboard'],
          summary:
            'Incidents as map spots per point and grade (columns: ids, lon, lat, n, best, grade), live figures',
          querystring: zMapQuery,
          response: { 200: zMapPoints },
        },
      },
      // The database writes the document (see mapPointsJson); a string goes out as it is, and
      // the tests check it against zMapPoints.
      async (request, reply) =>
        reply
          .type('application/json; charset=utf-8')
          .send((await dashboardMapJson(deps.db, request.query)) as unknown as MapPoints),
    );
  };
