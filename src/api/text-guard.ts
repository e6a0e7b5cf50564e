import type { FastifyInstance } from 'fastify';
import { TallyError } from '../core/errors.ts';
import { findNul } from '../core/nul.ts';

/**
 * PostgreSQL text and jsonb cannot hold the NUL character, so a body carrying
 * one would fail deep inside a write. Refuse it up front, naming the field.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const field = findNul(request.body) ?? findNul(request.query);
    if (field) {
      throw new TallyError('validation_failed', `${field} contains a NUL character, which cannot be stored`, {
        fields: [{ field, message: 'remove the NUL (\\u0000) character' }],
      });
    }
  });
}
