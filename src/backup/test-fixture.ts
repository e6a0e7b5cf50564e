import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDb } from '../../test/db.ts';
import { keyringPathFor } from '../auth/keys.cli.ts';
import { apiActor } from '../core/actor.ts';
import { loadKeyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import { loadDemo } from '../demo/demo.service.ts';
import { sealSourceIdentity } from '../sources/sources.identity.ts';
import { defaultTollSettings } from '../tolls/toll-settings.ts';

/** The perceptual hash the issue saw rounded to −4566329019469214700 through a JS number. */
export const ISSUE_PHASH = '-4566329019469214657';
export const today = '2026-06-30';
export const settings = defaultTollSettings;
export const period = { from: '2025-06-30', to: '2026-06-29' };
export const scratchDir = (label: string) => mkdtempSync(join(tmpdir(), `tally-backup-${label}-`));

export interface Monitor {
  db: Db;
  dataDir: string;
  sealedSourceId: string;
}

/**
 * A small but real monitor from `tally demo` (sources, reports, claims, incidents, victims,
 * persons, evidence with perceptual hashes and the audit chain), plus the issue's 64-bit
 * phash and a sealed source identity under a keyring in the data directory.
 */
export async function demoMonitor(): Promise<Monitor> {
  const db = await freshDb();
  const dataDir = scratchDir('src');
  await loadDemo(db, apiActor, { seed: 7, days: 365, reports: 100 }, { today, settings, dataDir });
  const [item] = await db.query<{ id: string }>('SELECT id FROM evidence_item ORDER BY id LIMIT 1');
  await db.query(
    'INSERT INTO evidence_phash (item_id, seq, at_seconds, hash) VALUES ($1, 99, 1.5, $2::bigint)',
    [item?.id, ISSUE_PHASH],
  );
  const [source] = await db.query<{ id: string }>('SELECT id FROM source ORDER BY id LIMIT 1');
  const sealedSourceId = source?.id as string;
  const keyring = loadKeyring(keyringPathFor(dataDir), {});
  await sealSourceIdentity(db, keyring, apiActor, sealedSourceId, { real_name: 'Hidden Realname' });
  return { db, dataDir, sealedSourceId };
}

/** Tables holding rows, but the gazetteer a migrated database may be given on start. */
export async function rowsOutsideGazetteer(db: Db): Promise<string[]> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('schema_migration', 'place')`,
  );
  const occupied: string[] = [];
  for (const { name } of tables)
    if ((await db.query(`SELECT 1 FROM "${name}" LIMIT 1`)).length > 0) occupied.push(name);
  return occupied;
}
