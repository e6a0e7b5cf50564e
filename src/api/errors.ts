import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod';
import type { FastifyError, FastifyInstance } from 'fastify';
import { TallyError } from '../core/errors.ts';

/**
 * Translates every error into one JSON shape: `{ error, message, fields? }`.
 * Domain errors keep their status; validation errors name each bad field.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const fields = error.validation.map((issue) => ({
        field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)',
        message: issue.message ?? 'is not valid',
      }));
      return reply.code(400).send({
        error: 'validation_failed',
        message: `The request ${where} is not valid: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
        in: where,
        fields,
      });
    }
    if (error instanceof TallyError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.code(error.status).send(error.toJSON());
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({
        error: 'payload_too_large',
        message: `The request body is larger than this server accepts (${app.initialConfig.bodyLimit} bytes)`,
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: error.code ?? 'bad_request', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send({ error: 'internal', message: 'Internal error; the server log has the details' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send({ error: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
}
