import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { listAuditFor } from '../audit/audit.ts';
import { cliActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { bundledPlaces } from './gazetteer-data.ts';
import { zNewPlace } from './place.ts';
import { parseGeoNamesDump, parseOchaCsv } from './places.import.ts';
import { createPlace, getPlace, importPlaces, resolvePlaces, searchPlaces } from './places.service.ts';
import { bundledResolver, ensureGazetteer, loadResolver } from './resolve.ts';

let db: Db;

beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => {
  await db.close();
});

const count = async (where = 'true', params: unknown[] = []) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM place WHERE ${where}`, params))[0]?.n ?? 0;

describe('ensureGazetteer', () => {
  it('loads every shipped place once, quickly, and a second call inserts nothing', async () => {
    const started = Date.now();
    const inserted = await ensureGazetteer(db);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(inserted).toBe(bundledPlaces().length);
    expect(await count("origin = 'gazetteer'")).toBe(bundledPlaces().length);
    expect(await ensureGazetteer(db)).toBe(0);
    expect(await count("country_code = 'SY' AND level = 'admin1'")).toBe(14);
  });

  it('gives the same answers from the table as from the shipped file', async () => {
    const fromDb = await loadResolver(db);
    for (const text of ['rebel-held Aazaz', 'ريف دمشق', "Homs' Khalidiyeh neighbourhood", 'Deraa']) {
      expect(fromDb.resolve(text, { country: 'SY' })[0]?.id).toBe(
        bundledResolver().resolve(text, { country: 'SY' })[0]?.id,
      );
    }
  });
});

describe('createPlace', () => {
  it('adds a neighbourhood under its city, audits it, and the resolver finds it afterwards', async () => {
    expect(await resolvePlaces(db, { q: 'Hay al-Zahour', country: 'SY' })).toEqual([]);
    const input = zNewPlace.parse({
      name_en: 'Hay al-Zahour',
      name_ar: 'حي الزهور',
      alternates: ['Zahour neighbourhood'],
      parent_id: 'gn-169577',
      lat: 34.71,
      lon: 36.73,
    });
    const { created, value } = await createPlace(db, cliActor, input);
    expect(created).toBe(true);
    expect(value).toMatchObject({
      id: 'sy-homs-hay-al-zahour',
      level: 'neighbourhood',
      country_code: 'SY',
      origin: 'user',
    });
    const audit = await listAuditFor(db, 'place', value.id);
    expect(audit.map((a) => a.action)).toEqual(['place.create']);
    const [best] = await resolvePlaces(db, { q: 'Hay al-Zahour', country: 'SY' });
    expect(best).toMatchObject({ id: value.id, admin1: 'Homs', precision: 'neighbourhood' });
  });

  it('treats the same input again as a retry and different fields under the same id as a conflict', async () => {
    const input = zNewPlace.parse({
      name_en: 'Hamidiyeh checkpoint',
      kind: 'checkpoint',
      level: 'locality',
      parent_id: 'sy-idlib',
    });
    expect((await createPlace(db, cliActor, input)).created).toBe(true);
    expect((await createPlace(db, cliActor, input)).created).toBe(false);
    await expect(createPlace(db, cliActor, { ...input, kind: 'military_post' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('refuses an unknown parent and a parent below the new place', async () => {
    await expect(
      createPlace(db, cliActor, zNewPlace.parse({ name_en: 'Nowhere', parent_id: 'no-such-place' })),
    ).rejects.toMatchObject({ code: 'unprocessable', fields: [{ field: 'parent_id' }] });
    await expect(
      createPlace(
        db,
        cliActor,
        zNewPlace.parse({ name_en: 'Big town', level: 'locality', parent_id: 'sy-homs-khalidiyeh' }),
      ),
    ).rejects.toMatchObject({ code: 'unprocessable', fields: [{ field: 'level' }] });
  });
});

describe('getPlace and searchPlaces', () => {
  it('returns a neighbourhood with its city, governorate and country', async () => {
    const place = await getPlace(db, 'sy-homs-deir-baalbeh');
    expect(place.ancestors.map((a) => a.id)).toEqual(['gn-169577', 'sy-homs', 'sy']);
  });

  it('answers 404 for an unknown id', async () => {
    await expect(getPlace(db, 'no-such-place')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('completes prefixes in both scripts, biggest and Syrian places first', async () => {
    const latin = await searchPlaces(db, { prefix: 'Alep', limit: 5 });
    expect(latin[0]?.id).toBe('gn-170063');
    const arabic = await searchPlaces(db, { prefix: 'حل', limit: 10 });
    expect(arabic.map((p) => p.name_en)).toContain('Aleppo');
    const lebanon = await searchPlaces(db, { prefix: 'Tri', country: 'LB', limit: 5 });
    expect(lebanon.every((p) => p.country_code === 'LB')).toBe(true);
  });
});

describe('importPlaces', () => {
  it('imports a GeoNames dump, skipping countries outside the gazetteer, and twice adds nothing', async () => {
    const line = (id: number, name: string, alternates: string, country: string, admin1: string) =>
      [
        id,
        name,
        name,
        alternates,
        '36.1',
        '37.2',
        'P',
        'PPL',
        country,
        '',
        admin1,
        '',
        '',
        '',
        '700',
        '',
        '400',
        'Asia/Damascus',
        '2020-01-01',
      ].join('\t');
    const dump = [
      line(99000001, 'Tall Qarah', 'Tel Qara,تل قرة', 'SY', '09'),
      line(99000002, 'Elsewhere', '', 'FR', '11'),
    ].join('\n');
    const batch = parseGeoNamesDump(dump, new Set(['SY', 'LB']));
    expect(batch.skipped).toBe(1);
    expect(batch.rows[0]).toMatchObject({ id: 'gn-99000001', parent_id: 'sy-aleppo', name_ar: 'تل قرة' });
    expect(await importPlaces(db, cliActor, batch.rows, 'test')).toEqual({ inserted: 1, skipped: 0 });
    expect(await importPlaces(db, cliActor, batch.rows, 'test')).toEqual({ inserted: 0, skipped: 1 });
    expect((await resolvePlaces(db, { q: 'Tel Qara', country: 'SY' }))[0]?.admin1).toBe('Aleppo');
  });

  it('imports an OCHA P-code CSV, matching governorates by their OCHA spelling', async () => {
    const csv = [
      'admin4Name_en,admin4Name_ar,admin4Pcode,admin3Name_en,admin3Pcode,admin2Name_en,admin2Pcode,admin1Name_en,admin1Pcode,latitude,longitude',
      'Kherbet Test,خربة تست,C9999,Test Nahya,SY070099,Test Mantika,SY0700,Idleb,SY07,35.7,36.6',
      'Zeta Farms,,C9998,Test Nahya,SY070099,Test Mantika,SY0700,Idleb,SY07,35.71,36.61',
    ].join('\n');
    const batch = parseOchaCsv(csv, await loadResolver(db));
    expect(batch.rows.map((r) => [r.id, r.level, r.parent_id])).toEqual([
      ['sy-pc-sy0700', 'admin2', 'sy-idlib'],
      ['sy-pc-sy070099', 'admin3', 'sy-pc-sy0700'],
      ['sy-pc-c9999', 'locality', 'sy-pc-sy070099'],
      ['sy-pc-c9998', 'locality', 'sy-pc-sy070099'],
    ]);
    expect((await importPlaces(db, cliActor, batch.rows, 'ocha')).inserted).toBe(4);
    const [best] = await resolvePlaces(db, { q: 'Kherbet Test', country: 'SY' });
    expect(best).toMatchObject({ id: 'sy-pc-c9999', admin1: 'Idlib' });
  });
});
