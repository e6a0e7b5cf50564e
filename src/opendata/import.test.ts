import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { countRows } from '../../test/factories.ts';
import { apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { consolidateIncidents } from '../incidents/consolidate.service.ts';
import { ingestScenario } from '../tolls/test-scenario.ts';
import { defaultTollSettings } from '../tolls/toll-settings.ts';
import { csvLine } from './csv.ts';
import { importDataset } from './dataset.import.ts';
import { exportIncidents } from './export.service.ts';
import { zIncidentExportQuery } from './opendata.ts';
import { analystActorForTests, collectExport } from './test-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tally-opendata-'));
const file = (name: string, rows: unknown[][]) => {
  const path = join(dir, name);
  writeFileSync(path, rows.map(csvLine).join(''));
  return path;
};
// Synthetic rows in ACLED's and UCDP's shapes (no real dataset rows: their terms restrict redistribution).
const acledHeader = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'event_type',
  'sub_event_type',
  'actor1',
  'actor2',
  'admin1',
  'admin2',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'notes',
  'fatalities',
];
const acledRow = (id: string, fatalities: string, extra: Partial<Record<string, string>> = {}) =>
  acledHeader.map(
    (c) =>
      ({
        event_id_cnty: id,
        event_date: '2013-08-21',
        year: '2013',
        time_precision: '1',
        event_type: 'Explosions/Remote violence',
        sub_event_type: 'Air/drone strike',
        actor1: 'Military Forces',
        actor2: 'Civilians',
        admin1: 'Rif Dimashq',
        admin2: 'Duma',
        location: 'Douma',
        latitude: '33.5711',
        longitude: '36.4018',
        geo_precision: '1',
        source: 'Local monitor',
        notes: 'On 21 August, an air strike hit Douma. [size=at least 12]',
        fatalities,
        ...extra,
      })[c],
  );

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db.close());

describe('ACLED-style import', () => {
  it('refuses a file with a bad row, naming the line, and stores nothing', async () => {
    const path = file('bad.csv', [acledHeader, acledRow('SYR1', '12'), acledRow('SYR2', 'many')]);
    await expect(importDataset(db, apiActor, 'acled', path)).rejects.toThrow(/1 of 2 rows are not valid/);
    expect(await countRows(db, 'incident')).toBe(0);
  });

  it('stores each row as a report of the dataset, an accepted claim and an incident; twice is once', async () => {
    const path = file('good.csv', [
      acledHeader,
      acledRow('SYR1', '12'),
      acledRow('SYR2', '3', { location: 'Aazaz', admin1: 'Aleppo', admin2: '', latitude: '', longitude: '' }),
      acledRow('SYR3', 'many'),
    ]);
    const summary = await importDataset(db, apiActor, 'acled', path, { skipBad: true });
    expect(summary).toMatchObject({ read: 3, imported: 2, duplicates: 0, rejected: 1 });
    expect(summary.problems[0]?.field).toBe('fatalities');
    const again = await importDataset(db, apiActor, 'acled', path, { skipBad: true });
    expect(again).toMatchObject({ imported: 0, duplicates: 2 });
    expect(await countRows(db, 'incident')).toBe(2);
    const [claim] = await db.query<Record<string, unknown>>(
      `SELECT c.count_qualifier, c.count_min, c.count_best, c.place_id, c.status, s.pseudonym, s.kind
       FROM claim c JOIN report r ON r.id = c.report_id JOIN source s ON s.id = r.source_id
       WHERE r.payload->>'event_id_cnty' = 'SYR1'`,
    );
    expect(claim).toMatchObject({
      count_qualifier: 'at_least',
      count_min: 12,
      count_best: 12,
      status: 'accepted',
      pseudonym: 'ACLED',
      kind: 'monitor',
    });
    expect(claim?.place_id).toBe('gn-170592');
    const [incident] = await db.query<Record<string, unknown>>(
      `SELECT i.event_type, i.sub_event_type, i.cause, i.admin1_id, c.low, c.best, c.high
       FROM incident i JOIN incident_count c ON c.incident_id = i.id WHERE i.place_id = 'gn-170592'`,
    );
    expect(incident).toMatchObject({
      event_type: 'explosions_remote_violence',
      sub_event_type: 'air_drone_strike',
      cause: 'air_drone_strike',
      admin1_id: 'sy-rif-dimashq',
      low: 12,
      best: 12,
      high: 12,
    });
  });
});

describe('UCDP-style import', () => {
  it('keeps low, best and high and maps GED codes to Tally precision', async () => {
    const header = [
      'id',
      'type_of_violence',
      'side_a',
      'side_b',
      'where_coordinates',
      'adm_1',
      'where_prec',
      'date_start',
      'date_end',
      'date_prec',
      'best',
      'low',
      'high',
    ];
    const path = file('ged.csv', [
      header,
      [
        '9001',
        '3',
        'Government of Syria',
        'Civilians',
        'Aazaz',
        'Aleppo',
        '1',
        '2013-01-05',
        '2013-01-07',
        '2',
        '7',
        '5',
        '10',
      ],
    ]);
    const summary = await importDataset(db, apiActor, 'ucdp', path);
    expect(summary).toMatchObject({ imported: 1, dataset: 'UCDP GED' });
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT i.event_type, i.date_start, i.date_end, i.date_precision, i.actors, c.low, c.best, c.high
       FROM incident i JOIN incident_count c ON c.incident_id = i.id WHERE i.date_start = '2013-01-05'`,
    );
    expect(row).toMatchObject({
      event_type: 'violence_against_civilians',
      date_end: '2013-01-07',
      date_precision: 'day',
      low: 5,
      best: 7,
      high: 10,
    });
    expect(row?.actors).toEqual([
      { name: 'Government of Syria', role: 'side_a' },
      { name: 'Civilians', role: 'side_b' },
    ]);
  });
});

describe("Tally's own ACLED-style export, imported again", () => {
  it('gives back the same dates, types and low/best/high figures', async () => {
    const source = await freshDb();
    const target = await freshDb();
    try {
      await ingestScenario(source);
      await consolidateIncidents(source, { settings: defaultTollSettings });
      const text = await collectExport(
        exportIncidents(source, analystActorForTests, zIncidentExportQuery.parse({ format: 'acled' })),
      );
      writeFileSync(join(dir, 'own.csv'), text);
      const summary = await importDataset(target, apiActor, 'acled', join(dir, 'own.csv'), {
        dataset: 'Tally',
      });
      const shape = `SELECT i.date_start, i.date_end, i.event_type, i.place_id, i.grade, max(c.low) AS low, max(c.best) AS best, max(c.high) AS high
        FROM incident i LEFT JOIN incident_count c ON c.incident_id = i.id AND c.outcome = 'killed'
        GROUP BY i.id ORDER BY 1, 2, 4, 6, 7, 8`;
      expect(summary.imported).toBe(await countRows(source, 'incident'));
      const before = (await source.query(shape)).map((r) => ({
        ...r,
        low: r.low ?? 0,
        best: r.best ?? 0,
        high: r.high ?? 0,
      }));
      expect(await target.query(shape)).toEqual(before);
    } finally {
      await source.close();
      await target.close();
    }
  });
});
