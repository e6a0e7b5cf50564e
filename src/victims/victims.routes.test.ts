import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import type { Db } from '../db/client.ts';
import { runLinkage } from './linkage.service.ts';

let db: Db;
let app: FastifyInstance;

// The whole app without a job queue, signed in as an editor (reading is for analysts, changing persons for editors).
beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db }, { role: 'editor' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const post = async (url: string, payload: unknown) => {
  const response = await app.inject({ method: 'POST', url, payload: payload as object });
  return { status: response.statusCode, body: response.json() };
};
const get = async (url: string) => {
  const response = await app.inject({ url });
  return { status: response.statusCode, body: response.json() };
};

describe('/api/v1/victims and /persons', () => {
  it('stores a record as written, with its person; a retry with the same id gets 200, another id 409', async () => {
    const body = {
      id: randomUUID(),
      list: 'VDC',
      list_row: 'r-1',
      name: 'محمد عبد الرحمن الحمود',
      sex: 'male',
      age: 'about 30',
      date_of_death: '29-12-2012',
      place: 'الخالدية',
      governorate: 'حمص',
      status: 'civilian',
    };
    const created = await post('/api/v1/victims', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ list: 'VDC', name: body.name, fully_identified: true });
    expect(created.body.date_of_death).toMatchObject({ start: '2012-12-29', precision: 'day' });
    expect(created.body.person_id).toEqual(expect.any(String));
    const again = await post('/api/v1/victims', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    const clash = await post('/api/v1/victims', { ...body, id: randomUUID() });
    expect(clash.status).toBe(409);

    const person = await get(`/api/v1/persons/${created.body.person_id}`);
    expect(person.status).toBe(200);
    expect(person.body.records.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    expect(person.body.lists).toEqual(['VDC']);

    const page = await get('/api/v1/victims?list=VDC&limit=10');
    expect(page.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
    expect((await get('/api/v1/victims?list=nope')).body.items).toEqual([]);
  });

  it('refuses a record without a list and an unknown field, naming them', async () => {
    const response = await post('/api/v1/victims', { name: 'x', colour: 'red' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/list/);
  });

  it('merges two persons and splits a record back out, keeping the history', async () => {
    const a = (await post('/api/v1/victims', { list: 'SNHR', name: 'Omar Khaled' })).body;
    const b = (await post('/api/v1/victims', { list: 'SOHR', name: 'Omar Khalid' })).body;
    const merged = await post('/api/v1/persons/merge', {
      into: a.person_id,
      from: [b.person_id],
      reason: 'same man, two spellings',
    });
    expect(merged.status).toBe(200);
    expect(merged.body.records.map((r: { id: string }) => r.id).sort()).toEqual([a.id, b.id].sort());
    const split = await post('/api/v1/persons/split', { records: [b.id], reason: 'cousins after all' });
    expect(split.status).toBe(201);
    expect(split.body.records.map((r: { id: string }) => r.id)).toEqual([b.id]);
    // b's whole path is kept: its own person, then a's (closed by the split), then the new one.
    const history = (await get(`/api/v1/persons/${a.person_id}`)).body.history as Array<{
      victim_record_id: string;
      person_id: string;
      valid_to: string | null;
    }>;
    const ofB = history.filter((m) => m.victim_record_id === b.id);
    expect(ofB.map((m) => m.person_id)).toEqual([b.person_id, a.person_id, split.body.id]);
    expect(ofB.map((m) => m.valid_to === null)).toEqual([false, false, true]);
  });
});

describe('GET /api/v1/victims filters', () => {
  it('finds records by part of the name, across Arabic letter variants, and by a span of dates of death', async () => {
    const list = `FILTER-${randomUUID()}`;
    const rows: Array<[string, string]> = [
      ['أحمد خالد الحمصي', '2013-01-02'],
      ['Ahmad Khaled al-Homsi', '2013-01-03'],
      ['ياسر الحمصي', '2013-02-10'],
      ['Omar Hassan', '2013-01'],
    ];
    for (const [name, date] of rows) await post('/api/v1/victims', { list, name, date_of_death: date });
    const names = async (query: string) =>
      (await get(`/api/v1/victims?list=${encodeURIComponent(list)}&${query}`)).body.items.map(
        (r: { name: string }) => r.name,
      );
    // "احمد" (bare alef) finds "أحمد"; "homsi" finds "al-Homsi" whatever the case.
    expect(await names(`q=${encodeURIComponent('احمد')}`)).toEqual(['أحمد خالد الحمصي']);
    expect(await names('q=homsi')).toEqual(['Ahmad Khaled al-Homsi']);
    expect(await names(`q=${encodeURIComponent('الحمصي')}`)).toEqual(['أحمد خالد الحمصي', 'ياسر الحمصي']);
    // A record dated only "2013-01" may fall on any day of January, so a span inside it keeps it.
    expect(await names('died_from=2013-01-03&died_to=2013-01-31')).toEqual([
      'Ahmad Khaled al-Homsi',
      'Omar Hassan',
    ]);
    expect(await names('died_from=2013-02-01')).toEqual(['ياسر الحمصي']);
    const bad = await get('/api/v1/victims?died_to=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('died_to');
  });
});

describe('/api/v1/links', () => {
  it('queues a run (202), which the job then completes, and lists the review queue', async () => {
    const queued = await post('/api/v1/links/runs', {
      threshold: 0.5,
      review_below: 0.05,
      review_above: 0.95,
    });
    expect(queued.status).toBe(202);
    expect(queued.body.status).toBe('queued');
    await runLinkage(db, queued.body.id);
    const done = await get(`/api/v1/links/runs/${queued.body.id}`);
    expect(done.body.status).toBe('done');
    expect(done.body.stats).toMatchObject({ records: expect.any(Number) });
    const review = await get('/api/v1/links/review?status=pending');
    expect(review.status).toBe(200);
    expect(Array.isArray(review.body.items)).toBe(true);
    const bad = await post('/api/v1/links/runs', { threshold: 0.5, review_below: 0.9, review_above: 0.1 });
    expect(bad.status).toBe(400);
  });
});
