import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { countRows, post, reportBody } from '../../test/factories.ts';
import type { Db } from '../db/client.ts';
import { listAuditFor } from './audit.ts';

let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('the audit log', () => {
  it('records every write with who, what and the state after', async () => {
    const source = await post(app, '/api/v1/sources', { kind: 'hospital', pseudonym: 'Field hospital 3' });
    const report = await post(app, '/api/v1/reports', reportBody(source.body.id));
    const added = await post(app, `/api/v1/reports/${report.body.id}/claims`, {
      claims: [{ outcome: 'injured', count: { text: 'dozens', qualifier: 'vague', min: 12 } }],
    });
    expect(added.status).toBe(201);

    const sourceAudit = await listAuditFor(db, 'source', source.body.id);
    expect(sourceAudit).toHaveLength(1);
    expect(sourceAudit[0]).toMatchObject({
      actor: expect.stringMatching(/^user:admin-/),
      action: 'source.create',
    });
    expect(sourceAudit[0]?.after).toMatchObject({ pseudonym: 'Field hospital 3' });

    const reportAudit = await listAuditFor(db, 'report', report.body.id);
    expect(reportAudit[0]?.after).toMatchObject({ content_hash: report.body.content_hash, claims: 1 });

    const claimIds = [...report.body.claims, ...added.body.claims].map((c: { id: string }) => c.id);
    for (const id of claimIds) {
      expect((await listAuditFor(db, 'claim', id)).map((a) => a.action)).toEqual(['claim.create']);
    }
  });

  it('records nothing for a retry that stored nothing', async () => {
    const source = await post(app, '/api/v1/sources', { kind: 'medic', pseudonym: 'Retry medic' });
    const body = reportBody(source.body.id);
    await post(app, '/api/v1/reports', body);
    const before = await countRows(db, 'audit_log');
    await post(app, '/api/v1/reports', body);
    await post(app, '/api/v1/sources', {
      id: source.body.id,
      kind: 'medic',
      pseudonym: 'Retry medic',
      independence_group: source.body.id,
    });
    expect(await countRows(db, 'audit_log')).toBe(before);
  });

  it('cannot be edited or deleted through SQL', async () => {
    await expect(db.query("UPDATE audit_log SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});
