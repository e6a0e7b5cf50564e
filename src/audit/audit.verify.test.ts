import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { buildSource } from '../../test/factories.ts';
import type { Db } from '../db/client.ts';
import { verifyAuditChain } from './audit.verify.ts';

let db: Db;
beforeEach(async () => {
  db = await freshDb();
  for (let i = 0; i < 5; i++) await buildSource(db, { pseudonym: `chain source ${i}` });
});
afterEach(async () => db.close());

/** Changes rows the way someone with database access could, bypassing Tally's triggers. */
async function behindTheAppsBack(sql: string) {
  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await tx.query(sql);
    await tx.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  });
}

describe('verifyAuditChain', () => {
  it('finds an untouched log intact, with its head', async () => {
    const report = await verifyAuditChain(db);
    expect(report.first_broken).toBeNull();
    expect(report.entries).toBe(5);
    expect(report.head?.chain_seq).toBe(5);
  });

  it('names the first edited entry', async () => {
    await behindTheAppsBack("UPDATE audit_log SET actor = 'someone else' WHERE chain_seq = 3");
    const report = await verifyAuditChain(db);
    expect(report.first_broken).toMatchObject({ chain_seq: 3, problem: expect.stringMatching(/edited/) });
    expect(report.entries).toBe(2);
  });

  it('names a deleted entry by the gap it leaves', async () => {
    await behindTheAppsBack('DELETE FROM audit_log WHERE chain_seq = 2');
    const report = await verifyAuditChain(db);
    expect(report.first_broken).toMatchObject({
      chain_seq: 3,
      problem: expect.stringMatching(/2 to 2 are missing/),
    });
  });

  it('catches an edit that also recomputed the hash, at the next entry', async () => {
    await behindTheAppsBack("UPDATE audit_log SET reason = 'forged' WHERE chain_seq = 4");
    // In an UPDATE, the row on the right-hand side is the old one, which now holds the forged reason.
    await behindTheAppsBack('UPDATE audit_log a SET hash = audit_entry_hash(a) WHERE chain_seq = 4');
    const report = await verifyAuditChain(db);
    expect(report.first_broken?.chain_seq).toBe(5);
    expect(report.first_broken?.problem).toMatch(/does not link/);
  });

  it('notices an entry inserted with the chain trigger switched off', async () => {
    await behindTheAppsBack(
      "INSERT INTO audit_log (actor, action, entity, entity_id) VALUES ('intruder', 'source.create', 'source', 'x')",
    );
    const report = await verifyAuditChain(db);
    expect(report.first_broken).toMatchObject({
      chain_seq: null,
      problem: expect.stringMatching(/outside the chain/),
    });
  });
});
