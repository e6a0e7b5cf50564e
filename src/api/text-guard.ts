import type { FastifyInstance } from 'fastify';
import { TallyError } from '../core/errors.ts';

/** The first path in a JSON value whose string holds a NUL character, or null. */
export function findNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(root)' : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNul(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key].join('.');
      const found = findNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

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
