import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../auth/auth.hook.ts';
import type { Db } from '../db/client.ts';
import { loadTollSettings } from '../tolls/toll-settings.ts';
import { buildCodebook } from './codebook.ts';
import {
  type ExportStream,
  exportEverything,
  exportIncidents,
  exportTolls,
  exportVictims,
} from './export.service.ts';
import { zCodebook, zIncidentExportQuery, zTollExportQuery, zVictimExportQuery } from './opendata.ts';

/** Sends an export as it is read from the database: one page in memory at a time. */
function stream(reply: FastifyReply, file: ExportStream) {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('x-tally-codebook', file.codebook)
    .send(Readable.from(file.body()));
}

const tags = ['open data'];

/** Exports in the field's formats and the codebook. Mounted under /api/v1. */
export const openDataRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/export/incidents',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Incidents as ACLED-style CSV, UCDP GED-style CSV, GeoJSON or HXL-tagged CSV',
          description:
            'Streamed. Without analyst access: headline grades only, no provisional days, no notes, kinds of source instead of names.',
          querystring: zIncidentExportQuery,
        },
      },
      async (request, reply) => stream(reply, exportIncidents(deps.db, request.actor, request.query)),
    );

    app.get(
      '/export/tolls',
      {
        config: { access: 'analyst' },
        schema: {
          tags,
          summary: 'Live tolls as CSV or JSON (the query of GET /tolls)',
          querystring: zTollExportQuery,
        },
      },
      async (request, reply) => stream(reply, exportTolls(deps.db, actorOf(request), request.query)),
    );

    app.get(
      '/export/victims',
      {
        config: { access: 'analyst' },
        schema: {
          tags,
          summary: 'Victim lists as CSV, without notes or affiliation',
          querystring: zVictimExportQuery,
        },
      },
      async (request, reply) => stream(reply, exportVictims(deps.db, actorOf(request), request.query)),
    );

    app.get(
      '/export/full',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary:
            "Tally's full export (JSON Lines) for `tally import-data full`; never holds source identities",
        },
      },
      async (_request, reply) => stream(reply, exportEverything(deps.db, actorOf(_request))),
    );

    app.get(
      '/codebook',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'The rules that made every published number, with their version',
          response: { 200: zCodebook },
        },
      },
      async () => buildCodebook(loadTollSettings()),
    );
  };

/** The codebook as a Markdown page at /codebook, for people and for citing. */
export const codebookPage = (): FastifyPluginAsyncZod => async (app) => {
  app.get('/codebook', { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) => {
    const { version, markdown } = buildCodebook(loadTollSettings());
    return reply
      .header('content-type', 'text/markdown; charset=utf-8')
      .header('x-tally-codebook', version)
      .send(markdown);
  });
};
