import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { buildSource, parseReport, reportBody } from '../../test/factories.ts';
import { behindTheAppsBack } from '../../test/tamper.ts';
import { apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { addClaimsToReport, patchClaim, reviewClaim } from '../intake/claims.service.ts';
import { getReport, submitReport } from '../intake/intake.service.ts';
import { verifyAudit } from './audit.service.ts';

let db: Db;
let reportId: string;
let claimIds: string[];
let claimless: string;

beforeEach(async () => {
  db = await freshDb();
  const source = await buildSource(db);
  const { value } = await submitReport(db, apiActor, parseReport(reportBody(source.id)));
  reportId = value.id;
  const added = await addClaimsToReport(db, apiActor, reportId, [
    parseReport(reportBody(source.id)).claims[0] as never,
  ]);
  claimIds = [...value.claims, ...added].map((c) => c.id);
  await reviewClaim(db, apiActor, claimIds[0] as string, 'accepted', undefined);
  await patchClaim(db, apiActor, claimIds[1] as string, {
    count: { qualifier: 'exact', min: 14, best: 14, max: 14 },
    reason: 'recount',
  });
  claimless = (await submitReport(db, apiActor, parseReport(reportBody(source.id, { claims: [] })))).value.id;
});
afterEach(async () => db.close());

describe('verify re-hashes reports and claims', () => {
  it('finds an untouched database intact, every report and claim checked', async () => {
    const report = await verifyAudit(db);
    expect(report.problems).toEqual([]);
    expect(report.intact).toBe(true);
    expect(report.reports).toEqual({ checked: 2, rehashed: 2, not_rehashable: 0 });
    expect(report.claims).toMatchObject({ checked: 2, recorded_hash: 2, no_hash: 0 });
  });

  it("names a report whose text the database owner rewrote with the report's trigger off", async () => {
    await behindTheAppsBack(
      db,
      'report',
      "UPDATE report SET original_text = 'Nobody was killed.' WHERE id = $1",
      [reportId],
    );
    // The chain is untouched, and the edited text is what the API now serves.
    expect((await getReport(db, reportId)).text).toBe('Nobody was killed.');
    const report = await verifyAudit(db);
    expect(report.chain.first_broken).toBeNull();
    expect(report.intact).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ entity: 'report', id: reportId, field: 'row_hash' }),
    ]);
  });

  it('names a report whose content hash was rewritten to match', async () => {
    await behindTheAppsBack(db, 'report', "UPDATE report SET content_hash = repeat('a', 64) WHERE id = $1", [
      reportId,
    ]);
    const report = await verifyAudit(db);
    expect(report.problems.map((p) => [p.id, p.field])).toEqual([
      [reportId, 'content_hash'],
      [reportId, 'row_hash'],
    ]);
  });

  it('re-derives the content hash of a report stored before row hashes, when it came without claims', async () => {
    await behindTheAppsBack(
      db,
      'audit_log',
      "UPDATE audit_log SET after = after - 'row_hash' WHERE entity_id = $1",
      [claimless],
    );
    const untouched = await verifyAudit(db);
    expect(untouched.problems).toEqual([]);
    expect(untouched.reports.rehashed).toBe(2);
    await behindTheAppsBack(db, 'report', "UPDATE report SET original_text = 'edited' WHERE id = $1", [
      claimless,
    ]);
    const report = await verifyAudit(db);
    expect(report.problems).toEqual([expect.objectContaining({ id: claimless, field: 'content_hash' })]);
  });

  it('names an edited claim and the field that changed', async () => {
    await db.query('UPDATE claim SET count_max = 20 WHERE id = $1', [claimIds[1]]);
    const report = await verifyAudit(db);
    expect(report.chain.first_broken).toBeNull();
    expect(report.problems).toEqual([
      expect.objectContaining({ entity: 'claim', id: claimIds[1], field: 'count_max' }),
    ]);
  });

  it('names a claim whose status was changed without review', async () => {
    await db.query("UPDATE claim SET status = 'accepted' WHERE id = $1", [claimIds[1]]);
    const report = await verifyAudit(db);
    expect(report.problems).toEqual([expect.objectContaining({ id: claimIds[1], field: 'status' })]);
  });

  it('checks claims from entries written before hashes were recorded, and counts those it cannot', async () => {
    // As older Tally wrote them: the whole row at creation, only the status at review.
    await behindTheAppsBack(
      db,
      'audit_log',
      "UPDATE audit_log SET after = after - 'content_hash' WHERE entity = 'claim'",
    );
    expect((await verifyAudit(db)).claims).toMatchObject({ recorded_hash: 0, derived_hash: 2, no_hash: 0 });
    await db.query("UPDATE claim SET perpetrator = 'someone else' WHERE id = $1", [claimIds[0]]);
    const edited = await verifyAudit(db);
    expect(edited.problems).toEqual([expect.objectContaining({ id: claimIds[0], field: 'perpetrator' })]);
    await behindTheAppsBack(
      db,
      'audit_log',
      "UPDATE audit_log SET after = '{}' WHERE entity = 'claim' AND action = 'claim.update'",
    );
    expect((await verifyAudit(db)).claims).toMatchObject({ derived_hash: 1, no_hash: 1 });
  });

  it('names reports and claims deleted beneath the triggers', async () => {
    await behindTheAppsBack(db, 'claim', 'DELETE FROM claim WHERE id = $1', [claimIds[1]]);
    await behindTheAppsBack(db, 'report', 'DELETE FROM report WHERE id = $1', [claimless]);
    const report = await verifyAudit(db);
    expect(report.problems.map((p) => [p.entity, p.id, p.field]).sort()).toEqual([
      ['claim', claimIds[1], 'row'],
      ['report', claimless, 'row'],
    ]);
  });
});
