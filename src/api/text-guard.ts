import type { FastifyInstance } from 'fastify';
import { TallyError } from '../core/errors.ts';
import { findUnstorableText } from '../core/unstorable-text.ts';

/**
 * PostgreSQL text and jsonb cannot hold NUL or a lone surrogate, so a body
 * carrying one would fail deep inside a write. Refuse it up front, naming the field.
 */
export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const found = findUnstorableText(request.body) ?? findUnstorableText(request.query);
    if (found) {
      throw new TallyError(
        'validation_failed',
        `${found.field} contains ${found.problem}, which cannot be stored`,
        {
          fields: [{ field: found.field, message: found.remedy }],
        },
      );
    }
  });
}
