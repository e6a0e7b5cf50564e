import { z } from 'zod';
import { TallyError } from './errors.ts';

/**
 * Keyset paging: a cursor names the last row a client saw (its sort key and id),
 * so pages stay stable while new rows arrive, unlike OFFSET.
 */
export const zPageQuery = z.object({
  cursor: z.string().max(200).optional().describe('next_cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface CursorPosition {
  key: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'string' && typeof id === 'string') return { key, id };
  } catch {}
  throw new TallyError('validation_failed', 'The cursor is not one Tally issued', {
    fields: [{ field: 'cursor', message: 'pass next_cursor from the previous page unchanged' }],
  });
}

/** Repositories fetch limit+1 rows; this keeps `limit` of them and makes a cursor when there was more. */
export function takePage<Row>(
  rows: Row[],
  limit: number,
  position: (row: Row) => CursorPosition,
): { rows: Row[]; next_cursor: string | null } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return { rows: shown, next_cursor: more && last ? encodeCursor(position(last)) : null };
}
