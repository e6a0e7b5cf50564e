import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { consolidateIncidents, overrideGrade } from '../incidents/consolidate.service.ts';
import { pageIncidents } from '../incidents/incidents.service.ts';
import { draftBulletin } from './bulletin.service.ts';
import { publishTolls } from './publish.service.ts';
import { runningTotals } from './running-totals.ts';
import { ingestScenario } from './test-scenario.ts';
import { type TollQuery, zTollQuery } from './toll.ts';
import { defaultTollSettings } from './toll-settings.ts';
import { closeTollDays, computeTolls, reportDisruption } from './tolls.service.ts';

let db: Db;
const settings = defaultTollSettings;
const saturday = (extra: Partial<TollQuery> = {}) =>
  zTollQuery.parse({ from: '2012-12-29', to: '2012-12-29', by: 'admin1,group', ...extra });
const figure = (
  figures: Awaited<ReturnType<typeof computeTolls>>['figures'],
  area: string | null,
  group: string,
) => figures.find((f) => (f.area?.id ?? null) === area && f.victim_group === group);
const range = (f: { low: number; best: number; high: number } | undefined) => f && [f.low, f.best, f.high];

beforeAll(async () => {
  db = await freshDb();
  await ingestScenario(db);
  await consolidateIncidents(db, { settings });
});
afterAll(async () => db.close());

describe('tolls', () => {
  it('stay as they were when the same reports arrive again and consolidation runs again', async () => {
    const q = zTollQuery.parse({ from: '2012-12-01', to: '2012-12-31', by: 'day,admin2,group,outcome' });
    const options = { settings, today: '2013-02-01' };
    const before = await computeTolls(db, q, options);
    expect(before.figures.length).toBeGreaterThan(3);
    await ingestScenario(db);
    expect(await consolidateIncidents(db, { settings })).toMatchObject({
      created: 0,
      updated: 0,
      removed: 0,
    });
    const after = await computeTolls(db, q, options);
    expect(after.figures).toEqual(before.figures);
  });

  it('sums incidents per province and group, with ranges, incidents and independent sources', async () => {
    const { figures } = await computeTolls(db, saturday(), { settings, today: '2013-02-01' });
    expect(range(figure(figures, 'sy-rif-dimashq', 'children'))).toEqual([9, 13, 15]);
    expect(range(figure(figures, 'sy-rif-dimashq', 'all'))).toEqual([14, 14, 15]);
    expect(figure(figures, 'sy-rif-dimashq', 'all')).toMatchObject({
      incidents: 1,
      sources: 3,
      provisional: false,
    });
    expect(range(figure(figures, 'sy-homs', 'all'))).toEqual([32, 32, 32]);
    expect(figure(figures, 'sy-homs', 'security_forces')?.sources).toBe(1);
    // Contested Aleppo is not a headline grade by default.
    expect(figure(figures, 'sy-aleppo', 'all')).toBeUndefined();
  });

  it('counts the grades it is asked for, and never adds the national total to its breakdowns', async () => {
    const q = saturday({ by: ['group'], grades: ['fair', 'contested'] });
    const { figures } = await computeTolls(db, q, { settings, today: '2013-02-01' });
    expect(range(figure(figures, null, 'children'))).toEqual([13, 17, 25]);
    expect(range(figure(figures, null, 'all'))).toEqual([50, 50, 57]);
    expect(figure(figures, null, 'all')).toMatchObject({ incidents: 3, sources: 5 });
  });

  it('groups by week and month, and links each figure to its incidents', async () => {
    const q = zTollQuery.parse({ from: '2012-12-01', to: '2012-12-31', by: 'month,admin1' });
    const { figures } = await computeTolls(db, q, { settings, today: '2013-02-01' });
    const homs = figure(figures, 'sy-homs', 'all');
    expect(homs).toMatchObject({ period_start: '2012-12-01', period_end: '2012-12-31', low: 32 });
    const url = new URL(homs?.incidents_href as string, 'http://x');
    const linked = await pageIncidents(db, {
      ...Object.fromEntries(url.searchParams),
      grades: ['fair', 'confirmed'],
      limit: 50,
    });
    expect(linked.items.map((i) => i.admin1_id)).toEqual(['sy-homs']);
  });

  it('keeps a day provisional until the delay passes or an analyst closes it, and says why', async () => {
    const early = { settings, today: '2012-12-30' };
    const before = await computeTolls(db, saturday(), early);
    expect(figure(before.figures, 'sy-rif-dimashq', 'all')?.provisional_reasons[0]).toMatch(
      /may still change until 2013-01-01/,
    );
    await closeTollDays(db, apiActor, {
      place_id: 'sy-rif-dimashq',
      from: '2012-12-29',
      reason: 'hospital lists complete',
    });
    const after = await computeTolls(db, saturday(), early);
    expect(figure(after.figures, 'sy-rif-dimashq', 'all')?.provisional).toBe(false);
    expect(figure(after.figures, 'sy-homs', 'all')?.provisional).toBe(true);
  });

  it('keeps a disrupted area provisional after the delay, with the reason', async () => {
    await reportDisruption(db, apiActor, {
      place_id: 'sy-homs',
      since: '2012-12-29',
      reason: 'communications are down',
    });
    const { figures } = await computeTolls(db, saturday(), { settings, today: '2013-02-01' });
    expect(figure(figures, 'sy-homs', 'all')?.provisional_reasons).toEqual([
      'reporting disrupted in Homs since 2012-12-29: communications are down',
    ]);
    expect(figure(figures, 'sy-rif-dimashq', 'all')?.provisional).toBe(false);
  });
});

