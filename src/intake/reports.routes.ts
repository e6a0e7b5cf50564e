import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.hook.ts';
import { zUuid } from '../core/ids.ts';
import { zPageQuery } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import { getReport, type IntakeHooks, pageReports, submitReport } from './intake.service.ts';
import { zNewReport, zReport, zReportListQuery, zReportWithClaims } from './report.ts';

export const reportRoutes =
  (deps: { db: Db; intakeHooks?: IntakeHooks }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/reports',
      {
        config: { access: 'reporter' },
        schema: {
          tags: ['reports'],
          summary: 'Submit what a source said',
          description:
            "Idempotent by id: 201 when stored, 200 with the stored report when the same id and content were stored before, 409 when the id was stored with other content. A reporter whose id holds another account's report gets 409 id_conflict, whatever the content: choose another UUID. Claims a reporter submits are stored proposed whatever status they carry.",
          body: zNewReport,
          response: { 200: zReportWithClaims, 201: zReportWithClaims },
        },
      },
      async (request, reply) => {
        const { created, value } = await submitReport(
          deps.db,
          actorOf(request),
          request.body,
          deps.intakeHooks,
        );
        return reply.code(created ? 201 : 200).send(value);
      },
    );

    app.get(
      '/reports',
      {
        config: { access: 'reporter' },
        schema: {
          tags: ['reports'],
          summary: 'List reports in the order they were received',
          querystring: zPageQuery.extend(zReportListQuery.shape),
          response: { 200: z.object({ items: z.array(zReport), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => pageReports(deps.db, request.query, actorOf(request)),
    );

    app.get(
      '/reports/:id',
      {
        config: { access: 'reporter' },
        schema: { tags: ['reports'], params: z.object({ id: zUuid }), response: { 200: zReportWithClaims } },
      },
      async (request) => getReport(deps.db, request.params.id, actorOf(request)),
    );
  };
