import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { eventTypes, grades } from '../incidents/incident.ts';
import { causes, claimStatuses, countQualifiers, datePrecisions, outcomes } from '../intake/claim.ts';
import { channels } from '../intake/report.ts';
import { placeLevels } from '../places/place.ts';
import { sourceKinds } from '../sources/source.ts';
import type { Db } from './client.ts';
import { migrate, readMigrations } from './migrate.ts';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db.close());

describe('migrate', () => {
  it('does no harm when run again, twice at once', async () => {
    const again = await Promise.all([migrate(db), migrate(db)]);
    expect(again).toEqual([[], []]);
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
  });

  it('refuses a database migrated by a newer Tally', async () => {
    await db.query("INSERT INTO schema_migration (name, checksum) VALUES ('9999_from_the_future', 'x')");
    await expect(migrate(db)).rejects.toThrow(/9999_from_the_future.*Upgrade Tally/);
    await db.query("DELETE FROM schema_migration WHERE name = '9999_from_the_future'");
  });

  it('refuses a migration edited after it was applied', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(db, edited)).rejects.toThrow(/edited after it was applied/);
  });
});

/** Each CHECK list in SQL must equal the zod enum it mirrors, so a shape is defined once in effect. */
describe('database value lists match the zod schemas', () => {
  const cases: Array<[string, string, readonly string[]]> = [
    ['source', 'kind', sourceKinds],
    ['report', 'channel', channels],
    ['claim', 'outcome', outcomes],
    ['claim', 'count_qualifier', countQualifiers],
    ['claim', 'date_precision', datePrecisions],
    ['claim', 'cause', causes],
    ['claim', 'status', claimStatuses],
    ['claim', 'place_precision', placeLevels],
    ['place', 'level', placeLevels],
    ['incident', 'grade', grades],
    ['incident', 'event_type', eventTypes],
    ['incident', 'cause', causes],
    ['incident_count', 'outcome', outcomes],
  ];
  it.each(cases)('%s.%s', async (table, column, expected) => {
    const rows = await db.query<{ definition: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
       WHERE t.relname = $1 AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%(' || $2 || ' %'`,
      [table, column],
    );
    const definition = rows.find((r) => r.definition.includes('ARRAY['))?.definition ?? '';
    const values = [...definition.matchAll(/'([^']+)'::text/g)].map((m) => m[1]);
    expect(values.sort()).toEqual([...expected].sort());
  });
});
