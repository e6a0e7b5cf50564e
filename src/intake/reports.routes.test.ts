import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { countRows, post, reportBody } from '../../test/factories.ts';
import type { Db } from '../db/client.ts';

let db: Db;
let app: FastifyInstance;
let sourceId: string;

beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db, bodyLimitBytes: 64 * 1024 });
  const source = await post(app, '/api/v1/sources', { kind: 'activist', pseudonym: 'Homs activist 7' });
  sourceId = source.body.id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('POST /api/v1/reports', () => {
  it('stores a report with its claims and answers 201', async () => {
    const body = reportBody(sourceId);
    const { status, body: stored } = await post(app, '/api/v1/reports', body);
    expect(status).toBe(201);
    expect(stored.id).toBe(body.id);
    expect(stored.text).toBe(body.text);
    expect(stored.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.claims).toHaveLength(1);
    expect(stored.claims[0]).toMatchObject({
      outcome: 'killed',
      count: { best: 13 },
      span: [21, 85],
      status: 'proposed',
    });
  });

  it('answers 201 with exactly what a later read returns, claims and payload included', async () => {
    const body = {
      ...reportBody(sourceId),
      reported_at: '2024-03-02T10:15:00.000Z',
      payload: { zeta: 1, alpha: { nested: [1, 'two', null] }, مكان: 'حلب' },
      attachments: [{ name: 'photo.jpg', media_type: 'image/jpeg', size: 1024 }],
    };
    body.claims = [
      ...body.claims,
      {
        outcome: 'injured',
        count: { text: 'dozens', qualifier: 'vague', min: 24 },
        date: { text: 'on Saturday', start: '2024-03-02' },
        cumulative: true,
      },
    ] as typeof body.claims;
    const created = await post(app, '/api/v1/reports', body);
    expect(created.status).toBe(201);
    const read = await app.inject({ url: `/api/v1/reports/${body.id}` });
    expect(read.json()).toEqual(created.body);
    expect(created.body.claims).toHaveLength(2);
    expect(created.body.claims[1]).toMatchObject({
      outcome: 'injured',
      count: { text: 'dozens', qualifier: 'vague', min: 24, best: null },
      date: { start: '2024-03-02', end: '2024-03-02' },
      cumulative: true,
    });
  });

  it('answers a retry with the same id and content with 200 and the stored report, keeping one row', async () => {
    const body = reportBody(sourceId);
    const first = await post(app, '/api/v1/reports', body);
    // Same content with keys in another order is still the same report.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await post(app, '/api/v1/reports', reordered);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.received_at).toBe(first.body.received_at);
    expect(retry.body.claims.map((c: { id: string }) => c.id)).toEqual(
      first.body.claims.map((c: { id: string }) => c.id),
    );
    expect(await countRows(db, 'report', 'id = $1', [body.id])).toBe(1);
    expect(await countRows(db, 'claim', 'report_id = $1', [body.id])).toBe(1);
  });

  it('answers 409 naming both content hashes when the id was stored with other content', async () => {
    const body = reportBody(sourceId);
    const first = await post(app, '/api/v1/reports', body);
    const conflict = await post(app, '/api/v1/reports', { ...body, text: `${body.text} Corrected.` });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toBe('conflict');
    expect(conflict.body.stored_content_hash).toBe(first.body.content_hash);
    expect(conflict.body.submitted_content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(conflict.body.submitted_content_hash).not.toBe(first.body.content_hash);
    const stored = await app.inject({ url: `/api/v1/reports/${body.id}` });
    expect(stored.json().text).toBe(body.text);
  });

  it('leaves exactly one row when 20 clients submit the same report at once', async () => {
    const body = reportBody(sourceId);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(app, '/api/v1/reports', body)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(await countRows(db, 'report', 'id = $1', [body.id])).toBe(1);
    expect(await countRows(db, 'claim', 'report_id = $1', [body.id])).toBe(1);
    expect(await countRows(db, 'audit_log', "entity = 'report' AND entity_id = $1", [body.id])).toBe(1);
  });

  it('gives every client its own answer when concurrent reports are stored together and one is bad', async () => {
    const good = Array.from({ length: 12 }, () => reportBody(sourceId));
    const bad = reportBody('00000000-0000-4000-8000-0000000000aa');
    const answers = await Promise.all([...good, bad].map((body) => post(app, '/api/v1/reports', body)));
    expect(answers.slice(0, 12).map((a) => a.status)).toEqual(Array(12).fill(201));
    expect(answers[12]?.status).toBe(422);
    expect(answers[12]?.body.fields[0].field).toBe('source_id');
    const ids = good.map((g) => g.id);
    expect(await countRows(db, 'report', 'id = ANY($1::uuid[])', [ids])).toBe(12);
    expect(await countRows(db, 'claim', 'report_id = ANY($1::uuid[])', [ids])).toBe(12);
    expect(
      await countRows(db, 'audit_log', "action = 'report.create' AND entity_id = ANY($1::text[])", [ids]),
    ).toBe(12);
  });

  it('stores nothing when the database fails on a claim after the report row was written', async () => {
    // A trigger makes the claim insert fail inside the same statement as the report insert.
    await db.exec(`CREATE FUNCTION fail_on_marker() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.count_text = 'explode' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER claim_fails BEFORE INSERT ON claim FOR EACH ROW EXECUTE FUNCTION fail_on_marker();`);
    try {
      const body = reportBody(sourceId);
      body.claims.push({ ...body.claims[0], count: { text: 'explode', best: 1 } } as never);
      const response = await app.inject({ method: 'POST', url: '/api/v1/reports', payload: body });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        error: 'internal',
        message: 'Internal error; the server log has the details',
      });
      expect(await countRows(db, 'report', 'id = $1', [body.id])).toBe(0);
      expect(await countRows(db, 'claim', 'report_id = $1', [body.id])).toBe(0);
      expect(await countRows(db, 'audit_log', 'entity_id = $1', [body.id])).toBe(0);
      // The same report goes through once the fault is gone: nothing half-stored blocks it.
      await db.exec('DROP TRIGGER claim_fails ON claim');
      expect((await post(app, '/api/v1/reports', body)).status).toBe(201);
    } finally {
      await db.exec('DROP TRIGGER IF EXISTS claim_fails ON claim; DROP FUNCTION IF EXISTS fail_on_marker()');
    }
  });

  it('stores nothing when a claim names a place the gazetteer lacks', async () => {
    const body = reportBody(sourceId);
    body.claims.push({ ...body.claims[0], place: { text: 'Atlantis', id: 'no-such-place' } } as never);
    const { status, body: error } = await post(app, '/api/v1/reports', body);
    expect(status).toBe(422);
    expect(error.fields).toEqual([
      { field: 'claims.1.place.id', message: 'place no-such-place is not in the gazetteer' },
    ]);
    expect(await countRows(db, 'report', 'id = $1', [body.id])).toBe(0);
    expect(await countRows(db, 'claim', 'report_id = $1', [body.id])).toBe(0);
    expect(await countRows(db, 'audit_log', 'entity_id = $1', [body.id])).toBe(0);
  });

  it('names every bad field in a 400', async () => {
    const body = reportBody(sourceId, { source_id: 'not-a-uuid', channel: 'carrier-pigeon' });
    (body.claims[0] as { count: { min: number } }).count.min = -3;
    const { status, body: error } = await post(app, '/api/v1/reports', body);
    expect(status).toBe(400);
    expect(error.error).toBe('validation_failed');
    const fields = error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['source_id', 'channel', 'claims.0.count.min']));
    expect(await countRows(db, 'report', 'id = $1', [body.id])).toBe(0);
  });

  it('refuses a report from an unknown source with 422 naming source_id', async () => {
    const body = reportBody('00000000-0000-4000-8000-000000000000');
    const { status, body: error } = await post(app, '/api/v1/reports', body);
    expect(status).toBe(422);
    expect(error.fields[0].field).toBe('source_id');
  });

  it('resolves part_of references by position in the batch', async () => {
    const body = reportBody(sourceId, {
      text: 'At least 38 people were killed, including six children.',
      claims: [
        {
          outcome: 'killed',
          count: { text: 'six', best: 6, min: 6, max: 6 },
          victims: { group: 'children' },
          part_of: 1,
        },
        {
          outcome: 'killed',
          count: { text: 'At least 38', qualifier: 'at_least', min: 38 },
          victims: { group: 'people' },
        },
      ],
    });
    const { status, body: stored } = await post(app, '/api/v1/reports', body);
    expect(status).toBe(201);
    expect(stored.claims[0].part_of).toBe(stored.claims[1].id);
  });

  it('answers 413 for a body over the configured limit', async () => {
    const body = reportBody(sourceId, { text: 'x'.repeat(70 * 1024) });
    const { status, body: error } = await post(app, '/api/v1/reports', body);
    expect(status).toBe(413);
    expect(error.error).toBe('payload_too_large');
  });

  it('answers malformed JSON with a JSON 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'content-type': 'application/json' },
      payload: '{"id": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/JSON/i);
  });
});

describe('GET /api/v1/reports', () => {
  it('pages with a cursor, never repeating or skipping a report', async () => {
    const source = await post(app, '/api/v1/sources', { kind: 'medic', pseudonym: 'Paging medic' });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const body = reportBody(source.body.id, { claims: [] });
      ids.push(body.id);
      await post(app, '/api/v1/reports', body);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `source=${source.body.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.inject({ url: `/api/v1/reports?${query}` })).json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((r: { id: string }) => r.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('answers an unknown report with a JSON 404', async () => {
    const response = await app.inject({ url: '/api/v1/reports/00000000-0000-4000-8000-000000000001' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBe('not_found');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await app.inject({ url: '/api/v1/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('the report table', () => {
  it('refuses to change or delete a stored report, even through SQL', async () => {
    const body = reportBody(sourceId, { claims: [] });
    await post(app, '/api/v1/reports', body);
    await expect(
      db.query("UPDATE report SET original_text = 'edited' WHERE id = $1", [body.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM report WHERE id = $1', [body.id])).rejects.toThrow(/append-only/);
  });
});
