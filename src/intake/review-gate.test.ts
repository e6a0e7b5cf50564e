import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole, buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { countRows, parseReport, post, reportBody } from '../../test/factories.ts';
import { listAuditFor } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { consolidateIncidents } from '../incidents/consolidate.service.ts';
import { addClaimsToReport } from './claims.service.ts';

let db: Db;
let app: FastifyInstance;
let alice: Awaited<ReturnType<typeof accountWithRole>>;
let bob: Awaited<ReturnType<typeof accountWithRole>>;
let analyst: Awaited<ReturnType<typeof accountWithRole>>;

beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db });
  [alice, bob, analyst] = await Promise.all([
    accountWithRole(db, 'reporter'),
    accountWithRole(db, 'reporter'),
    accountWithRole(db, 'analyst'),
  ]);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const as = (who: { token: string }, method: 'POST' | 'GET', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${who.token}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** Two sources in separate independence groups: agreeing accepted claims would grade "fair". */
async function twoSources(): Promise<[string, string]> {
  const one = await post(app, '/api/v1/sources', { kind: 'activist', pseudonym: `A ${randomUUID()}` });
  const two = await post(app, '/api/v1/sources', { kind: 'medic', pseudonym: `B ${randomUUID()}` });
  return [one.body.id, two.body.id];
}

const acceptedReport = (sourceId: string) => {
  const body = reportBody(sourceId);
  body.claims = body.claims.map((claim) => ({ ...claim, status: 'accepted' }));
  return body;
};

const consolidatedClaims = async (ids: string[]) => {
  await consolidateIncidents(db);
  return countRows(db, 'incident_claim', 'claim_id = ANY($1::uuid[])', [ids]);
};

describe('a reporter proposes, an analyst decides', () => {
  it("stores a reporter's accepted claims as proposed, out of consolidation until an analyst accepts them", async () => {
    const [one, two] = await twoSources();
    const first = await as(alice, 'POST', '/api/v1/reports', acceptedReport(one));
    const second = await as(bob, 'POST', '/api/v1/reports', acceptedReport(two));
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const ids = [...first.json().claims, ...second.json().claims].map((c: { id: string }) => c.id);
    expect([...first.json().claims, ...second.json().claims].map((c) => c.status)).toEqual([
      'proposed',
      'proposed',
    ]);
    expect(await countRows(db, 'claim', "id = ANY($1::uuid[]) AND status = 'proposed'", [ids])).toBe(2);
    for (const id of ids) {
      expect((await listAuditFor(db, 'claim', id)).map((a) => a.action)).toEqual(['claim.create']);
    }
    expect(await consolidatedClaims(ids)).toBe(0);

    // Only an analyst's accept lets them in, and it is audited under the analyst's name.
    for (const id of ids) {
      const accepted = await as(analyst, 'POST', `/api/v1/claims/${id}/accept`, {
        reason: 'two sources agree',
      });
      expect(accepted.statusCode).toBe(200);
      expect((await listAuditFor(db, 'claim', id)).at(-1)).toMatchObject({
        actor: `user:${analyst.username}`,
        action: 'claim.accept',
        before: { status: 'proposed' },
        after: { status: 'accepted' },
        reason: 'two sources agree',
      });
    }
    expect(await consolidatedClaims(ids)).toBe(2);
  });

  it("keeps a reporter's idempotent retry of a report with accepted claims a 200", async () => {
    const [one] = await twoSources();
    const body = acceptedReport(one);
    const first = await as(alice, 'POST', '/api/v1/reports', body);
    const retry = await as(alice, 'POST', '/api/v1/reports', body);
    expect([first.statusCode, retry.statusCode]).toEqual([201, 200]);
    expect(retry.json()).toEqual(first.json());
  });

  it('refuses the claims route to a reporter, and the service stores proposed for one all the same', async () => {
    const [one] = await twoSources();
    const report = await as(alice, 'POST', '/api/v1/reports', reportBody(one, { claims: [] }));
    const claim = { ...reportBody(one).claims[0], status: 'accepted' };
    const refused = await as(alice, 'POST', `/api/v1/reports/${report.json().id}/claims`, {
      claims: [claim],
    });
    expect(refused.statusCode).toBe(403);
    expect(await countRows(db, 'claim', 'report_id = $1', [report.json().id])).toBe(0);

    // A caller other than the route (a future one, a script) cannot bypass the gate either.
    const reporterActor = { id: `user:${alice.username}`, role: 'reporter' as const, userId: alice.userId };
    const [stored] = await addClaimsToReport(db, reporterActor, report.json().id, [
      parseReport({ ...reportBody(one), claims: [claim] }).claims[0]!,
    ]);
    expect(stored?.status).toBe('proposed');
    expect(await consolidatedClaims([stored!.id])).toBe(0);
  });

  it("keeps an analyst's claims submitted as accepted, and audits the decision beside the creation", async () => {
    const [one] = await twoSources();
    const report = await as(analyst, 'POST', '/api/v1/reports', acceptedReport(one));
    expect(report.statusCode).toBe(201);
    const [inReport] = report.json().claims;
    expect(inReport.status).toBe('accepted');
    const added = await as(analyst, 'POST', `/api/v1/reports/${report.json().id}/claims`, {
      claims: [{ ...reportBody(one).claims[0], status: 'accepted' }],
    });
    expect(added.statusCode).toBe(201);
    const [byHand] = added.json().claims;
    expect(byHand.status).toBe('accepted');
    for (const id of [inReport.id, byHand.id]) {
      const audit = await listAuditFor(db, 'claim', id);
      expect(audit.map((a) => [a.actor, a.action])).toEqual([
        [`user:${analyst.username}`, 'claim.create'],
        [`user:${analyst.username}`, 'claim.accept'],
      ]);
      expect(audit[1]).toMatchObject({ before: null, after: { status: 'accepted' } });
      expect(audit[1]?.reason).toMatch(/on submission/);
    }
  });
});

describe("no oracle in another account's report ids", () => {
  it("answers a reporter resubmitting another's id the same 409, whatever the content, and shows nothing of it", async () => {
    const [one] = await twoSources();
    const body = reportBody(one);
    const stored = await as(alice, 'POST', '/api/v1/reports', body);
    expect(stored.statusCode).toBe(201);
    const analystClaim = await as(analyst, 'POST', `/api/v1/reports/${body.id}/claims`, {
      claims: [reportBody(one).claims[0]],
    });
    expect(analystClaim.statusCode).toBe(201);

    const sameContent = await as(bob, 'POST', '/api/v1/reports', body);
    const otherContent = await as(bob, 'POST', '/api/v1/reports', { ...body, text: `${body.text} Edited.` });
    for (const answer of [sameContent, otherContent]) {
      expect(answer.statusCode).toBe(409);
      expect(answer.json()).toEqual({
        error: 'id_conflict',
        message: `The id ${body.id} cannot be used; choose another UUID and submit again`,
        fields: [{ field: 'id', message: 'choose another UUID' }],
      });
      expect(answer.body).not.toContain(stored.json().content_hash);
      expect(answer.body).not.toContain(analystClaim.json().claims[0].id);
    }
    expect(otherContent.body).toBe(sameContent.body);
    // What the same reporter reads of that id: nothing, as for an id no one used.
    const read = await as(bob, 'GET', `/api/v1/reports/${body.id}`);
    const unused = await as(bob, 'GET', `/api/v1/reports/${randomUUID()}`);
    expect([read.statusCode, unused.statusCode]).toEqual([404, 404]);
    expect(await countRows(db, 'report', 'id = $1', [body.id])).toBe(1);
  });

  it("still answers the owner's retry with the stored report, and their own conflict with their hashes", async () => {
    const [one] = await twoSources();
    const body = reportBody(one);
    const first = await as(alice, 'POST', '/api/v1/reports', body);
    const retry = await as(alice, 'POST', '/api/v1/reports', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    const conflict = await as(alice, 'POST', '/api/v1/reports', { ...body, text: `${body.text} Edited.` });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({
      error: 'conflict',
      stored_content_hash: first.json().content_hash,
    });
  });

  it("keeps an analyst's resubmission of a reporter's id as before: 200 with the stored report", async () => {
    const [one] = await twoSources();
    const body = reportBody(one);
    const first = await as(alice, 'POST', '/api/v1/reports', body);
    const again = await as(analyst, 'POST', '/api/v1/reports', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().content_hash).toBe(first.json().content_hash);
  });
});

describe("no oracle in references to another account's reports and claims", () => {
  it("answers a reporter revising or referring to another's report word for word as an id no one used", async () => {
    const [one] = await twoSources();
    const original = await as(alice, 'POST', '/api/v1/reports', reportBody(one));
    const { id: reportId, claims } = original.json();
    const missing = randomUUID();
    const answer = async (field: 'revises' | 'supersedes', target: string) => {
      const body =
        field === 'revises'
          ? reportBody(one, { revises: target })
          : reportBody(one, { claims: [{ ...reportBody(one).claims[0], supersedes: target }] });
      const response = await as(bob, 'POST', '/api/v1/reports', body);
      return { status: response.statusCode, body: response.body.replaceAll(target, '<id>') };
    };
    for (const [field, target] of [
      ['revises', reportId],
      ['supersedes', claims[0].id],
    ] as const) {
      const theirs = await answer(field, target);
      expect(theirs.status).toBe(422);
      expect(theirs).toEqual(await answer(field, missing));
    }
    // The owner still may.
    const revision = await as(alice, 'POST', '/api/v1/reports', reportBody(one, { revises: reportId }));
    expect(revision.statusCode).toBe(201);
  });
});
