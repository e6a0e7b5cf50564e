import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { TallyError } from '../core/errors.ts';
import { zUuid } from '../core/ids.ts';
import type { Evidence } from './evidence.runtime.ts';
import { EVIDENCE_MAX_BYTES, zNewUpload, zUpload } from './evidence.ts';
import { createUpload, getUpload, receiveChunk, takeOverUpload } from './uploads.service.ts';

/** A client that sends nothing for this long is cut off; what it sent stays (security brief RU3). */
export const UPLOAD_IDLE_MS = 60_000;
const TUS = { 'Tus-Resumable': '1.0.0' };
const zParams = z.object({ id: zUuid });

/** The signed-in account the auth hook put on the request; evidence routes are never public. */
export function requestActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new TallyError('internal', 'Evidence route reached without a signed-in actor');
  return request.actor;
}

/**
 * The tus 1.0 core protocol with the checksum extension, over Fastify: HEAD asks
 * how many bytes the server holds, PATCH (application/offset+octet-stream) sends
 * more from exactly there. Creation takes a JSON body instead of tus metadata
 * headers, so the declared hash and provenance are validated like every other input.
 */
export const uploadRoutes =
  (evidence: Evidence): FastifyPluginAsyncZod =>
  async (app) => {
    // PATCH bodies are streamed to disk by the service: never parsed, never buffered, no body limit.
    app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

    app.options(
      '/evidence/uploads',
      { schema: { hide: true }, config: { access: 'public' } },
      async (_request, reply) =>
        reply
          .code(204)
          .headers({
            ...TUS,
            'Tus-Version': '1.0.0',
            'Tus-Extension': 'checksum',
            'Tus-Checksum-Algorithm': 'sha256',
            'Tus-Max-Size': String(EVIDENCE_MAX_BYTES),
          })
          .send(),
    );

    app.post(
      '/evidence/uploads',
      {
        config: { access: 'reporter' },
        schema: {
          tags: ['evidence'],
          summary: 'Start a resumable upload (201), or confirm a retry of one (200)',
          body: zNewUpload,
          response: { 200: zUpload, 201: zUpload },
        },
      },
      async (request, reply) => {
        const { created, value } = await createUpload(evidence, requestActor(request), request.body);
        const location = `${request.url.split('?')[0]}/${value.id}`;
        return reply
          .code(created ? 201 : 200)
          .headers({ ...TUS, Location: location })
          .send(value);
      },
    );

    app.get(
      '/evidence/uploads/:id',
      {
        config: { access: 'reporter' },
        exposeHeadRoute: false,
        schema: {
          tags: ['evidence'],
          summary: 'State of an upload',
          params: zParams,
          response: { 200: zUpload },
        },
      },
      async (request) => getUpload(evidence, request.params.id, requestActor(request)),
    );

    app.head(
      '/evidence/uploads/:id',
      {
        config: { access: 'reporter' },
        schema: {
          tags: ['evidence'],
          summary: 'How many bytes the server holds (Upload-Offset)',
          params: zParams,
        },
      },
      async (request, reply) => {
        // Like tus servers, a HEAD takes the upload over: the client gave up on any PATCH still running.
        const upload = await takeOverUpload(evidence, request.params.id, requestActor(request));
        if (upload.status === 'rejected') return reply.code(410).headers(TUS).send();
        return reply
          .code(200)
          .headers({
            ...TUS,
            'Upload-Offset': upload.offset,
            'Upload-Length': upload.length,
            'Cache-Control': 'no-store',
          })
          .send();
      },
    );

    app.patch(
      '/evidence/uploads/:id',
      {
        config: { access: 'reporter' },
        schema: {
          tags: ['evidence'],
          summary: 'Send bytes from Upload-Offset (application/offset+octet-stream)',
          params: zParams,
          headers: z.looseObject({
            'upload-offset': z.coerce.number().int().min(0),
            'upload-checksum': z
              .string()
              .regex(/^sha256 [A-Za-z0-9+/]{43}=$/, 'must be "sha256 <base64 digest>"')
              .optional(),
          }),
        },
      },
      async (request, reply) => {
        const raw = request.raw;
        raw.setTimeout(UPLOAD_IDLE_MS, () => raw.destroy(new Error('upload idle for too long')));
        const checksum = request.headers['upload-checksum'];
        const outcome = await receiveChunk(evidence, requestActor(request), {
          id: request.params.id,
          offset: request.headers['upload-offset'],
          body: raw,
          ...(checksum ? { chunkSha256: Buffer.from(checksum.slice('sha256 '.length), 'base64') } : {}),
          abort: () => raw.destroy(new Error('superseded by a newer request for this upload')),
        });
        return sendOutcome(reply, outcome);
      },
    );
  };

function sendOutcome(reply: FastifyReply, outcome: Awaited<ReturnType<typeof receiveChunk>>) {
  switch (outcome.kind) {
    case 'accepted':
      return reply
        .code(204)
        .headers({
          ...TUS,
          'Upload-Offset': outcome.offset,
          ...(outcome.itemId ? { 'Tally-Evidence-Id': outcome.itemId } : {}),
        })
        .send();
    case 'offset_mismatch':
      return reply
        .code(409)
        .headers({ ...TUS, 'Upload-Offset': outcome.offset })
        .send({
          error: 'conflict',
          message: `The server holds ${outcome.offset} bytes of this upload: send from there`,
          offset: outcome.offset,
        });
    case 'checksum_mismatch':
      return reply
        .code(460)
        .headers({ ...TUS, 'Upload-Offset': outcome.offset })
        .send({
          error: 'checksum_mismatch',
          message: 'The chunk does not match its Upload-Checksum and was discarded; send it again',
          offset: outcome.offset,
        });
    case 'rejected':
      return reply
        .code(outcome.actual ? 422 : 410)
        .headers(TUS)
        .send({
          error: outcome.actual ? 'unprocessable' : 'gone',
          message: outcome.reason,
          declared_sha256: outcome.declared,
          ...(outcome.actual ? { actual_sha256: outcome.actual } : {}),
        });
  }
}
