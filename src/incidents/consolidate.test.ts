import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { submitReport } from '../intake/intake.service.ts';
import { zNewReport } from '../intake/report.ts';
import { ids, ingestScenario } from '../tolls/test-scenario.ts';
import { defaultTollSettings } from '../tolls/toll-settings.ts';
import { consolidateIncidents, mergeIncidents, overrideGrade, splitIncident } from './consolidate.service.ts';
import type { Incident } from './incident.ts';
import { attachClaims, detachClaim, pageIncidents } from './incidents.service.ts';

let db: Db;
let wireClaims: string[];

beforeAll(async () => {
  db = await freshDb();
  ({ wireClaims } = await ingestScenario(db));
});
afterAll(async () => db.close());

async function incidents(): Promise<Incident[]> {
  return (await pageIncidents(db, { from: '2012-12-01', to: '2013-01-31', limit: 500 })).items;
}
const count = (i: Incident | undefined, group: string) => {
  const c = i?.counts.find((x) => x.outcome === 'killed' && x.victim_group === group);
  return c && [c.low, c.best, c.high];
};
const inArea = (all: Incident[], admin1: string) => all.filter((i) => i.admin1_id === admin1);

describe('consolidateIncidents on the 29 December scenario', () => {
  it('groups overlapping reports into one incident per place, with ranges and grades', async () => {
    const result = await consolidateIncidents(db);
    expect(result.claims).toBe(10); // accepted, dated, not cumulative
    const all = await incidents();
    const [damascus] = inArea(all, 'sy-rif-dimashq');
    const [aleppo] = inArea(all, 'sy-aleppo');
    const [homs] = inArea(all, 'sy-homs');
    expect(all).toHaveLength(3);
    // Observatory 13, coordination committee 15, hospital 9: a range, never a sum.
    expect(count(damascus, 'children')).toEqual([9, 13, 15]);
    expect(count(damascus, 'civilians')).toEqual([14, 14, 14]);
    expect(count(damascus, 'all')).toEqual([14, 14, 15]);
    expect(damascus?.grade).toBe('fair');
    expect(damascus?.source_count).toBe(3);
    expect(damascus?.place_id).toBe('gn-170592');
    // 4 against 10 is beyond the threshold: contested, and says why.
    expect(count(aleppo, 'children')).toEqual([4, 4, 10]);
    expect(aleppo?.grade).toBe('contested');
    expect(aleppo?.grade_reason).toContain('killed/children: 4 to 10');
    // "Dozens" was superseded by the final 32; kept and linked, not counted.
    expect(count(homs, 'people')).toEqual([32, 32, 32]);
    expect(count(homs, 'security_forces')).toEqual([8, 8, 8]);
    expect(homs?.claim_links.find((l) => l.claim_id === wireClaims[3])?.role).toBe('superseded');
  });

  it('counts a national total through its breakdowns, never on top of them', async () => {
    const all = await incidents();
    expect(all.filter((i) => i.place_id === 'sy')).toHaveLength(0);
    const holders = all.filter((i) => i.claim_links.some((l) => l.claim_id === wireClaims[0]));
    expect(holders.map((i) => i.admin1_id).sort()).toEqual(['sy-aleppo', 'sy-rif-dimashq']);
    expect(
      holders.every(
        (i) => i.claim_links.find((l) => l.claim_id === wireClaims[0])?.role === 'breakdown_total',
      ),
    ).toBe(true);
  });

  it('keeps cumulative claims out of incidents', async () => {
    const all = await incidents();
    expect(all.some((i) => i.claim_ids.includes(wireClaims[4] as string))).toBe(false);
  });

  it('changes nothing when run again or when the same reports arrive again', async () => {
    const before = await incidents();
    await ingestScenario(db);
    const again = await consolidateIncidents(db);
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 3 });
    expect(await incidents()).toEqual(before);
  });

  it('reads proposed claims too when configured, grading them unverified', async () => {
    const settings = {
      ...defaultTollSettings,
      claimStatuses: ['accepted', 'proposed'] as Array<'accepted' | 'proposed'>,
    };
    await consolidateIncidents(db, { settings });
    const daraa = inArea(await incidents(), 'sy-daraa');
    expect(daraa).toHaveLength(1);
    expect(daraa[0]?.grade).toBe('unverified');
    await consolidateIncidents(db);
    expect(inArea(await incidents(), 'sy-daraa')).toHaveLength(0);
  });
});

describe('corrected reports', () => {
  it('counts the correction and keeps the corrected figure, linked but not counted', async () => {
    const body = (id: string, n: number, revises?: string) => ({
      id,
      source_id: ids.lcc,
      text: `${n} killed in Rastan on Sunday.`,
      ...(revises ? { revises } : {}),
      claims: [
        {
          outcome: 'killed',
          count: { qualifier: 'exact', min: n, best: n, max: n },
          place: { id: 'gn-172946', text: 'Rastan' },
          date: { start: '2012-12-30', end: '2012-12-30', precision: 'day' },
          status: 'accepted',
        },
      ],
    });
    const first = await submitReport(
      db,
      apiActor,
      zNewReport.parse(body('30000000-0000-4000-8000-000000000001', 5)),
    );
    await consolidateIncidents(db);
    expect(
      count(
        inArea(await incidents(), 'sy-homs').find((i) => i.place_id === 'gn-172946'),
        'people',
      ),
    ).toEqual([5, 5, 5]);
    await submitReport(
      db,
      apiActor,
      zNewReport.parse(body('30000000-0000-4000-8000-000000000002', 7, first.value.id)),
    );
    await consolidateIncidents(db);
    const rastan = inArea(await incidents(), 'sy-homs').find((i) => i.place_id === 'gn-172946');
    expect(count(rastan, 'people')).toEqual([7, 7, 7]);
    expect(rastan?.claim_links.find((l) => l.claim_id === first.value.claims[0]?.id)?.role).toBe(
      'superseded',
    );
  });
});

