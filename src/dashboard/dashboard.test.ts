import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import type { Db } from '../db/client.ts';
import { ensureGazetteer } from '../places/resolve.ts';
import { zMapPoints } from './dashboard.ts';

describe('dashboard map points', () => {
  let db: Db;
  let app: FastifyInstance;
  let latestConfirmed: string;

  beforeAll(async () => {
    db = await freshDb();
    await ensureGazetteer(db);
    app = await buildTestApp({ db, logger: false, webDist: false }, { role: 'analyst' });
    const places = await db.query<{ id: string }>(
      "SELECT id FROM place WHERE country_code = 'SY' AND level = 'locality' AND lat IS NOT NULL ORDER BY id LIMIT 2",
    );
    const incident = async (day: string, placeId: string | null, grade: string, best: number) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        payload: {
          date_start: day,
          place_id: placeId,
          grade,
          counts: [{ outcome: 'killed', victim_group: 'civilians', low: best, best, high: best + 2 }],
        },
      });
      expect(response.statusCode).toBe(201);
      return response.json().id as string;
    };
    await incident('2024-03-01', places[0]?.id ?? null, 'confirmed', 7);
    await incident('2024-03-02', places[1]?.id ?? null, 'weak', 3);
    latestConfirmed = await incident('2024-03-04', places[0]?.id ?? null, 'confirmed', 5);
    await incident('2024-03-03', null, 'confirmed', 9); // no place: not on the map
    await incident('2024-05-01', places[0]?.id ?? null, 'discounted', 4);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const map = async (query: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/dashboard/map${query}` });
    expect(response.statusCode).toBe(200);
    return zMapPoints.parse(response.json());
  };

  it('gives located incidents as spots per point and grade, in columns', async () => {
    const points = await map('?from=2024-01-01&to=2024-12-31');
    // Discounted is left out by default; the unlocated incident has no point.
    expect(points.count).toBe(3);
    const spots = points.ids.map((id, i) => ({
      id,
      n: points.n[i],
      best: points.best[i],
      grade: points.grades[points.grade[i] as number],
      lat: points.lat[i] as number,
      lon: points.lon[i] as number,
    }));
    expect(spots).toHaveLength(2);
    const confirmed = spots.find((s) => s.grade === 'confirmed');
    // Two confirmed incidents at the first place are one spot: counted twice, their people summed,
    // and the most recent one is the spot's incident.
    expect(confirmed).toMatchObject({ n: 2, best: 12, id: latestConfirmed });
    expect(spots.find((s) => s.grade === 'weak')).toMatchObject({ n: 1, best: 3 });
    expect(confirmed?.lat).toBeGreaterThan(32);
    expect(confirmed?.lon).toBeGreaterThan(35);
    expect(points.truncated).toBe(false);
  });

  it('filters by date, grade and group', async () => {
    expect((await map('?from=2024-03-02&to=2024-12-31')).best.sort((a, b) => a - b)).toEqual([3, 5]);
    expect((await map('?grades=discounted')).best).toEqual([4]);
    expect((await map('?group=children')).count).toBe(0);
    const empty = await map('?from=2030-01-01');
    expect(empty).toMatchObject({ count: 0, ids: [], lon: [], n: [] });
  });

  it('is for staff only', async () => {
    const anonymous = await app.inject({
      method: 'GET',
      url: '/api/v1/dashboard/map',
      headers: { authorization: '' },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
