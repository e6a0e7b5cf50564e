import type { FastifyInstance } from 'fastify';
import { unstorableTextError } from '../core/unstorable-text.ts';

/**
 * PostgreSQL text and jsonb cannot hold NUL or a lone surrogate, so a body
 * carrying one would fail deep inside a write. Refuse it up front, naming the field.
 */
export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // Path parameters too: `/places/%00` would otherwise reach a query as a NUL PostgreSQL refuses.
    const error =
      unstorableTextError(request.params) ??
      unstorableTextError(request.body) ??
      unstorableTextError(request.query);
    if (error) throw error;
  });
}
