import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../db/migrate.ts';
import {
  checkKinds,
  checkResults,
  custodyEvents,
  derivativeKinds,
  fixityStatuses,
  uploadStatuses,
  verificationStatuses,
} from './evidence.ts';

const sql = readFileSync(join(migrationsDir, '0005_evidence.sql'), 'utf8');

/** The values of `column ... CHECK (column IN (...))` in the evidence migration. */
function checkList(table: string, column: string): string[] {
  const body = sql.match(new RegExp(`CREATE TABLE ${table} \\(([\\s\\S]*?)\\n\\);`))?.[1] ?? '';
  const list = body.match(new RegExp(`${column} IN \\(([^)]*)\\)`))?.[1];
  if (!list) throw new Error(`no CHECK list for ${table}.${column}`);
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('evidence value lists agree between zod and SQL', () => {
  it.each([
    ['evidence_item', 'verification_status', verificationStatuses],
    ['evidence_status_change', 'to_status', verificationStatuses],
    ['evidence_check', 'kind', checkKinds],
    ['evidence_check', 'result', checkResults],
    ['evidence_custody', 'event', custodyEvents],
    ['evidence_derivative', 'kind', derivativeKinds],
    ['evidence_upload', 'status', uploadStatuses],
    ['evidence_blob', 'fixity_status', fixityStatuses],
  ])('%s.%s', (table, column, values) => {
    expect(checkList(table, column)).toEqual([...values]);
  });
});
