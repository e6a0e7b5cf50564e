import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { countRows } from '../../test/factories.ts';
import { apiActor } from '../core/actor.ts';
import { ephemeralKeyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import { consolidateIncidents } from '../incidents/consolidate.service.ts';
import { zNewIncident } from '../incidents/incident.ts';
import { createIncident } from '../incidents/incidents.service.ts';
import { zNewPlace } from '../places/place.ts';
import { createPlace } from '../places/places.service.ts';
import { sealSourceIdentity } from '../sources/sources.identity.ts';
import { ids, ingestScenario } from '../tolls/test-scenario.ts';
import { zTollQuery } from '../tolls/toll.ts';
import { defaultTollSettings } from '../tolls/toll-settings.ts';
import { closeTollDays, computeTolls, reportDisruption } from '../tolls/tolls.service.ts';
import { exportFull, importFull } from './full.service.ts';

const settings = defaultTollSettings;
let source: Db;
let target: Db;

async function collect(db: Db): Promise<string[]> {
  const lines: string[] = [];
  for await (const chunk of exportFull(db, 'test')) lines.push(...chunk.split('\n').filter(Boolean));
  return lines;
}
/** Everything but the header's export time. */
const comparable = (lines: string[]) => lines.slice(1);

async function* asLines(lines: string[]) {
  yield* lines;
}

const tolls = (db: Db, by: string) =>
  computeTolls(db, zTollQuery.parse({ from: '2012-12-01', to: '2013-01-31', by }), {
    settings,
    today: '2013-02-01',
  });

beforeAll(async () => {
  source = await freshDb();
  target = await freshDb();
  await ingestScenario(source);
  await consolidateIncidents(source, { settings });
  const { value: place } = await createPlace(
    source,
    apiActor,
    zNewPlace.parse({ name_en: 'Field clinic street', parent_id: 'gn-170592', lat: 33.57, lon: 36.4 }),
  );
  await createIncident(
    source,
    apiActor,
    zNewIncident.parse({
      date_start: '2012-12-30',
      place_id: place.id,
      event_type: 'explosions_remote_violence',
      sub_event_type: 'air_drone_strike',
      grade: 'fair',
      notes: 'Two hospitals agree; analyst-made incident',
      actors: [{ name: 'Air force', role: 'perpetrator_alleged' }],
      counts: [{ outcome: 'killed', victim_group: 'civilians', low: 3, best: 4, high: 6 }],
    }),
  );
  await closeTollDays(source, apiActor, { place_id: 'sy-rif-dimashq', from: '2012-12-29' });
  await reportDisruption(source, apiActor, {
    place_id: 'sy-aleppo',
    since: '2012-12-30',
    reason: 'lines down',
  });
  await sealSourceIdentity(source, ephemeralKeyring(), apiActor, ids.lcc, { real_name: 'Planted Realname' });
});
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('full export and import', () => {
  it('rebuilds the same incidents, counts, links and tolls in an empty database', async () => {
    const exported = await collect(source);
    expect(exported.length).toBeGreaterThan(20);
    const summary = await importFull(target, apiActor, asLines(exported));
    expect(summary.rows.incident).toBe(await countRows(source, 'incident'));
    expect(summary.rows.incident_claim).toBe(await countRows(source, 'incident_claim'));

    expect(comparable(await collect(target))).toEqual(comparable(exported));
    for (const by of ['day,admin1,group', 'month,country,outcome', 'day,admin2,cause']) {
      const [before, after] = [await tolls(source, by), await tolls(target, by)];
      expect(before.figures.length).toBeGreaterThan(0);
      expect(after.figures).toEqual(before.figures);
    }
    const facts =
      'SELECT incident_id, outcome, victim_group, day, admin1_id, grade, low, best, high FROM toll_fact ORDER BY 1, 2, 3';
    expect(await target.query(facts)).toEqual(await source.query(facts));
  });

  it('never carries a sealed source identity', async () => {
    const text = (await collect(source)).join('\n');
    expect(text).not.toContain('identity_sealed');
    expect(await countRows(source, 'source', 'identity_sealed IS NOT NULL')).toBe(1);
    expect(text).toContain('Coordination committee');
  });

  it('goes only into an empty database, and refuses a file cut short', async () => {
    const exported = await collect(source);
    await expect(importFull(target, apiActor, asLines(exported))).rejects.toThrow(/empty database/);
    const fresh = await freshDb();
    try {
      await expect(importFull(fresh, apiActor, asLines(exported.slice(0, -1)))).rejects.toThrow(/cut off/);
      expect(await countRows(fresh, 'incident')).toBe(0);
      const lying = [...exported.slice(0, -1), JSON.stringify({ t: 'end', rows: { incident: 999 } })];
      await expect(importFull(fresh, apiActor, asLines(lying))).rejects.toThrow(/trailer says 999/);
    } finally {
      await fresh.close();
    }
  });
});
