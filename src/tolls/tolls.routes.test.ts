import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole, buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import type { Db } from '../db/client.ts';
import { ingestScenario } from './test-scenario.ts';

let db: Db;
let app: FastifyInstance;
let editor: string;
let analyst: string;
let analystName: string;

// The real app, signed in as an admin unless a call names another account.
beforeAll(async () => {
  db = await freshDb();
  await ingestScenario(db);
  app = await buildTestApp({ db });
  editor = (await accountWithRole(db, 'editor')).token;
  ({ token: analyst, username: analystName } = await accountWithRole(db, 'analyst'));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const call = async (method: 'GET' | 'POST', url: string, payload?: object, token?: string) => {
  const response = await app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  return { status: response.statusCode, body: response.json() };
};

describe('toll routes', () => {
  it('consolidates, then answers tolls with the query it used', async () => {
    const run = await call('POST', '/api/v1/incidents/consolidate', undefined, analyst);
    expect(run.body).toMatchObject({ incidents: 3, created: 3 });
    const { status, body } = await call(
      'GET',
      '/api/v1/tolls?from=2012-12-29&to=2012-12-29&by=admin1&grades=fair,contested',
      undefined,
      analyst,
    );
    expect(status).toBe(200);
    expect(body.query).toMatchObject({
      by: ['admin1'],
      grades: ['fair', 'contested'],
      group: 'all',
      outcome: 'killed',
    });
    expect(body.figures.map((f: { area: { id: string }; low: number }) => [f.area.id, f.low])).toEqual([
      ['sy-aleppo', 4],
      ['sy-homs', 32],
      ['sy-rif-dimashq', 14],
    ]);
    // Each figure links to the incidents behind it, and that link answers with them.
    const homs = body.figures.find((f: { area: { id: string } }) => f.area.id === 'sy-homs');
    const linked = await call('GET', homs.incidents_href, undefined, analyst);
    expect(linked.body.items.map((i: { admin1_id: string }) => i.admin1_id)).toEqual(['sy-homs']);
  });

  it('names each bad parameter', async () => {
    const { status, body } = await call('GET', '/api/v1/tolls?from=2012-12-29&to=2012-12-01&by=day,week');
    expect(status).toBe(400);
    expect(body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['by', 'to']);
  });

  it('lets an editor publish, not an analyst; the same figures again are a no-op', async () => {
    const query = { from: '2012-12-29', to: '2012-12-29', by: ['admin1', 'group'] };
    expect((await call('POST', '/api/v1/tolls/publish', { query }, analyst)).status).toBe(403);
    const first = await call('POST', '/api/v1/tolls/publish', { query }, editor);
    expect(first.status).toBe(201);
    expect((await call('POST', '/api/v1/tolls/publish', { query }, editor)).status).toBe(200);
    const read = await call('GET', `/api/v1/publications/${first.body.publication.id}`, undefined, analyst);
    expect(read.body).toMatchObject({ kind: 'tolls', revises_id: null });
    const list = await call('GET', '/api/v1/publications?kind=tolls', undefined, analyst);
    expect(list.body.items).toHaveLength(1);
  });

  it('records the signed-in analyst, not a shared account, on a decision', async () => {
    const { body } = await call('GET', '/api/v1/incidents?admin1=sy-aleppo', undefined, analyst);
    const id = body.items[0].id;
    const graded = await call(
      'POST',
      `/api/v1/incidents/${id}/grade`,
      { grade: 'fair', reason: 'medic list cross-checked' },
      analyst,
    );
    expect(graded.status).toBe(200);
    const [decision] = await db.query<{ actor: string }>(
      "SELECT actor FROM incident_decision WHERE kind = 'grade' ORDER BY id DESC LIMIT 1",
    );
    expect(decision?.actor).toBe(`user:${analystName}`);
  });

  it('drafts a bulletin and records disruptions', async () => {
    const disrupted = await call(
      'POST',
      '/api/v1/tolls/disruptions',
      { place_id: 'sy-homs', since: '2012-12-29', reason: 'communications are down' },
      analyst,
    );
    expect(disrupted.status).toBe(201);
    const { status, body } = await call('GET', '/api/v1/bulletins/draft?date=2012-12-29&lang=ar');
    expect(status).toBe(200);
    expect(body.headline.text).toMatch(/^قُتل ما لا يقل عن \d+ شخصاً/);
    expect(body.notes.map((n: { text: string }) => n.text).join(' ')).toContain('communications are down');
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tolls',
        '/api/v1/bulletins/draft',
        '/api/v1/incidents/{id}/split',
        '/api/v1/public/publications/{id}/incidents',
      ]),
    );
  });
});
