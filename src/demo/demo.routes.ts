import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { actorOf } from '../auth/auth.hook.ts';
import type { Db } from '../db/client.ts';
import { loadTollSettings } from '../tolls/toll-settings.ts';
import { demoOffered, loadDemo } from './demo.service.ts';
import { zDemoOffer, zDemoRequest, zDemoSummary } from './demo.ts';

/** The first-start offer and loading the sample monitor. Mounted under /api/v1. */
export const demoRoutes =
  (deps: { db: Db; dataDir?: string | undefined }): FastifyPluginAsyncZod =>
  async (app) => {
    const settings = loadTollSettings();
    app.get(
      '/demo',
      {
        config: { access: 'reporter' },
        schema: {
          tags: ['demo'],
          summary: 'Whether a sample monitor can be loaded: true while the database holds no reports',
          response: { 200: zDemoOffer },
        },
      },
      async () => ({ offered: await demoOffered(deps.db) }),
    );

    app.post(
      '/demo',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['demo'],
          summary: 'Load a generated sample monitor into an empty database (409 when it holds reports)',
          body: zDemoRequest,
          response: { 200: zDemoSummary },
        },
      },
      async (request) => {
        const { confirm: _confirm, ...options } = request.body;
        return loadDemo(deps.db, actorOf(request), options, { dataDir: deps.dataDir, settings });
      },
    );
  };
