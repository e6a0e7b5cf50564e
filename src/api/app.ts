import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from '@fastify/type-provider-zod';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerAuth } from '../auth/auth.hook.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { defaultSessionPolicy, type SessionPolicy } from '../auth/sessions.service.ts';
import type { Keyring } from '../core/keyring.ts';
import type { Logger } from '../core/log.ts';
import { dashboardRoutes } from '../dashboard/dashboard.routes.ts';
import type { Db } from '../db/client.ts';
import { demoRoutes } from '../demo/demo.routes.ts';
import { evidenceRoutes } from '../evidence/evidence.routes.ts';
import { enqueueWireExtraction } from '../extract/extract.jobs.ts';
import { consolidationRoutes } from '../incidents/consolidate.routes.ts';
import { incidentRoutes } from '../incidents/incidents.routes.ts';
import { claimRoutes } from '../intake/claims.routes.ts';
import type { IntakeHooks } from '../intake/intake.service.ts';
import { reportRoutes } from '../intake/reports.routes.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { codebookPage, openDataRoutes } from '../opendata/opendata.routes.ts';
import { placeRoutes } from '../places/places.routes.ts';
import { sourceRoutes } from '../sources/sources.routes.ts';
import { publicRoutes } from '../tolls/public.routes.ts';
import { tollRoutes } from '../tolls/tolls.routes.ts';
import { incidentVictimRoutes } from '../victims/incident-victims.routes.ts';
import { victimRoutes } from '../victims/victims.routes.ts';
import { refuseUndecodableUrls, registerBodyParsers } from './body-parsers.ts';
import { registerErrorHandling } from './errors.ts';
import { registerWebApp } from './static.ts';
import { refuseUnstorableText } from './text-guard.ts';

export interface AppDeps {
  db: Db;
  /** Where evidence files live (`<dataDir>/evidence`); with DATABASE_URL too. */
  dataDir?: string;
  /** Seals TOTP secrets and source identities. */
  keyring: Keyring;
  sessionPolicy?: SessionPolicy;
  /** Session cookies carry Secure unless this is false (plain-HTTP development on loopback). */
  secureCookies?: boolean;
  /** Without a queue, nothing is sent to background jobs (tests that do not need them). */
  jobs?: JobQueue;
  logger?: Logger | false;
  bodyLimitBytes?: number;
  /** The built web app (default web/dist); false serves none. */
  webDist?: string | false;
}

/** Builds the HTTP app without listening, so tests and the server share it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: (deps.logger || undefined) as FastifyBaseLogger | undefined,
    bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerBodyParsers(app);
  refuseUndecodableUrls(app);
  refuseUnstorableText(app);
  // Limits apply where a route asks for one (sign-in, the public read API); keys live in memory only.
  await app.register(fastifyRateLimit, { global: false });
  const sessionPolicy = deps.sessionPolicy ?? defaultSessionPolicy;
  await registerAuth(app, { db: deps.db, policy: sessionPolicy });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tally API',
        description: 'Record what sources said, the claims in it, and the incidents they describe.',
        version: '1',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );
  app.get('/healthz', { schema: { hide: true } }, async () => {
    await deps.db.query('SELECT 1');
    return { ok: true, engine: deps.db.engine };
  });

  const routeDeps = { db: deps.db };
  const { jobs } = deps;
  const intakeHooks: IntakeHooks = {
    onCreated: jobs
      ? (report) =>
          // The sweep in the worker re-queues what this misses, so a queue error must not fail the request.
          enqueueWireExtraction(jobs, report).catch((error) =>
            app.log.error({ err: error }, 'could not queue extraction'),
          )
      : undefined,
  };
  await app.register(
    authRoutes({
      db: deps.db,
      keyring: deps.keyring,
      policy: sessionPolicy,
      secureCookies: deps.secureCookies ?? true,
    }),
    { prefix: '/api/v1' },
  );
  await app.register(sourceRoutes({ ...routeDeps, keyring: deps.keyring }), { prefix: '/api/v1' });
  await app.register(reportRoutes({ ...routeDeps, intakeHooks }), { prefix: '/api/v1' });
  await app.register(claimRoutes(routeDeps), { prefix: '/api/v1' });
  await app.register(incidentRoutes(routeDeps), { prefix: '/api/v1' });
  await app.register(consolidationRoutes(routeDeps), { prefix: '/api/v1' });
  await app.register(tollRoutes(routeDeps), { prefix: '/api/v1' });
  await app.register(publicRoutes(routeDeps), { prefix: '/api/v1' });
  await app.register(placeRoutes(routeDeps), { prefix: '/api/v1' });
  await app.register(dashboardRoutes(routeDeps), { prefix: '/api/v1' });
  await app.register(victimRoutes({ ...routeDeps, jobs }), { prefix: '/api/v1' });
  await app.register(incidentVictimRoutes(routeDeps), { prefix: '/api/v1' });
  await app.register(openDataRoutes(routeDeps), { prefix: '/api/v1' });
  await app.register(demoRoutes({ ...routeDeps, dataDir: deps.dataDir }), { prefix: '/api/v1' });
  await app.register(codebookPage());
  if (deps.dataDir) {
    await app.register(evidenceRoutes({ db: deps.db, config: { dataDir: deps.dataDir } }), {
      prefix: '/api/v1',
    });
  }
  if (deps.webDist !== false) registerWebApp(app, deps.webDist);
  return app;
}
