import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { type Actor, apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { consolidateIncidents } from '../incidents/consolidate.service.ts';
import { zNewIncident } from '../incidents/incident.ts';
import { createIncident } from '../incidents/incidents.service.ts';
import { ingestScenario } from '../tolls/test-scenario.ts';
import { zTollQuery } from '../tolls/toll.ts';
import { defaultTollSettings } from '../tolls/toll-settings.ts';
import { computeTolls } from '../tolls/tolls.service.ts';
import { createVictimRecord } from '../victims/victims.service.ts';
import { acledColumns } from './acled.present.ts';
import { buildCodebook } from './codebook.ts';
import { exportIncidents, exportTolls, exportVictims } from './export.service.ts';
import { hxlColumns } from './hxl.present.ts';
import { zIncidentExportQuery } from './opendata.ts';
import { analystActorForTests, collectExport } from './test-helpers.ts';
import { ucdpColumns } from './ucdp.present.ts';

const settings = defaultTollSettings;
const options = { settings, today: '2013-02-01' };
const { version } = buildCodebook(settings);
const analyst = analystActorForTests;
let db: Db;

/** `actor` null is the public (anonymous) caller. */
const incidents = (format: string, actor: Actor | null = analyst, extra: Record<string, unknown> = {}) =>
  collectExport(
    exportIncidents(db, actor ?? undefined, zIncidentExportQuery.parse({ format, ...extra }), options),
  );
const csv = (text: string) => parse(text, { bom: true }) as string[][];
const records = (text: string) => parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;

beforeAll(async () => {
  db = await freshDb();
  await ingestScenario(db);
  await consolidateIncidents(db, { settings });
  await createIncident(
    db,
    apiActor,
    zNewIncident.parse({
      date_start: '2012-12-28',
      place_id: 'gn-170592',
      event_type: 'violence_against_civilians',
      sub_event_type: 'attack',
      grade: 'confirmed',
      notes: 'INTERNAL NOTE: the witness lives next door',
      actors: [
        { name: 'Militia X', role: 'perpetrator_alleged' },
        { name: 'Villagers', role: 'target' },
      ],
      counts: [
        { outcome: 'killed', victim_group: 'civilians', low: 5, best: 6, high: 9 },
        { outcome: 'killed', victim_group: 'children', low: 2, best: 2, high: 3 },
        { outcome: 'injured', victim_group: 'people', low: 4, best: 4, high: 4 },
      ],
    }),
  );
});
afterAll(async () => db.close());

describe('ACLED-style CSV', () => {
  it('has the columns its codebook lists, and the conservative figure as fatalities', async () => {
    const text = await incidents('acled');
    const [header] = csv(text);
    expect(header).toEqual(acledColumns.map((c) => c.name));
    const acledCore = ['event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'actor2'];
    const more = ['admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision'];
    const rest = ['source', 'source_scale', 'notes', 'fatalities'];
    for (const column of [...acledCore, ...more, ...rest]) expect(header).toContain(column);
    const rows = records(text);
    expect(rows.length).toBe(
      Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident'))[0]?.n),
    );
    for (const row of rows) {
      expect(row.fatalities).toBe(row.tally_fatalities_low);
      expect(Number(row.tally_fatalities_low)).toBeLessThanOrEqual(Number(row.tally_fatalities_best));
      expect(Number(row.tally_fatalities_best)).toBeLessThanOrEqual(Number(row.tally_fatalities_high));
      expect(['1', '2', '3']).toContain(row.time_precision);
      expect(row.tally_codebook).toBe(version);
    }
    const attack = rows.find((r) => r.sub_event_type === 'Attack');
    expect(attack).toMatchObject({
      event_type: 'Violence against civilians',
      actor1: 'Militia X',
      actor2: 'Villagers',
      admin1: 'Rif Dimashq',
      location: 'Douma',
      geo_precision: '1',
      fatalities: '5',
      tally_fatalities_high: '9',
      tally_injured_best: '4',
      civilian_targeting: 'Civilian targeting',
      iso3: 'SYR',
    });
  });
});

describe('UCDP GED-style CSV', () => {
  it('has its codebook columns, deaths by side that sum to best, and GED precision codes', async () => {
    const text = await incidents('ucdp');
    const [header] = csv(text);
    expect(header).toEqual(ucdpColumns.map((c) => c.name));
    for (const column of [
      'best',
      'low',
      'high',
      'deaths_a',
      'deaths_b',
      'deaths_civilians',
      'deaths_unknown',
    ])
      expect(header).toContain(column);
    for (const row of records(text)) {
      const parts = ['deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown'].map((c) => Number(row[c]));
      expect(parts.reduce((a, b) => a + b, 0)).toBe(Number(row.best));
      expect(Number(row.low)).toBeLessThanOrEqual(Number(row.best));
      expect(['1', '2', '3', '4', '5']).toContain(row.date_prec);
      if (row.where_prec) expect(['1', '2', '3', '4', '6']).toContain(row.where_prec);
    }
    expect(records(text).find((r) => r.side_a === 'Militia X')).toMatchObject({
      type_of_violence: '3',
      deaths_civilians: '6',
      best: '6',
      where_prec: '1',
      date_prec: '1',
    });
  });
});

describe('HXL-tagged CSV', () => {
  it('puts a valid HXL hashtag above every column, on the second row', async () => {
    const [header, tags, ...data] = csv(await incidents('hxl'));
    expect(header).toEqual(hxlColumns.map((c) => c.name));
    expect(tags).toHaveLength(header?.length ?? -1);
    for (const tag of tags ?? []) expect(tag).toMatch(/^#[a-z][a-z0-9_]*(\s*\+[a-z][a-z0-9_]*)*$/);
    expect(data.length).toBeGreaterThan(0);
  });
});

describe('GeoJSON', () => {
  it('parses as an RFC 7946 FeatureCollection with [lon, lat] points in WGS 84', async () => {
    const doc = JSON.parse(await incidents('geojson'));
    expect(doc.type).toBe('FeatureCollection');
    expect(doc).not.toHaveProperty('crs');
    expect(doc.tally.codebook).toBe(version);
    expect(doc.features.length).toBeGreaterThan(0);
    let located = 0;
    for (const feature of doc.features) {
      expect(feature.type).toBe('Feature');
      expect(typeof feature.properties).toBe('object');
      if (feature.geometry === null) continue;
      located++;
      expect(feature.geometry.type).toBe('Point');
      const [lon, lat] = feature.geometry.coordinates;
      expect(feature.geometry.coordinates).toHaveLength(2);
      expect(lon).toBeGreaterThanOrEqual(-180);
      expect(lon).toBeLessThanOrEqual(180);
      expect(lat).toBeGreaterThanOrEqual(-90);
      expect(lat).toBeLessThanOrEqual(90);
    }
    expect(located).toBeGreaterThan(0);
    // Syria lies east of Greenwich and north of the equator, longitude 35-43: order is [lon, lat].
    const douma = doc.features.find(
      (f: { properties: { location: string } }) => f.properties.location === 'Douma',
    );
    expect(douma.geometry.coordinates[0]).toBeGreaterThan(douma.geometry.coordinates[1]);
  });
});

describe('what each role may see', () => {
  it('gives the public headline grades only, without notes or source names', async () => {
    const everyone = records(await incidents('acled', analyst));
    const visible = records(await incidents('acled', null));
    expect(everyone.some((r) => !['fair', 'confirmed'].includes(r.tally_grade as string))).toBe(true);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(everyone.length);
    for (const row of visible) expect(['fair', 'confirmed']).toContain(row.tally_grade);
    expect(everyone.map((r) => r.notes).join(' ')).toContain('INTERNAL NOTE');
    expect(visible.map((r) => r.notes).join(' ')).not.toContain('INTERNAL NOTE');
    expect(everyone.map((r) => r.source).join(' ')).toContain('Observatory');
    expect(visible.map((r) => r.source).join(' ')).not.toContain('Observatory');
    // Asking for more grades does not widen the public view.
    const asked = records(await incidents('acled', null, { grades: 'weak,unverified' }));
    expect(asked).toEqual([]);
  });

  it('keeps the public view off days that are still provisional', async () => {
    const publicOn = async (today: string) =>
      records(
        await collectExport(
          exportIncidents(db, undefined, zIncidentExportQuery.parse({}), { settings, today }),
        ),
      );
    // Three provisional days: on 31 December only what ended by the 28th is settled.
    expect((await publicOn('2012-12-31')).map((r) => r.tally_date_end)).toEqual(['2012-12-28']);
    expect(await publicOn('2012-12-30')).toEqual([]);
  });

  it('refuses live tolls and victim lists without analyst access', () => {
    expect(() => exportTolls(db, undefined, { format: 'csv', from: '2012-12-29', to: '2012-12-29' })).toThrow(
      /Sign in/,
    );
    expect(() => exportVictims(db, { id: 'r', role: 'reporter' }, {})).toThrow(/analyst/);
  });
});

describe('tolls and victim lists', () => {
  it('writes the toll figures the tolls service computes', async () => {
    const query = { from: '2012-12-29', to: '2012-12-29', by: 'admin1,group' };
    const rows = records(await collectExport(exportTolls(db, analyst, { format: 'csv', ...query }, options)));
    const { figures } = await computeTolls(db, zTollQuery.parse(query), options);
    expect(rows).toHaveLength(figures.length);
    const first = figures[0];
    expect(rows[0]).toMatchObject({
      victim_group: first?.victim_group,
      best: String(first?.best),
      codebook: version,
    });
    const json = JSON.parse(
      await collectExport(exportTolls(db, analyst, { format: 'json', ...query }, options)),
    );
    expect(json.codebook).toBe(version);
    expect(json.figures).toEqual(figures);
  });

  it('publishes victim lists without notes or affiliation', async () => {
    await createVictimRecord(db, apiActor, {
      list: 'Test list',
      name: 'Ahmad Example',
      sex: 'male',
      status: 'combatant',
      affiliation: 'Secret Brigade',
      date_of_death: '2012-12-29',
      governorate: 'Rif Dimashq',
      notes: 'told us by his cousin Fadi',
    });
    const text = await collectExport(exportVictims(db, analyst, {}));
    const [row] = records(text);
    expect(row).toMatchObject({
      name: 'Ahmad Example',
      status: 'combatant',
      list: 'Test list',
      fully_identified: 'true',
    });
    expect(text).not.toContain('Secret Brigade');
    expect(text).not.toContain('cousin');
    expect(Object.keys(row ?? {})).not.toContain('notes');
  });
});
