import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import type { Db } from '../db/client.ts';
import { ensureGazetteer } from './resolve.ts';

let db: Db;
let app: FastifyInstance;

// The whole app, signed in as an analyst (reading places is public; adding them is for analysts).
beforeAll(async () => {
  db = await freshDb();
  await ensureGazetteer(db);
  app = await buildTestApp({ db }, { role: 'analyst' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const get = async (url: string) => {
  const response = await app.inject({ url });
  return { status: response.statusCode, body: response.json() };
};

describe('GET /api/v1/places/resolve', () => {
  it('ranks candidates for a phrase, with admin1, country and precision', async () => {
    const { status, body } = await get(
      `/api/v1/places/resolve?q=${encodeURIComponent('rebel-held Aazaz')}&country=SY`,
    );
    expect(status).toBe(200);
    expect(body.candidates[0]).toMatchObject({
      name: 'Azaz',
      admin1: 'Aleppo',
      country: 'SY',
      precision: 'locality',
    });
  });

  it('answers an empty list for words that are not places', async () => {
    const { status, body } = await get('/api/v1/places/resolve?q=the%20regime');
    expect(status).toBe(200);
    expect(body.candidates).toEqual([]);
  });

  it('answers 400 without q', async () => {
    expect((await get('/api/v1/places/resolve')).status).toBe(400);
  });
});

describe('POST /api/v1/places', () => {
  it('adds a military post that the resolver then finds, and answers a retry with 200', async () => {
    const body = {
      name_en: 'Tal Salmo checkpoint',
      kind: 'checkpoint',
      level: 'locality',
      parent_id: 'sy-idlib',
      lat: 35.7,
      lon: 36.9,
    };
    const first = await app.inject({ method: 'POST', url: '/api/v1/places', payload: body });
    expect(first.statusCode).toBe(201);
    const place = first.json();
    expect(place).toMatchObject({ id: 'sy-idlib-tal-salmo-checkpoint', origin: 'user', country_code: 'SY' });
    const retry = await app.inject({ method: 'POST', url: '/api/v1/places', payload: body });
    expect(retry.statusCode).toBe(200);
    const { body: resolved } = await get(
      `/api/v1/places/resolve?q=${encodeURIComponent('the Tal Salmo checkpoint')}&country=SY`,
    );
    expect(resolved.candidates[0]).toMatchObject({ id: place.id, admin1: 'Idlib' });
  });

  it('answers 422 naming parent_id when the parent is unknown', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/places',
      payload: { name_en: 'Somewhere', parent_id: 'no-such-place' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().fields[0].field).toBe('parent_id');
  });
});

describe('GET /api/v1/places/:id and ?prefix=', () => {
  it('returns a place with its ancestors', async () => {
    const { status, body } = await get('/api/v1/places/sy-homs-baba-amr');
    expect(status).toBe(200);
    expect(body.ancestors.map((a: { id: string }) => a.id)).toEqual(['gn-169577', 'sy-homs', 'sy']);
  });

  it('answers 404 for an unknown place', async () => {
    expect((await get('/api/v1/places/nowhere')).status).toBe(404);
  });

  it('completes a prefix in Arabic script', async () => {
    const { status, body } = await get(`/api/v1/places?prefix=${encodeURIComponent('دير الز')}&limit=5`);
    expect(status).toBe(200);
    expect(body.items.map((p: { name_en: string }) => p.name_en)).toContain('Deir ez-Zor');
  });
});
