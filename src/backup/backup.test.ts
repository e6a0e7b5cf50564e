import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole, buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { post, reportBody } from '../../test/factories.ts';
import { verifyAuditChain } from '../audit/audit.verify.ts';
import type { Db } from '../db/client.ts';
import { tableDigest } from './backup.repo.ts';
import { backupTo, restoreFrom } from './backup.service.ts';

let source: Db;
const sourceDir = mkdtempSync(join(tmpdir(), 'tally-backup-src-'));
const file = join(mkdtempSync(join(tmpdir(), 'tally-backup-')), 'tally.backup.gz');
const evidenceBytes = Buffer.from('pretend this is a video of the shelling of Rastan');
const evidenceName = join('originals', 'ab', 'cd', createHash('sha256').update(evidenceBytes).digest('hex'));

beforeAll(async () => {
  source = await freshDb();
  const app = await buildTestApp({ db: source });
  const created = await post(app, '/api/v1/sources', { kind: 'monitor', pseudonym: 'Observatory' });
  for (let i = 0; i < 30; i++) await post(app, '/api/v1/reports', reportBody(created.body.id));
  await post(app, '/api/v1/incidents', {
    date_start: '2012-12-29',
    counts: [{ outcome: 'killed', victim_group: 'children', low: 10, best: 13, high: 15 }],
  });
  await accountWithRole(source, 'reporter');
  await app.close();
  mkdirSync(join(sourceDir, 'evidence', 'objects', 'originals', 'ab', 'cd'), { recursive: true });
  writeFileSync(join(sourceDir, 'evidence', 'objects', evidenceName), evidenceBytes);
});
afterAll(async () => source.close());

describe('backup and restore', () => {
  it('round-trips every table and evidence file, checked by digests, with the audit chain intact', async () => {
    const manifest = await backupTo(source, sourceDir, file);
    expect(manifest.tables.report?.rows).toBe(30);
    expect(manifest.tables.claim?.rows).toBe(30);
    expect(Object.keys(manifest.files)).toEqual([evidenceName]);

    const target = await freshDb();
    const targetDir = mkdtempSync(join(tmpdir(), 'tally-backup-dst-'));
    try {
      await restoreFrom(target, targetDir, file);
      for (const table of [
        'source',
        'report',
        'claim',
        'incident',
        'incident_count',
        'audit_log',
        'app_user',
        'api_token',
      ]) {
        expect(await tableDigest(target, table), table).toEqual(await tableDigest(source, table));
      }
      expect(readFileSync(join(targetDir, 'evidence', 'objects', evidenceName))).toEqual(evidenceBytes);
      const chain = await verifyAuditChain(target);
      expect(chain.first_broken).toBeNull();
      expect(chain.entries).toBe((await verifyAuditChain(source)).entries);
      // New writes continue the restored identity sequences and the chain.
      const app = await buildTestApp({ db: target });
      const again = await post(app, '/api/v1/sources', { kind: 'medic', pseudonym: 'after restore' });
      expect(again.status).toBe(201);
      await app.close();
      expect((await verifyAuditChain(target)).first_broken).toBeNull();
      await expect(restoreFrom(target, targetDir, file)).rejects.toThrow(/empty database/);
    } finally {
      await target.close();
    }
  });

  it('refuses a truncated or tampered backup loudly', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    // Both engine projects run this test at once: each needs its own files.
    const scratch = mkdtempSync(join(tmpdir(), 'tally-backup-test-'));
    const truncated = join(scratch, 'truncated.gz');
    writeFileSync(truncated, gzipSync(`${lines.slice(0, -1).join('\n')}\n`));
    const target = await freshDb();
    try {
      await expect(restoreFrom(target, mkdtempSync(join(tmpdir(), 'tally-t-')), truncated)).rejects.toThrow(
        /truncated/,
      );
    } finally {
      await target.close();
    }

    const tampered = join(scratch, 'tampered.gz');
    const edited = lines.map((line) =>
      line.replace('"best": 13', '"best": 14').replace('"best":13', '"best":14'),
    );
    expect(edited).not.toEqual(lines);
    writeFileSync(tampered, gzipSync(`${edited.join('\n')}\n`));
    const other = await freshDb();
    try {
      await expect(restoreFrom(other, mkdtempSync(join(tmpdir(), 'tally-t-')), tampered)).rejects.toThrow(
        /digests differ/,
      );
    } finally {
      await other.close();
    }
  });
});
