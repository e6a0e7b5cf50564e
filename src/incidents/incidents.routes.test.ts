import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { post, reportBody } from '../../test/factories.ts';
import { listAuditFor } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';

let db: Db;
let app: FastifyInstance;
let claimIds: string[];

beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db });
  const source = await post(app, '/api/v1/sources', { kind: 'monitor', pseudonym: 'Observatory desk' });
  const report = await post(app, '/api/v1/reports', reportBody(source.body.id));
  const second = await post(app, '/api/v1/reports', reportBody(source.body.id));
  claimIds = [report.body.claims[0].id, second.body.claims[0].id];
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const newIncident = (overrides: Record<string, unknown> = {}) => ({
  date_start: '2012-12-29',
  place_text: 'in and around Damascus',
  place_precision: 'admin1',
  event_type: 'explosions_remote_violence',
  sub_event_type: 'shelling_artillery_missile_attack',
  cause: 'shelling_artillery_missile',
  actors: [{ name: 'Syrian army', role: 'perpetrator_alleged' }],
  counts: [{ outcome: 'killed', victim_group: 'children', low: 13, best: 13, high: 13, rule: 'analyst' }],
  ...overrides,
});

describe('incidents', () => {
  it('creates an incident with counts and linked claims, and audits it', async () => {
    const { status, body } = await post(app, '/api/v1/incidents', newIncident({ claim_ids: [claimIds[0]] }));
    expect(status).toBe(201);
    expect(body).toMatchObject({ date_end: '2012-12-29', grade: 'unverified', claim_ids: [claimIds[0]] });
    expect(body.counts).toEqual([
      { outcome: 'killed', victim_group: 'children', low: 13, best: 13, high: 13, rule: 'analyst' },
    ]);
    const audit = await listAuditFor(db, 'incident', body.id);
    expect(audit.map((a) => a.action)).toEqual(['incident.create']);
  });

  it('refuses a sub-event type that does not belong to the event type', async () => {
    const { status, body } = await post(
      app,
      '/api/v1/incidents',
      newIncident({ event_type: 'protests', sub_event_type: 'air_drone_strike' }),
    );
    expect(status).toBe(400);
    expect(body.fields.map((f: { field: string }) => f.field)).toContain('sub_event_type');
  });

  it('refuses counts where low > best, naming the field', async () => {
    const counts = [{ outcome: 'killed', victim_group: 'people', low: 9, best: 5, high: 12 }];
    const { status, body } = await post(app, '/api/v1/incidents', newIncident({ counts }));
    expect(status).toBe(400);
    expect(body.fields[0].field).toBe('counts.0.best');
  });

  it('patches only what the patch names, keeps the reason, and records before and after', async () => {
    const created = await post(app, '/api/v1/incidents', newIncident());
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${created.body.id}`,
      payload: { grade: 'fair', reason: 'second independent source: hospital list' },
    });
    expect(response.statusCode).toBe(200);
    const patched = response.json();
    expect(patched.grade).toBe('fair');
    expect(patched.counts).toEqual(created.body.counts);
    expect(patched.place_text).toBe('in and around Damascus');
    const audit = await listAuditFor(db, 'incident', created.body.id);
    const update = audit.find((a) => a.action === 'incident.update');
    expect(update?.reason).toBe('second independent source: hospital list');
    expect(update?.before).toMatchObject({ grade: 'unverified' });
    expect(update?.after).toMatchObject({ grade: 'fair' });
  });

  it('requires a reason for a patch', async () => {
    const created = await post(app, '/api/v1/incidents', newIncident());
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${created.body.id}`,
      payload: { grade: 'fair' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields[0].field).toBe('reason');
  });

  it('links and unlinks claims, auditing each change', async () => {
    const created = await post(app, '/api/v1/incidents', newIncident());
    const id = created.body.id;
    const linked = await post(app, `/api/v1/incidents/${id}/claims`, {
      claim_ids: claimIds,
      reason: 'same strike',
    });
    expect(linked.status).toBe(200);
    expect([...linked.body.claim_ids].sort()).toEqual([...claimIds].sort());
    const relinked = await post(app, `/api/v1/incidents/${id}/claims`, { claim_ids: claimIds });
    expect(relinked.body.claim_ids).toHaveLength(2);
    const unlinked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/incidents/${id}/claims/${claimIds[1]}`,
    });
    expect(unlinked.json().claim_ids).toEqual([claimIds[0]]);
    const actions = (await listAuditFor(db, 'incident', id)).map((a) => a.action);
    expect(actions).toEqual([
      'incident.create',
      'incident.link_claim',
      'incident.link_claim',
      'incident.unlink_claim',
    ]);
  });

  it('lists the claims of an incident and its history, oldest first', async () => {
    const created = await post(app, '/api/v1/incidents', newIncident({ claim_ids: [claimIds[1]] }));
    const id = created.body.id;
    await post(app, `/api/v1/incidents/${id}/claims`, { claim_ids: [claimIds[0]], reason: 'same strike' });
    const claims = await app.inject({ url: `/api/v1/incidents/${id}/claims` });
    expect(claims.statusCode).toBe(200);
    // In the order the claims were stored, not the order they were linked.
    expect(claims.json().items.map((c: { id: string }) => c.id)).toEqual(claimIds);
    expect(claims.json().items[0]).toMatchObject({ outcome: 'killed', count: { best: 13 } });

    await app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${id}`,
      payload: { notes: 'x', reason: 'typo' },
    });
    const history = await app.inject({ url: `/api/v1/incidents/${id}/history` });
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((e: { action: string }) => e.action)).toEqual([
      'incident.create',
      'incident.link_claim',
      'incident.update',
    ]);
    expect(history.json().items[1]).toMatchObject({
      reason: 'same strike',
      actor: expect.stringMatching(/^user:/),
    });
    expect(history.json().items[2].before).toBeTruthy();
  });

  it('keeps the history of a deleted incident and answers 404 for an id that never was one', async () => {
    const created = await post(app, '/api/v1/incidents', newIncident());
    await app.inject({ method: 'DELETE', url: `/api/v1/incidents/${created.body.id}?reason=duplicate` });
    const history = await app.inject({ url: `/api/v1/incidents/${created.body.id}/history` });
    expect(history.json().items.at(-1)).toMatchObject({ action: 'incident.delete', reason: 'duplicate' });
    const never = '00000000-0000-4000-8000-0000000000aa';
    expect((await app.inject({ url: `/api/v1/incidents/${never}/history` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v1/incidents/${never}/claims` })).statusCode).toBe(404);
  });

  it('answers 422 when linking a claim that does not exist', async () => {
    const created = await post(app, '/api/v1/incidents', newIncident());
    const missing = '00000000-0000-4000-8000-00000000dead';
    const { status, body } = await post(app, `/api/v1/incidents/${created.body.id}/claims`, {
      claim_ids: [missing],
    });
    expect(status).toBe(422);
    expect(body.message).toContain(missing);
  });

  it('deletes an incident and keeps its last state in the audit log', async () => {
    const created = await post(app, '/api/v1/incidents', newIncident());
    const response = await app.inject({
      method: 'DELETE',
      url: `/api/v1/incidents/${created.body.id}?reason=duplicate`,
    });
    expect(response.statusCode).toBe(204);
    expect((await app.inject({ url: `/api/v1/incidents/${created.body.id}` })).statusCode).toBe(404);
    const audit = await listAuditFor(db, 'incident', created.body.id);
    expect(audit.at(-1)).toMatchObject({ action: 'incident.delete', reason: 'duplicate' });
  });

  it('lists incidents in a date window with cursor paging', async () => {
    for (const day of ['2013-01-01', '2013-01-02', '2013-01-03']) {
      await post(app, '/api/v1/incidents', newIncident({ date_start: day }));
    }
    const first = (
      await app.inject({ url: '/api/v1/incidents?from=2013-01-01&to=2013-01-31&limit=2' })
    ).json();
    expect(first.items.map((i: { date_start: string }) => i.date_start)).toEqual([
      '2013-01-01',
      '2013-01-02',
    ]);
    const second = (
      await app.inject({
        url: `/api/v1/incidents?from=2013-01-01&to=2013-01-31&limit=2&cursor=${first.next_cursor}`,
      })
    ).json();
    expect(second.items.map((i: { date_start: string }) => i.date_start)).toEqual(['2013-01-03']);
    expect(second.next_cursor).toBeNull();
  });
});
