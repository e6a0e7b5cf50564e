import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { verifyAuditChain } from '../audit/audit.verify.ts';
import { apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { openEvidence } from '../evidence/evidence.runtime.ts';
import { verifyFixity } from '../evidence/fixity.service.ts';
import { exportIncidents, exportTolls, exportVictims } from '../opendata/export.service.ts';
import { exportFull } from '../opendata/full.service.ts';
import { analystActorForTests as analyst, collectExport } from '../opendata/test-helpers.ts';
import { createSource } from '../sources/sources.service.ts';
import { backedUpTables, sequenceStates, tableDigest } from './backup.repo.ts';
import { backupTo } from './backup.service.ts';
import { KEYS_NOT_INCLUDED } from './backup.ts';
import { restoreFrom } from './restore.service.ts';
import {
  demoMonitor,
  ISSUE_PHASH,
  type Monitor,
  period,
  scratchDir,
  settings,
  today,
} from './test-fixture.ts';

let monitor: Monitor;
let copy: Db;
const copyDir = scratchDir('dst');
const file = join(scratchDir('file'), 'tally.backup.gz');
let backupSeconds = 0;
let restoreSeconds = 0;

beforeAll(async () => {
  monitor = await demoMonitor();
  copy = await freshDb();
  let started = Date.now();
  await backupTo(monitor.db, monitor.dataDir, file);
  backupSeconds = (Date.now() - started) / 1000;
  started = Date.now();
  await restoreFrom(copy, copyDir, file);
  restoreSeconds = (Date.now() - started) / 1000;
});
afterAll(async () => {
  await monitor.db.close();
  await copy.close();
});

/** Every export a monitor publishes or hands on, as text. */
async function exportsOf(db: Db) {
  const options = { settings, today };
  let full = '';
  for await (const chunk of exportFull(db, 'test')) full += chunk;
  return {
    // Everything but the header line, which carries the export time.
    full: full.slice(full.indexOf('\n') + 1),
    acled: await collectExport(exportIncidents(db, analyst, { format: 'acled', ...period }, options)),
    ucdp: await collectExport(exportIncidents(db, analyst, { format: 'ucdp', ...period }, options)),
    publicAcled: await collectExport(exportIncidents(db, undefined, { format: 'acled', ...period }, options)),
    // Without the time the figures were computed at.
    tolls: JSON.parse(
      await collectExport(
        exportTolls(db, analyst, { format: 'json', ...period, by: 'admin1,group,outcome' }, options),
      ),
      (key, value) => (key === 'as_of' ? undefined : value),
    ),
    victims: await collectExport(exportVictims(db, analyst, {}, options)),
  };
}

describe('backup, then restore into an empty database', () => {
  it('gives identical full, ACLED, UCDP, toll and victim exports', async () => {
    const original = await exportsOf(monitor.db);
    expect(original.acled.split('\n').length).toBeGreaterThan(20);
    expect(original.victims.split('\n').length).toBeGreaterThan(20);
    expect(await exportsOf(copy)).toEqual(original);
    console.info(
      `backup ${backupSeconds}s, restore ${restoreSeconds}s, ${readFileSync(file).length} bytes (${process.env.TALLY_TEST_ENGINE})`,
    );
  });

  it('reproduces every table, generated column and sequence exactly', async () => {
    for (const table of await backedUpTables(monitor.db))
      expect(await tableDigest(copy, table), table).toEqual(await tableDigest(monitor.db, table));
    expect(await sequenceStates(copy)).toEqual(await sequenceStates(monitor.db));
    const generated = `SELECT count(*)::int AS n FROM victim_record WHERE fully_identified`;
    expect(await copy.query(generated)).toEqual(await monitor.db.query(generated));
  });

  it('carries 64-bit perceptual hashes as strings and restores them bit for bit', async () => {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).toContain(`"hash": "${ISSUE_PHASH}"`);
    const sql = 'SELECT item_id, seq, hash::text AS hash FROM evidence_phash ORDER BY item_id, seq';
    const restored = await copy.query<{ hash: string }>(sql);
    expect(restored.map((r) => r.hash)).toContain(ISSUE_PHASH);
    expect(restored).toEqual(await monitor.db.query(sql));
  });

  it('keeps the audit chain, its hashes and order, and verifies evidence fixity on the copy', async () => {
    const chain = await verifyAuditChain(copy);
    expect(chain.first_broken).toBeNull();
    expect(chain.head).toEqual((await verifyAuditChain(monitor.db)).head);
    expect(chain.entries).toBeGreaterThan(100);
    const fixity = await verifyFixity(openEvidence(copy, copyDir), apiActor);
    expect(fixity.problems).toEqual([]);
    expect(fixity.checked).toBeGreaterThan(0);
    expect(fixity.intact).toBe(fixity.checked);
  });

  it('lets new writes continue the restored sequences and the audit chain', async () => {
    await createSource(copy, apiActor, { kind: 'medic', pseudonym: 'after restore' } as never);
    expect((await verifyAuditChain(copy)).first_broken).toBeNull();
    await expect(restoreFrom(copy, scratchDir('again'), file)).rejects.toThrow(/empty database/);
  });

  it('records that the keyring is not included, and where it is', async () => {
    const { manifest, summary } = await backupTo(monitor.db, monitor.dataDir, `${file}.2`);
    expect(manifest.keys).toBe(KEYS_NOT_INCLUDED);
    expect(summary.keyring_path).toBe(join(monitor.dataDir, 'keys', 'keyring.json'));
    expect(readdirSync(join(monitor.dataDir, 'keys'))).toEqual(['keyring.json']);
  });
});
