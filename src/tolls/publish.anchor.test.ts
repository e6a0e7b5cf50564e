import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { buildSource } from '../../test/factories.ts';
import { behindTheAppsBack, rewriteChainFrom } from '../../test/tamper.ts';
import { findAuditHead } from '../audit/audit.repo.ts';
import { verifyAudit } from '../audit/audit.service.ts';
import { verifyAuditChain } from '../audit/audit.verify.ts';
import { apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { getPublicPublication } from './public.service.ts';
import { publishTolls } from './publish.service.ts';
import { zTollQuery } from './toll.ts';

let db: Db;
let publicationId: string;

beforeEach(async () => {
  db = await freshDb();
  for (let i = 0; i < 4; i++) await buildSource(db, { pseudonym: `anchored source ${i}` });
  const query = zTollQuery.parse({ from: '2012-12-29', to: '2012-12-29' });
  publicationId = (await publishTolls(db, apiActor, query, undefined)).value.id;
  await buildSource(db, { pseudonym: 'later source' });
});
afterEach(async () => db.close());

describe("a publication anchors the audit chain's head", () => {
  it('records the head as it went out, in its public JSON too, and verify checks it', async () => {
    const published = await getPublicPublication(db, publicationId);
    // Entries #1-4 are the sources; the publication's own entry comes after the head it records.
    const [fourth] = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE chain_seq = 4');
    expect(published.audit_head).toEqual({ chain_seq: 4, hash: fourth?.hash });
    expect((await findAuditHead(db))?.chain_seq).toBe(6);
    const report = await verifyAudit(db);
    expect(report.publications).toEqual({ anchored: 1, unanchored: 0 });
    expect(report.intact).toBe(true);
  });

  it('names the publication whose recorded head the chain was rewritten beneath', async () => {
    await rewriteChainFrom(db, 3, 'forged');
    expect((await verifyAuditChain(db)).first_broken).toBeNull();
    const report = await verifyAudit(db);
    expect(report.intact).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        entity: 'publication',
        id: publicationId,
        field: 'audit_hash',
        problem: expect.stringMatching(/published at audit entry #4 .* now holds .* \(rewritten\)/),
      }),
    ]);
  });

  it('names the publication whose recorded head was cut off the chain', async () => {
    await behindTheAppsBack(db, 'audit_log', 'DELETE FROM audit_log WHERE chain_seq > 2');
    expect((await verifyAuditChain(db)).first_broken).toBeNull();
    const report = await verifyAudit(db);
    expect(report.problems).toEqual([
      expect.objectContaining({
        id: publicationId,
        problem: expect.stringMatching(/#4, which the chain no longer holds/),
      }),
    ]);
  });
});