describe('running totals', () => {
  it("puts documented deaths next to sources' cumulative claims, never adding them", async () => {
    const totals = await runningTotals(
      db,
      { to: '2012-12-31', outcome: 'killed', country: 'sy' },
      { settings, today: '2013-02-01' },
    );
    expect(range(totals.documented.total ?? undefined)).toEqual([46, 46, 47]);
    expect(totals.documented.by_admin1.map((f) => [f.area?.id, f.low])).toEqual([
      ['sy-homs', 32],
      ['sy-rif-dimashq', 14],
    ]);
    expect(totals.claimed_by_sources).toEqual([
      expect.objectContaining({
        said_by: 'Syrian Observatory for Human Rights',
        min: 45000,
        qualifier: 'at_least',
        as_of: '2012-12-30',
      }),
    ]);
  });
});

describe('bulletin', () => {
  it('drafts the day in English, every number linked to its toll', async () => {
    const bulletin = await draftBulletin(
      db,
      { date: '2012-12-29', lang: 'en', country: 'sy' },
      { settings, today: '2013-02-01' },
    );
    expect(bulletin.headline.text).toBe(
      'At least 46 people were killed across Syria on Saturday, 29 December 2012: 32 in clashes in Homs province and 14 in bombardments in Rif Dimashq province.',
    );
    expect(bulletin.breakdown.map((s) => s.text)).toContain(
      'Among them were at least 9 children: 9 in bombardments in Rif Dimashq province.',
    );
    expect(bulletin.notes.map((s) => s.text)).toContain(
      'Figures for Homs are provisional: reporting disrupted in Homs since 2012-12-29: communications are down.',
    );
    expect(bulletin.notes.at(-1)?.text).toMatch(/not yet corroborated.*at least 4 deaths/);
    for (const s of [bulletin.headline, ...bulletin.breakdown, ...bulletin.notes]) {
      for (const n of s.numbers) {
        expect(s.text.slice(n.start, n.end)).toBe(String(n.value));
        const f = bulletin.figures[n.figure];
        expect([f?.low, f?.best, f?.high]).toContain(n.value);
      }
    }
  });

  it('drafts the same day in Arabic', async () => {
    const bulletin = await draftBulletin(
      db,
      { date: '2012-12-29', lang: 'ar', country: 'sy' },
      { settings, today: '2013-02-01' },
    );
    expect(bulletin.headline.text).toBe(
      'قُتل ما لا يقل عن 46 شخصاً في أنحاء سوريا يوم السبت 29 كانون الأول 2012: 32 في الاشتباكات في محافظة حمص، و14 جراء القصف في محافظة ريف دمشق.',
    );
    expect(bulletin.headline.numbers.map((n) => n.value)).toEqual([46, 32, 14]);
  });
});

describe('publishing', () => {
  it('keeps a snapshot; a revision names what changed and why', async () => {
    const query = saturday();
    const options = { settings, today: '2013-02-01' };
    const first = await publishTolls(db, apiActor, query, undefined, options);
    expect(first.created).toBe(true);
    expect((await publishTolls(db, apiActor, query, undefined, options)).created).toBe(false);
    const [aleppo] = (await pageIncidents(db, { admin1: 'sy-aleppo', limit: 5 })).items;
    await overrideGrade(db, apiActor, aleppo?.id as string, 'fair', 'medic list cross-checked');
    await expect(publishTolls(db, apiActor, query, undefined, options)).rejects.toThrow(/reason/);
    const revised = await publishTolls(db, apiActor, query, 'Aleppo figures corroborated', options);
    expect(revised.value).toMatchObject({
      revises_id: first.value.id,
      reason: 'Aleppo figures corroborated',
    });
    expect(revised.value.changes).toContainEqual({
      key: '*|sy-aleppo|killed|all|*',
      before: null,
      after: { low: 4, best: 4, high: 10 },
    });
    expect((first.value.body as { figures: unknown[] }).figures).not.toContainEqual(
      expect.objectContaining({ area: expect.objectContaining({ id: 'sy-aleppo' }) }),
    );
  });
});