describe("analysts' decisions survive later runs", () => {
  it('splits an incident, and the split holds on the next run; a merge undoes it', async () => {
    const [damascus] = inArea(await incidents(), 'sy-rif-dimashq');
    const hospitalClaims = (
      await db.query<{ id: string }>('SELECT id FROM claim WHERE report_id = $1', [ids.hospitalReport])
    ).map((r) => r.id);
    await splitIncident(
      db,
      apiActor,
      damascus?.id as string,
      [hospitalClaims],
      'hospital counted a different strike',
    );
    await consolidateIncidents(db);
    const parts = inArea(await incidents(), 'sy-rif-dimashq');
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => count(p, 'children')).sort()).toEqual(
      [
        [13, 13, 15],
        [9, 9, 9],
      ].sort(),
    );
    await mergeIncidents(
      db,
      apiActor,
      parts.map((p) => p.id),
      'same strike after all',
    );
    await consolidateIncidents(db);
    expect(inArea(await incidents(), 'sy-rif-dimashq')).toHaveLength(1);
  });

  it('keeps an analyst grade with its reason over automatic grading', async () => {
    const [aleppo] = inArea(await incidents(), 'sy-aleppo');
    await overrideGrade(db, apiActor, aleppo?.id as string, 'fair', 'medic counted only Aazaz');
    await consolidateIncidents(db);
    const [after] = inArea(await incidents(), 'sy-aleppo');
    expect(after?.grade).toBe('fair');
    expect(after?.grade_reason).toBe('analyst: medic counted only Aazaz');
  });

  it('keeps a detached claim apart, and an attached one in place', async () => {
    const [aleppo] = inArea(await incidents(), 'sy-aleppo');
    const medicClaim = (
      await db.query<{ id: string }>('SELECT id FROM claim WHERE report_id = $1', [ids.medicReport])
    )[0]?.id as string;
    await detachClaim(db, apiActor, aleppo?.id as string, medicClaim, 'Aazaz strike was on Friday night');
    await consolidateIncidents(db);
    const apart = inArea(await incidents(), 'sy-aleppo');
    expect(apart).toHaveLength(2);
    expect(apart.find((i) => i.claim_ids.includes(medicClaim))?.claim_ids).toEqual([medicClaim]);
    const main = apart.find((i) => !i.claim_ids.includes(medicClaim)) as Incident;
    await attachClaims(db, apiActor, main.id, [medicClaim], 'it was Saturday after all');
    await consolidateIncidents(db);
    const together = inArea(await incidents(), 'sy-aleppo');
    expect(together).toHaveLength(1);
    expect(together[0]?.claim_ids).toContain(medicClaim);
  });
});

describe('evidence', () => {
  it('grades from the evidence vault, and keeps an incident its evidence points at when its claims go', async () => {
    const report = await submitReport(
      db,
      apiActor,
      zNewReport.parse({
        id: '30000000-0000-4000-8000-000000000010',
        source_id: ids.medic,
        text: 'Three killed in Rastan on Christmas day.',
        claims: [
          {
            outcome: 'killed',
            count: { qualifier: 'exact', min: 3, best: 3, max: 3 },
            place: { id: 'gn-172946', text: 'Rastan' },
            date: { start: '2012-12-25', end: '2012-12-25', precision: 'day' },
            status: 'accepted',
          },
        ],
      }),
    );
    await consolidateIncidents(db);
    const find = async () =>
      (await pageIncidents(db, { from: '2012-12-25', to: '2012-12-25', limit: 10 })).items;
    const [incident] = await find();
    expect(incident?.grade).toBe('weak');
    const sha = 'a'.repeat(64);
    const item = '40000000-0000-4000-8000-000000000001';
    await db.query(`INSERT INTO evidence_blob (sha256, size, media_type) VALUES ($1, 10, 'image/jpeg')`, [
      sha,
    ]);
    await db.query(
      `INSERT INTO evidence_item (id, sha256, media_type, size, channel, submitted_by, verification_status)
       VALUES ($1, $2, 'image/jpeg', 10, 'import', 'test', 'rejected')`,
      [item, sha],
    );
    await db.query(
      `INSERT INTO evidence_incident (item_id, incident_id, linked_by) VALUES ($1, $2, 'test')`,
      [item, incident?.id],
    );
    await consolidateIncidents(db);
    expect((await find())[0]).toMatchObject({ id: incident?.id, grade: 'discounted' });

    await db.query(`UPDATE claim SET status = 'rejected' WHERE id = $1`, [report.value.claims[0]?.id]);
    await consolidateIncidents(db);
    const [kept] = await find();
    expect(kept).toMatchObject({ id: incident?.id, origin: 'analyst', claim_ids: [], counts: [] });
    const links = await db.query('SELECT 1 FROM evidence_incident WHERE incident_id = $1', [incident?.id]);
    expect(links).toHaveLength(1);
    expect(await consolidateIncidents(db)).toMatchObject({ created: 0, updated: 0, removed: 0 });
  });
});
