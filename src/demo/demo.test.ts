import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { apiActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { grades } from '../incidents/incident.ts';
import { zTollQuery } from '../tolls/toll.ts';
import { defaultTollSettings } from '../tolls/toll-settings.ts';
import { computeTolls } from '../tolls/tolls.service.ts';
import { loadDemo } from './demo.service.ts';
import type { DemoSummary } from './demo.ts';
import { generateDemo } from './generate.ts';

// Small enough for both engines in a few seconds each; the default size is timed in the report.
const options = { seed: 7, days: 365, reports: 150 };
const today = '2026-06-30';
const settings = defaultTollSettings;
const runtime = () => ({ today, settings, dataDir: mkdtempSync(join(tmpdir(), 'tally-demo-test-')) });
const counts = ({ seconds: _seconds, ...rest }: DemoSummary) => rest;

let db: Db;
let summary: DemoSummary;

beforeAll(async () => {
  db = await freshDb();
  summary = await loadDemo(db, apiActor, options, runtime());
});
afterAll(async () => db.close());

describe('tally demo', () => {
  it('loads a sample monitor: sources, reports, claims, incidents, victims, persons, evidence', () => {
    expect(summary.sources).toBeGreaterThanOrEqual(10);
    expect(summary.reports).toBeGreaterThanOrEqual(options.reports);
    expect(summary.claims).toBeGreaterThan(summary.reports);
    expect(summary.incidents).toBeGreaterThan(50);
    expect(summary.victims).toBeGreaterThan(50);
    // Linkage joined records of the two lists into persons.
    expect(summary.persons).toBeGreaterThan(summary.victims / 2);
    expect(summary.persons).toBeLessThan(summary.victims);
    // Most records name the dead of one incident at their place and day, and are linked to it.
    expect(summary.victims_linked).toBeGreaterThan(summary.victims / 2);
    expect(summary.victims_linked).toBeLessThanOrEqual(summary.victims);
    expect(summary.evidence).toBeGreaterThan(0);
    expect(summary).toMatchObject({ from: '2025-06-30', to: '2026-06-29', evidence_skipped: null });
  });

  it('leaves some claims proposed for the review desk', () => {
    expect(summary.claims_proposed).toBeGreaterThan(0);
    expect(summary.claims_proposed).toBeLessThan(summary.claims / 4);
  });

  it('gives tolls in at least 12 governorates, and headline tolls above zero', async () => {
    const period = { from: summary.from, to: summary.to };
    const all = await computeTolls(db, zTollQuery.parse({ ...period, by: 'admin1', grades: [...grades] }), {
      settings,
      today,
    });
    const governorates = new Set(all.figures.filter((f) => f.best > 0).map((f) => f.area?.id));
    expect(governorates.size).toBeGreaterThanOrEqual(12);
    const headline = await computeTolls(db, zTollQuery.parse({ ...period, by: 'month' }), {
      settings,
      today,
    });
    expect(headline.figures.reduce((sum, f) => sum + f.best, 0)).toBeGreaterThan(0);
  });

  it('marks demo data as demo', async () => {
    const sources = await db.query<{ pseudonym: string }>('SELECT pseudonym FROM source');
    expect(sources.every((s) => s.pseudonym.startsWith('Demo'))).toBe(true);
    const lists = await db.query<{ name: string }>('SELECT name FROM victim_list');
    expect(lists.every((l) => l.name.startsWith('Demo'))).toBe(true);
  });

  it('refuses a database that holds reports, and stores nothing', async () => {
    await expect(loadDemo(db, apiActor, options, runtime())).rejects.toMatchObject({ status: 409 });
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM report');
    expect(row?.n).toBe(summary.reports);
  });

  it('gives the same monitor for the same seed, and another for another seed', async () => {
    const again = await freshDb();
    try {
      expect(counts(await loadDemo(again, apiActor, options, runtime()))).toEqual(counts(summary));
    } finally {
      await again.close();
    }
    const plan = (seed: number) => generateDemo({ ...options, seed, today });
    expect(plan(7)).toEqual(plan(7));
    expect(plan(8).reports.map((r) => r.report.text)).not.toEqual(plan(7).reports.map((r) => r.report.text));
  });
});

describe('the demo API', () => {
  it('offers the demo on an empty database, loads it for an admin, then answers 409', async () => {
    const empty = await freshDb();
    const app = await buildTestApp({ db: empty, dataDir: runtime().dataDir, webDist: false });
    try {
      expect((await app.inject('/api/v1/demo')).json()).toEqual({ offered: true });
      const body = { confirm: true, seed: 3, reports: 10, days: 7 };
      expect((await app.inject({ method: 'POST', url: '/api/v1/demo', payload: {} })).statusCode).toBe(400);
      const loaded = await app.inject({ method: 'POST', url: '/api/v1/demo', payload: body });
      expect(loaded.statusCode).toBe(200);
      expect(loaded.json()).toMatchObject({ sources: 15, evidence_skipped: null });
      expect(loaded.json().reports).toBeGreaterThanOrEqual(10);
      expect((await app.inject('/api/v1/demo')).json()).toEqual({ offered: false });
      const second = await app.inject({ method: 'POST', url: '/api/v1/demo', payload: body });
      expect(second.statusCode).toBe(409);
      expect(second.json().message).toMatch(/empty database/);
    } finally {
      await app.close();
      await empty.close();
    }
  });
});
