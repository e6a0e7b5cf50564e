import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod';
import type { FastifyError, FastifyInstance } from 'fastify';
import { type FieldProblem, TallyError } from '../core/errors.ts';

/**
 * How many bad fields an error names. A body with 100,000 bad entries must get a short answer
 * quickly, not a listing of every one; the message says how many more there were.
 */
export const MAX_FIELDS_LISTED = 10;

/** The first few problems, and the words that say how many were left out ("; and 99,990 more"). */
export function firstFields(fields: readonly FieldProblem[]): { listed: FieldProblem[]; more: string } {
  const listed = fields.slice(0, MAX_FIELDS_LISTED);
  const left = fields.length - listed.length;
  return { listed, more: left > 0 ? `; and ${left.toLocaleString('en-US')} more` : '' };
}

/**
 * Translates every error into one JSON shape: `{ error, message, fields? }`.
 * Domain errors keep their status; validation errors name each bad field.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const { listed, more } = firstFields(
        error.validation.map((issue) => ({
          field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)',
          message: issue.message ?? 'is not valid',
        })),
      );
      return reply.code(400).send({
        error: 'validation_failed',
        message: `The request ${where} is not valid: ${listed.map((f) => `${f.field} ${f.message}`).join('; ')}${more}`,
        in: where,
        fields: listed,
        fields_total: error.validation.length,
      });
    }
    if (error instanceof TallyError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      const body = error.toJSON();
      if (error.fields.length > MAX_FIELDS_LISTED) {
        const { listed, more } = firstFields(error.fields);
        return reply.code(error.status).send({
          ...body,
          message: `${body.message}${more}`,
          fields: listed,
          fields_total: error.fields.length,
        });
      }
      return reply.code(error.status).send(body);
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
