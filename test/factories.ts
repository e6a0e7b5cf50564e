import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { apiActor } from '../src/core/actor.ts';
import type { Db } from '../src/db/client.ts';
import { zNewReport } from '../src/intake/report.ts';
import { createSource } from '../src/sources/sources.service.ts';

export async function buildSource(db: Db, overrides: Record<string, unknown> = {}) {
  const { value } = await createSource(db, apiActor, {
    kind: 'activist',
    pseudonym: `Source ${randomUUID().slice(0, 8)}`,
    ...overrides,
  } as never);
  return value;
}

/** A report body as a client would send it; overrides replace whole fields. */
export function reportBody(sourceId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    source_id: sourceId,
    channel: 'api',
    reported_at: '2012-12-30T14:05:00Z',
    language: 'en',
    text: 'The Observatory said 13 children were among the victims of bombardments in and around Damascus on Saturday.',
    claims: [
      {
        outcome: 'killed',
        count: { text: '13', qualifier: 'exact', min: 13, best: 13, max: 13 },
        victims: { text: 'children', group: 'children' },
        place: { text: 'in and around Damascus' },
        date: { text: 'on Saturday', start: '2012-12-29', end: '2012-12-29', precision: 'day' },
        cause: { text: 'bombardments', type: 'shelling_artillery_missile' },
        source: { text: 'The Observatory said', name: 'Syrian Observatory for Human Rights' },
        span: [21, 85],
      },
    ],
    ...overrides,
  };
}

/** Parses a body with the real schema, for calling services directly. */
export const parseReport = (body: unknown) => zNewReport.parse(body);

export async function countRows(
  db: Db,
  table: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
    params,
  );
  return rows[0]?.n ?? 0;
}

export async function post(app: FastifyInstance, url: string, payload: unknown) {
  const response = await app.inject({ method: 'POST', url, payload: payload as object });
  return { status: response.statusCode, body: response.json() };
}
