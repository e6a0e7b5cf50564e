import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../db/migrate.ts';
import {
  agePrecisions,
  datePrecisions,
  linkRunStatuses,
  placePrecisions,
  reviewStatuses,
  victimSexes,
  victimStatuses,
} from './victim.ts';

const sql = readFileSync(join(migrationsDir, '0009_victims.sql'), 'utf8');

/** The values of `column ... CHECK (column IN (...))` in the victims migration. */
function checkList(table: string, column: string): string[] {
  const body = sql.match(new RegExp(`CREATE TABLE ${table} \\(([\\s\\S]*?)\\n\\);`))?.[1] ?? '';
  const list = body.match(new RegExp(`${column} IN \\(([^)]*)\\)`))?.[1];
  if (!list) throw new Error(`no CHECK list for ${table}.${column}`);
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('victim value lists agree between zod and SQL', () => {
  it.each([
    ['victim_record', 'sex', victimSexes],
    ['victim_record', 'status', victimStatuses],
    ['victim_record', 'age_precision', agePrecisions],
    ['victim_record', 'date_precision', datePrecisions],
    ['victim_record', 'place_precision', placePrecisions],
    ['link_run', 'status', linkRunStatuses],
    ['link_review', 'status', reviewStatuses],
  ])('%s.%s', (table, column, values) => {
    expect(checkList(table, column)).toEqual([...values]);
  });
});
