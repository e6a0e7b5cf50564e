import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.hook.ts';
import { zUuid } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { loadTollSettings } from '../tolls/toll-settings.ts';
import { consolidateIncidents, mergeIncidents, overrideGrade, splitIncident } from './consolidate.service.ts';
import { zGrade } from './incident.ts';

const zResult = z.object({
  claims: z.number(),
  incidents: z.number(),
  created: z.number(),
  updated: z.number(),
  removed: z.number(),
  unchanged: z.number(),
});
const zReasonText = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .describe('Why; kept with the decision and in the audit log');

/**
 * Consolidation and the analyst decisions it re-applies. Each decision answers with the result
 * of the consolidation run it triggers, so the caller sees the incidents as they now stand.
 */
export const consolidationRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    const settings = loadTollSettings();
    app.post(
      '/incidents/consolidate',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          summary: 'Group claims into incidents now',
          response: { 200: zResult },
        },
      },
      async (request) => consolidateIncidents(deps.db, { settings, actor: actorOf(request) }),
    );

    app.post(
      '/incidents/merge',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          summary: 'Keep the claims of these incidents together from now on',
          body: z.object({ incident_ids: z.array(zUuid).min(2).max(100), reason: zReasonText }).strict(),
          response: { 200: zResult },
        },
      },
      async (request) =>
        mergeIncidents(deps.db, actorOf(request), request.body.incident_ids, request.body.reason, {
          settings,
        }),
    );

    app.post(
      '/incidents/:id/split',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          summary: 'Split an incident: each group of claim ids becomes an incident; the rest stay together',
          params: z.object({ id: zUuid }),
          body: z
            .object({ groups: z.array(z.array(zUuid).min(1).max(1000)).min(1).max(50), reason: zReasonText })
            .strict(),
          response: { 200: zResult },
        },
      },
      async (request) =>
        splitIncident(
          deps.db,
          actorOf(request),
          request.params.id,
          request.body.groups,
          request.body.reason,
          {
            settings,
          },
        ),
    );

    app.post(
      '/incidents/:id/grade',
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['incidents'],
          summary: "Override the incident's grade; kept over later automatic grading",
          params: z.object({ id: zUuid }),
          body: z.object({ grade: zGrade, reason: zReasonText }).strict(),
          response: { 200: zResult },
        },
      },
      async (request) =>
        overrideGrade(deps.db, actorOf(request), request.params.id, request.body.grade, request.body.reason, {
          settings,
        }),
    );
  };
