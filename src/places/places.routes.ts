import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.hook.ts';
import type { Db } from '../db/client.ts';
import {
  zNewPlace,
  zPlace,
  zPlaceIdParam,
  zPlaceWithAncestors,
  zPrefixQuery,
  zResolveAnswer,
  zResolveQuery,
} from './place.ts';
import { createPlace, getPlace, resolvePlaces, searchPlaces } from './places.service.ts';

export const placeRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/places/resolve',
      {
        config: { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags: ['places'],
          summary: 'Resolve a place phrase ("rebel-held Aazaz", "ريف دمشق") to ranked gazetteer candidates',
          querystring: zResolveQuery,
          response: { 200: zResolveAnswer },
        },
      },
      async (request) => ({
        query: request.query.q,
        candidates: await resolvePlaces(deps.db, request.query),
      }),
    );

    app.get(
      '/places',
      {
        config: { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags: ['places'],
          summary: 'Autocomplete: places whose name starts with the prefix, in Latin or Arabic script',
          querystring: zPrefixQuery,
          response: { 200: z.object({ items: z.array(zPlace) }) },
        },
      },
      async (request) => ({ items: await searchPlaces(deps.db, request.query) }),
    );

    app.post(
      '/places',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['places'],
          summary:
            'Add a place (neighbourhood, village, checkpoint, hospital, military post): 201, or 200 for a retry',
          body: zNewPlace,
          response: { 200: zPlace, 201: zPlace },
        },
      },
      async (request, reply) => {
        const { created, value } = await createPlace(deps.db, actorOf(request), request.body);
        return reply.code(created ? 201 : 200).send(value);
      },
    );

    app.get(
      '/places/:id',
      {
        config: { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags: ['places'],
          summary: 'One place with its ancestors (city, governorate, country)',
          params: z.object({ id: zPlaceIdParam }),
          response: { 200: zPlaceWithAncestors },
        },
      },
      async (request) => getPlace(deps.db, request.params.id),
    );
  };
