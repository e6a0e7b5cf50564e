import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { countRows, post } from '../../test/factories.ts';
import { listAuditFor } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';

let db: Db;
let app: FastifyInstance;
let recordIds: string[];

beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db });
  recordIds = [];
  for (const [row, name] of [
    ['1', 'محمد خالد الأحمد'],
    ['2', 'Omar Hassan'],
    ['3', 'Fatima Ali'],
  ] as const) {
    const created = await post(app, '/api/v1/victims', {
      list: 'VDC',
      list_row: row,
      name,
      date_of_death: '2012-12-29',
      governorate: 'Homs',
    });
    recordIds.push(created.body.id);
  }
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const newIncident = async () =>
  (
    await post(app, '/api/v1/incidents', {
      date_start: '2012-12-29',
      place_text: 'Deir Baalbeh, Homs',
      place_precision: 'neighbourhood',
      event_type: 'battles',
      counts: [{ outcome: 'killed', victim_group: 'men', low: 9, best: 9, high: 12, rule: 'analyst' }],
    })
  ).body.id as string;

const victimsOf = async (id: string) => {
  const response = await app.inject({ url: `/api/v1/incidents/${id}/victims` });
  return { status: response.statusCode, body: response.json() };
};

describe('/api/v1/incidents/:id/victims', () => {
  it('links named victims to an incident once, in order, and audits each link on the incident', async () => {
    const incident = await newIncident();
    expect((await victimsOf(incident)).body.items).toEqual([]);
    const first = await post(app, `/api/v1/incidents/${incident}/victims`, {
      victim_record_ids: [recordIds[0], recordIds[1]],
      reason: 'named in the SRGC video',
    });
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: { name: string }) => r.name)).toEqual([
      'محمد خالد الأحمد',
      'Omar Hassan',
    ]);
    // Linking again, with one more, adds only the new one.
    const again = await post(app, `/api/v1/incidents/${incident}/victims`, {
      victim_record_ids: [recordIds[1], recordIds[2], recordIds[2]],
    });
    expect(again.body.items.map((r: { id: string }) => r.id)).toEqual(recordIds);
    const history = await listAuditFor(db, 'incident', incident);
    const links = history.filter((entry) => entry.action === 'incident.link_victim');
    expect(links.map((entry) => (entry.after as { victim_record_id: string }).victim_record_id)).toEqual(
      recordIds,
    );
    expect(links[0]?.reason).toBe('named in the SRGC video');
    expect((await victimsOf(incident)).body.items).toHaveLength(3);
  });

  it('unlinks one record with a reason; the record itself stays', async () => {
    const incident = await newIncident();
    await post(app, `/api/v1/incidents/${incident}/victims`, { victim_record_ids: recordIds });
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/incidents/${incident}/victims/${recordIds[1]}?reason=another%20day`,
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().items.map((r: { id: string }) => r.id)).toEqual([recordIds[0], recordIds[2]]);
    const history = await listAuditFor(db, 'incident', incident);
    expect(history.at(-1)).toMatchObject({ action: 'incident.unlink_victim', reason: 'another day' });
    expect((await app.inject({ url: `/api/v1/victims/${recordIds[1]}` })).statusCode).toBe(200);
    const twice = await app.inject({
      method: 'DELETE',
      url: `/api/v1/incidents/${incident}/victims/${recordIds[1]}`,
    });
    expect(twice.statusCode).toBe(404);
  });

  it('refuses unknown incidents and records, storing nothing', async () => {
    const incident = await newIncident();
    const ghost = randomUUID();
    const unknownRecord = await post(app, `/api/v1/incidents/${incident}/victims`, {
      victim_record_ids: [recordIds[0], ghost],
    });
    expect(unknownRecord.status).toBe(422);
    expect(unknownRecord.body.fields[0]).toMatchObject({ field: 'victim_record_ids' });
    expect(unknownRecord.body.message).toContain(ghost);
    expect(await countRows(db, 'incident_victim', 'incident_id = $1', [incident])).toBe(0);
    const unknownIncident = await post(app, `/api/v1/incidents/${ghost}/victims`, {
      victim_record_ids: [recordIds[0]],
    });
    expect(unknownIncident.status).toBe(404);
    expect((await victimsOf(ghost)).status).toBe(404);
    const empty = await post(app, `/api/v1/incidents/${incident}/victims`, { victim_record_ids: [] });
    expect(empty.status).toBe(400);
  });

  it('goes with a deleted incident, leaving the records and the audit trail', async () => {
    const incident = await newIncident();
    await post(app, `/api/v1/incidents/${incident}/victims`, { victim_record_ids: [recordIds[0]] });
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/v1/incidents/${incident}?reason=duplicate`,
    });
    expect(deleted.statusCode).toBe(204);
    expect(await countRows(db, 'incident_victim', 'incident_id = $1', [incident])).toBe(0);
    expect(await countRows(db, 'victim_record', 'id = $1', [recordIds[0]])).toBe(1);
    const history = await app.inject({ url: `/api/v1/incidents/${incident}/history` });
    expect(history.json().items.map((e: { action: string }) => e.action)).toContain('incident.link_victim');
  });
});
