import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole, buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { consolidateIncidents, overrideGrade } from '../incidents/consolidate.service.ts';
import { pageIncidents } from '../incidents/incidents.service.ts';
import { ingestScenario } from './test-scenario.ts';

let db: Db;
let app: FastifyInstance;
let editor: { token: string; username: string };
/** Everything the public must never see: filled from the database after the scenario is stored. */
const secrets: string[] = [];

beforeAll(async () => {
  db = await freshDb();
  await ingestScenario(db);
  await consolidateIncidents(db);
  const [aleppo] = (await pageIncidents(db, { admin1: 'sy-aleppo', limit: 5 })).items;
  await overrideGrade(db, apiActor, aleppo?.id as string, 'fair', 'medic list checked with Dr Hamid');
  app = await buildTestApp({ db });
  editor = await accountWithRole(db, 'editor');
  const rows = await db.query<{ v: string }>(
    `SELECT id::text AS v FROM source UNION SELECT pseudonym FROM source UNION SELECT independence_group FROM source
     UNION SELECT id::text FROM report UNION SELECT original_text FROM report WHERE original_text IS NOT NULL
     UNION SELECT id::text FROM claim UNION SELECT count_text FROM claim WHERE count_text IS NOT NULL
     UNION SELECT victim_text FROM claim WHERE victim_text IS NOT NULL`,
  );
  // Bare numbers ("23") and very short words are not secrets a test could tell from figures.
  const telling = rows.map((r) => r.v).filter((v) => v.length >= 4 && !/^[\d,.\s]+$/.test(v));
  secrets.push(...telling, editor.username, 'Dr Hamid');
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const anonymous = async (url: string) => {
  const response = await app.inject({ url, headers: { authorization: '' } });
  return { status: response.statusCode, body: response.json(), raw: response.body };
};
const publish = async (url: string, payload: object) => {
  const response = await app.inject({
    method: 'POST',
    url,
    payload,
    headers: { authorization: `Bearer ${editor.token}` },
  });
  expect(response.statusCode).toBe(201);
  return response.json().publication as { id: string };
};

describe('the public read API', () => {
  it('serves nothing live to an anonymous client', async () => {
    expect((await anonymous('/api/v1/tolls?from=2012-12-29&to=2012-12-29')).status).toBe(401);
    expect((await anonymous('/api/v1/publications')).status).toBe(401);
    expect((await anonymous('/api/v1/incidents')).status).toBe(401);
  });

  it('serves published tolls, bulletins and the incidents behind them without login, and nothing sensitive', async () => {
    const tolls = await publish('/api/v1/tolls/publish', {
      query: { from: '2012-12-29', to: '2012-12-29', by: ['admin1', 'group'], grades: ['fair', 'contested'] },
    });
    await publish('/api/v1/bulletins/publish', { date: '2012-12-29', lang: 'en' });

    const list = await anonymous('/api/v1/public/publications');
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { kind: string }) => p.kind).sort()).toEqual(['bulletin', 'tolls']);

    const one = await anonymous(`/api/v1/public/publications/${tolls.id}`);
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty('actor');
    const homs = one.body.body.figures.find(
      (f: { area: { id: string } | null; victim_group: string }) =>
        f.area?.id === 'sy-homs' && f.victim_group === 'all',
    );
    expect(homs.incidents_href).toBe(
      `/api/v1/public/publications/${tolls.id}/incidents?from=2012-12-29&to=2012-12-29&admin1=sy-homs`,
    );

    const behind = await anonymous(homs.incidents_href);
    expect(behind.status).toBe(200);
    expect(behind.body.items).toHaveLength(1);
    const [incident] = behind.body.items;
    expect(incident).toMatchObject({ admin1_id: 'sy-homs', place: { id: 'sy-homs-deir-baalbeh' } });
    expect(incident.counts).toContainEqual(
      expect.objectContaining({ outcome: 'killed', victim_group: 'people', low: 32, high: 32 }),
    );
    expect(Object.keys(incident)).not.toEqual(expect.arrayContaining(['claim_ids']));

    const all = await anonymous(`/api/v1/public/publications/${tolls.id}/incidents?limit=1`);
    expect(all.body.next_cursor).not.toBeNull();
    const rest = await anonymous(
      `/api/v1/public/publications/${tolls.id}/incidents?limit=10&cursor=${all.body.next_cursor}`,
    );
    expect(
      [...all.body.items, ...rest.body.items].map((i: { admin1_id: string }) => i.admin1_id).sort(),
    ).toEqual(['sy-aleppo', 'sy-homs', 'sy-rif-dimashq']);

    const bulletin = await anonymous('/api/v1/public/bulletins/2012-12-29?lang=en');
    expect(bulletin.status).toBe(200);
    expect(bulletin.body.body.text).toMatch(/^At least \d+ people were killed across Syria/);
    expect((await anonymous('/api/v1/public/bulletins/2012-12-30?lang=en')).status).toBe(404);

    const everything = [list, one, behind, all, rest, bulletin].map((r) => r.raw).join('\n');
    expect(secrets.length).toBeGreaterThan(20);
    expect(secrets.filter((s) => everything.includes(s))).toEqual([]);
  });

  it('limits how fast one client may read', async () => {
    let status = 200;
    for (let i = 0; i < 320 && status !== 429; i++)
      status = (
        await app.inject({ url: '/api/v1/public/publications?limit=1', headers: { authorization: '' } })
      ).statusCode;
    expect(status).toBe(429);
  });
});
