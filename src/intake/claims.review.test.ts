import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { post, reportBody } from '../../test/factories.ts';
import { listAuditFor } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';

let db: Db;
let app: FastifyInstance;
let sourceId: string;

beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db });
  sourceId = (await post(app, '/api/v1/sources', { kind: 'news_outlet', pseudonym: 'Wire desk' })).body.id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const newClaimId = async () =>
  (await post(app, '/api/v1/reports', reportBody(sourceId))).body.claims[0].id as string;
const send = (method: 'POST' | 'PATCH', url: string, payload: unknown) =>
  app.inject({ method, url, payload: payload as object });

describe('reviewing claims', () => {
  it('accepts a proposed claim and audits the change of status', async () => {
    const id = await newClaimId();
    const response = await send('POST', `/api/v1/claims/${id}/accept`, { reason: 'matches hospital list' });
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('accepted');
    const audit = await listAuditFor(db, 'claim', id);
    expect(audit.at(-1)).toMatchObject({
      action: 'claim.accept',
      before: { status: 'proposed' },
      after: { status: 'accepted' },
      reason: 'matches hospital list',
    });
  });

  it('refuses to reject without a reason', async () => {
    const id = await newClaimId();
    const response = await send('POST', `/api/v1/claims/${id}/reject`, {});
    expect(response.statusCode).toBe(400);
    expect(response.json().fields[0].field).toBe('reason');
  });

  it('corrects the named fields only, keeps the rest, and records before and after with the reason', async () => {
    const id = await newClaimId();
    const response = await send('PATCH', `/api/v1/claims/${id}`, {
      count: { text: 'at least 15', qualifier: 'at_least', min: 15 },
      reason: 'the Observatory raised the toll',
    });
    expect(response.statusCode).toBe(200);
    const claim = response.json();
    expect(claim.count).toEqual({
      text: 'at least 15',
      qualifier: 'at_least',
      min: 15,
      best: null,
      max: null,
    });
    expect(claim.victims.group).toBe('children');
    expect(claim.date.start).toBe('2012-12-29');
    expect(claim.status).toBe('proposed');
    const update = (await listAuditFor(db, 'claim', id)).at(-1);
    expect(update).toMatchObject({ action: 'claim.update', reason: 'the Observatory raised the toll' });
    expect(update?.before).toMatchObject({ count: { best: 13 } });
    expect(update?.after).toMatchObject({ count: { min: 15 } });
  });

  it('refuses a correction that breaks the claim, naming the field, and changes nothing', async () => {
    const id = await newClaimId();
    const response = await send('PATCH', `/api/v1/claims/${id}`, {
      count: { min: 20, max: 10 },
      reason: 'typo',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields[0].field).toBe('count.min');
    const stored = (await app.inject({ url: `/api/v1/claims?status=proposed&limit=500` })).json();
    expect(stored.items.find((c: { id: string }) => c.id === id).count.best).toBe(13);
  });

  it('lists the review queue by status with cursor paging', async () => {
    const ids = [await newClaimId(), await newClaimId(), await newClaimId()];
    await send('POST', `/api/v1/claims/${ids[1]}/accept`, {});
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string; status: string }>; next_cursor: string | null } = (
        await app.inject({
          url: `/api/v1/claims?status=proposed&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        })
      ).json();
      expect(page.items.every((c) => c.status === 'proposed')).toBe(true);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toContain(ids[0]);
    expect(seen).toContain(ids[2]);
    expect(seen).not.toContain(ids[1]);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
