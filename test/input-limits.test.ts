import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { buildTestApp } from './app.ts';
import { freshDb } from './db.ts';
import { reportBody } from './factories.ts';
import { deepArray, deepObject } from './route-fuzz.cases.ts';

/** The limits on what a request may carry: depth, UTF-8, array lengths, path parameters. */
let db: Db;
let app: FastifyInstance;
let sourceId: string;

beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db, webDist: false });
  sourceId = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      payload: { kind: 'activist', pseudonym: 'x' },
    })
  ).json().id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const postReport = (payload: string | Buffer, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: { 'content-type': 'application/json', ...headers },
    payload,
  });

/** A report body's JSON with one more member whose value is raw JSON text. */
const reportWith = (id: string, name: string, raw: string) =>
  `${JSON.stringify(reportBody(sourceId, { id })).slice(0, -1)},"${name}":${raw}}`;

const stored = async (id: string) => (await app.inject({ url: `/api/v1/reports/${id}` })).statusCode;

describe('JSON depth', () => {
  for (const levels of [5_000, 100_000]) {
    for (const [where, raw] of [
      ['payload', deepObject(levels)],
      ['an extra field', deepArray(levels)],
    ] as const) {
      it(`refuses ${where} nested ${levels.toLocaleString('en-US')} levels with a 400 naming the limit`, async () => {
        const id = crypto.randomUUID();
        const response = await postReport(reportWith(id, where === 'payload' ? 'payload' : 'extra', raw));
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json()).toMatchObject({ error: 'validation_failed', limit: 64 });
        expect(response.json().message).toMatch(/deeper than 64 levels/);
        expect(await stored(id)).toBe(404);
      });
    }
  }

  it('stores a payload nested within the limit, as given', async () => {
    const id = crypto.randomUUID();
    const response = await postReport(reportWith(id, 'payload', deepObject(60)));
    expect(response.statusCode, response.body).toBe(201);
    expect(JSON.stringify(response.json().payload)).toBe(deepObject(60));
  });
});

describe('UTF-8', () => {
  it('refuses raw invalid UTF-8 in a report’s text with a 400, and stores nothing', async () => {
    const id = crypto.randomUUID();
    const [before, after] = JSON.stringify(reportBody(sourceId, { id, text: 'killed in MARK today' })).split(
      'MARK',
    );
    const response = await postReport(
      Buffer.concat([
        Buffer.from(before as string),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(after as string),
      ]),
    );
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toMatch(/not valid UTF-8/);
    expect(await stored(id)).toBe(404);
  });

  it('refuses the UTF-8 bytes of a lone surrogate, as it refuses the escape', async () => {
    const id = crypto.randomUUID();
    const [before, after] = JSON.stringify(reportBody(sourceId, { id, text: 'aMARKb' })).split('MARK');
    const response = await postReport(
      Buffer.concat([
        Buffer.from(before as string),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from(after as string),
      ]),
    );
    expect(response.statusCode).toBe(400);
    expect(await stored(id)).toBe(404);
  });

  it('stores valid UTF-8 (Arabic, emoji) byte for byte', async () => {
    const text = 'قتل 13 طفلاً في دوما 😢';
    const response = await postReport(
      Buffer.from(JSON.stringify(reportBody(sourceId, { text, claims: [] })), 'utf8'),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().text).toBe(text);
  });

  it('refuses a body declared in another charset with a 415', async () => {
    const id = crypto.randomUUID();
    const response = await postReport(JSON.stringify(reportBody(sourceId, { id })), {
      'content-type': 'application/json; charset=iso-8859-1',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().message).toMatch(/UTF-8/);
    expect(await stored(id)).toBe(404);
  });

  it('refuses percent-escapes that are not UTF-8 in a query string', async () => {
    for (const query of ['q=%FF', 'q=%ED%A0%80', 'q=%C0%AE']) {
      const response = await app.inject({ url: `/api/v1/places/resolve?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().message).toMatch(/not valid UTF-8/);
    }
  });
});

describe('array lengths and short errors', () => {
  it('answers an editor’s 100,000-entry array with a small 400 in under a second', async () => {
    // The probe's case: publishing tolls with a grade list of 100,000 entries (about 600 KB).
    const payload = JSON.stringify({
      query: { from: '2024-01-01', to: '2024-01-31', grades: new Array(100_000).fill('bad') },
      reason: 'x',
    });
    const started = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tolls/publish',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    const elapsed = performance.now() - started;
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    expect(response.json().fields.length).toBeLessThanOrEqual(10);
    expect(response.body.length).toBeLessThan(5_000);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('lists at most 10 bad fields and says how many more', async () => {
    const response = await postReport(
      JSON.stringify({ ...reportBody(sourceId), claims: new Array(500).fill(0) }),
    );
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.fields).toHaveLength(10);
    expect(body.fields_total).toBe(500);
    expect(body.message).toMatch(/; and 490 more$/);
  });

  it('shows the array limits in the OpenAPI document', async () => {
    const spec = (await app.inject({ url: '/api/openapi.json' })).json();
    const split =
      spec.paths['/api/v1/incidents/{id}/split'].post.requestBody.content['application/json'].schema;
    expect(split.properties.groups.items.maxItems).toBe(1000);
    const tolls = spec.paths['/api/v1/tolls'].get.parameters.find(
      (p: { name: string }) => p.name === 'grades',
    );
    expect(tolls.schema.maxItems).toBe(50);
  });
});

describe('path parameters', () => {
  it('answers /places/%00 and other malformed place ids with 400, before any query', async () => {
    for (const id of ['%00', '%FF', '..%2F..', 'a%20b', "x'--"]) {
      const response = await app.inject({ url: `/api/v1/places/${id}` });
      expect(response.statusCode, id).toBe(400);
      expect(typeof response.json().message).toBe('string');
    }
    expect((await app.inject({ url: '/api/v1/places/sy' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/places/nowhere-at-all' })).statusCode).toBe(404);
  });

  it('answers a NUL in a uuid parameter with 400', async () => {
    expect((await app.inject({ url: '/api/v1/reports/%00' })).statusCode).toBe(400);
  });
});
