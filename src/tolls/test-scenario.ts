/**
 * The scenario the toll and consolidation tests share: Saturday 29 and Sunday 30 December 2012
 * as several sources told it (after the AFP wire in ../shared/examples): overlapping reports,
 * conflicting figures, a breakdown of a national total, a revised toll, a running total, and a
 * machine-proposed claim. Report and source ids are fixed, so ingesting it twice is a retry.
 */
import { apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { submitReport } from '../intake/intake.service.ts';
import { zNewReport } from '../intake/report.ts';
import { ensureGazetteer } from '../places/resolve.ts';
import { createSource } from '../sources/sources.service.ts';

export const ids = {
  sohr: '10000000-0000-4000-8000-000000000001',
  afp: '10000000-0000-4000-8000-000000000002',
  lcc: '10000000-0000-4000-8000-000000000003',
  hospital: '10000000-0000-4000-8000-000000000004',
  medic: '10000000-0000-4000-8000-000000000005',
  sana: '10000000-0000-4000-8000-000000000006',
  wire: '20000000-0000-4000-8000-000000000001',
  lccReport: '20000000-0000-4000-8000-000000000002',
  hospitalReport: '20000000-0000-4000-8000-000000000003',
  medicReport: '20000000-0000-4000-8000-000000000004',
  sanaReport: '20000000-0000-4000-8000-000000000005',
  revision: '20000000-0000-4000-8000-000000000006',
  proposed: '20000000-0000-4000-8000-000000000007',
};

const sources = [
  { id: ids.sohr, kind: 'monitor', pseudonym: 'Observatory', independence_group: 'sohr' },
  // The wire quotes the Observatory: re-reporting, so it shares the Observatory's group.
  { id: ids.afp, kind: 'news_outlet', pseudonym: 'Wire agency', independence_group: 'sohr' },
  { id: ids.lcc, kind: 'activist', pseudonym: 'Coordination committee', independence_group: 'lcc' },
  {
    id: ids.hospital,
    kind: 'hospital',
    pseudonym: 'Douma field hospital',
    independence_group: 'douma-hospital',
  },
  { id: ids.medic, kind: 'medic', pseudonym: 'Aazaz medic', independence_group: 'aazaz-medics' },
  { id: ids.sana, kind: 'official', pseudonym: 'State agency', independence_group: 'state' },
] as const;

type Claim = Record<string, unknown>;
const sat = { text: 'on Saturday', start: '2012-12-29', end: '2012-12-29', precision: 'day' };
const sun = { text: 'on Sunday', start: '2012-12-30', end: '2012-12-30', precision: 'day' };
const killed = (
  n: number | [number, number | null, number | null],
  group: string,
  extra: Claim = {},
): Claim => {
  const [min, best, max] = Array.isArray(n) ? n : [n, n, n];
  return {
    outcome: 'killed',
    count: { text: String(best ?? min), qualifier: Array.isArray(n) ? 'vague' : 'exact', min, best, max },
    victims: { group },
    date: sat,
    status: 'accepted',
    ...extra,
  };
};

export const reports = [
  {
    id: ids.wire,
    source_id: ids.afp,
    channel: 'wire',
    reported_at: '2012-12-30T14:05:00Z',
    text: 'The Observatory listed 23 children killed in violence across Syria ... 13 children ... in and around Damascus on Saturday, while 10 children were killed in air strikes across Aleppo province ...',
    claims: [
      killed(23, 'children', { place: { text: 'across Syria', id: 'sy', precision: 'country' } }),
      killed(13, 'children', {
        place: { text: 'in and around Damascus', id: 'sy-rif-dimashq', precision: 'admin1' },
        cause: { type: 'shelling_artillery_missile' },
        part_of: 0,
      }),
      killed(10, 'children', {
        place: { text: 'Aleppo province', id: 'sy-aleppo', precision: 'admin1' },
        cause: { type: 'air_drone_strike' },
        part_of: 0,
      }),
      killed([12, null, null], 'people', {
        place: { text: 'Deir Baalbeh', id: 'sy-homs-deir-baalbeh', precision: 'neighbourhood' },
        cause: { type: 'armed_clash' },
        perpetrator: 'army',
      }),
      killed(45000, 'people', {
        count: { text: 'at least 45,000', qualifier: 'at_least', min: 45000, best: 45000 },
        place: { text: 'Syria', id: 'sy', precision: 'country' },
        date: { text: 'since March 2011', start: '2011-03-15', end: '2012-12-30', precision: 'day' },
        cumulative: true,
        source: { text: 'the Observatory says', name: 'Syrian Observatory for Human Rights' },
      }),
    ],
  },
  {
    id: ids.lccReport,
    source_id: ids.lcc,
    reported_at: '2012-12-29T20:00:00Z',
    text: 'Douma: 15 children killed in shelling today.',
    claims: [
      killed(15, 'children', {
        place: { id: 'gn-170592', text: 'Douma' },
        cause: { type: 'shelling_artillery_missile' },
      }),
    ],
  },
  {
    id: ids.hospitalReport,
    source_id: ids.hospital,
    reported_at: '2012-12-29T22:00:00Z',
    payload: { form: 'hospital-daily', admitted_dead: 14, of_whom_children: 9 },
    claims: [
      killed(14, 'civilians', {
        place: { id: 'gn-170592', text: 'Douma' },
        cause: { type: 'shelling_artillery_missile' },
      }),
      killed(9, 'children', { place: { id: 'gn-170592', text: 'Douma' }, part_of: 0 }),
    ],
  },
  {
    id: ids.medicReport,
    source_id: ids.medic,
    reported_at: '2012-12-29T21:00:00Z',
    text: 'Four children killed in the air strike on Aazaz.',
    claims: [
      killed(4, 'children', {
        place: { id: 'gn-172082', text: 'Aazaz' },
        cause: { type: 'air_drone_strike' },
      }),
    ],
  },
  {
    id: ids.sanaReport,
    source_id: ids.sana,
    reported_at: '2012-12-30T09:00:00Z',
    text: 'Eight members of the security forces were martyred in Deir Baalbeh.',
    claims: [killed(8, 'security_forces', { place: { id: 'sy-homs-deir-baalbeh', text: 'Deir Baalbeh' } })],
  },
];

/** The Observatory's final figure for Deir Baalbeh, published the day after: revises the wire's "dozens". */
export const revision = (supersedes: string) => ({
  id: ids.revision,
  source_id: ids.sohr,
  reported_at: '2012-12-31T10:00:00Z',
  text: "The final toll of Saturday's fighting in Deir Baalbeh is 32 dead.",
  claims: [
    killed(32, 'people', {
      place: { id: 'sy-homs-deir-baalbeh', text: 'Deir Baalbeh' },
      cause: { type: 'armed_clash' },
      perpetrator: 'army',
      supersedes,
    }),
  ],
});

/** What the extractor proposed for Sunday and no analyst has reviewed. */
export const proposed = {
  id: ids.proposed,
  source_id: ids.afp,
  channel: 'wire',
  reported_at: '2012-12-30T18:00:00Z',
  text: 'In the south, a rebel was killed on Sunday in battles for control of several small border crossings.',
  claims: [
    {
      ...killed(1, 'combatants', {
        place: { id: 'sy-daraa', text: 'the south' },
        cause: { type: 'armed_clash' },
      }),
      date: sun,
      status: 'proposed',
    },
  ],
};

/** Stores the scenario; safe to call again (every id is fixed). Returns the wire's claim ids in order. */
export async function ingestScenario(db: Db): Promise<{ wireClaims: string[] }> {
  await ensureGazetteer(db);
  for (const source of sources) await createSource(db, apiActor, source as never);
  let wireClaims: string[] = [];
  for (const body of reports) {
    const { value } = await submitReport(db, apiActor, zNewReport.parse(body));
    if (body.id === ids.wire) wireClaims = value.claims.map((c) => c.id);
  }
  await submitReport(db, apiActor, zNewReport.parse(revision(wireClaims[3] as string)));
  await submitReport(db, apiActor, zNewReport.parse(proposed));
  return { wireClaims };
}
