import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../core/actor.ts';
import { TallyError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import { extractWireReport } from '../extract/wire.service.ts';
import { consolidateIncidents } from '../incidents/consolidate.service.ts';
import { claimsOfReport, reviewClaim } from '../intake/claims.service.ts';
import { submitReport } from '../intake/intake.service.ts';
import { ensureGazetteer } from '../places/resolve.ts';
import { createSource } from '../sources/sources.service.ts';
import type { TollSettings } from '../tolls/toll-settings.ts';
import { attachVictims } from '../victims/incident-victims.service.ts';
import { requestLinkRun, runLinkage } from '../victims/linkage.service.ts';
import { importVictimFile } from '../victims/victims.import.ts';
import { countDemoData, countReports, victimsByIncident } from './demo.repo.ts';
import type { DemoOptions, DemoSummary } from './demo.ts';
import { loadDemoEvidence } from './evidence.ts';
import { type DemoPlan, generateDemo } from './generate.ts';

export interface DemoRuntime {
  /** Where evidence files go (`<dataDir>/evidence`); without it the demo loads no evidence. */
  dataDir?: string | undefined;
  settings?: TollSettings;
  /** The last day of the sample; default today (UTC). */
  today?: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

/** Whether the first-start offer stands: a database without reports. */
export async function demoOffered(db: Db): Promise<boolean> {
  return (await countReports(db)) === 0;
}

const loading = new WeakSet<Db>();
const SUBMIT_BATCH = 50;

/**
 * Loads a generated sample monitor through the same services a monitor's own work goes
 * through (sources, intake, the wire extractor, the review desk, victim list import,
 * consolidation, the evidence vault), so audit entries and toll facts are as real data
 * leaves them. Refuses a database that holds any report: demo data must never mix with a
 * real monitor's.
 */
export async function loadDemo(
  db: Db,
  actor: Actor,
  options: DemoOptions,
  runtime: DemoRuntime = {},
): Promise<DemoSummary> {
  if (loading.has(db)) throw new TallyError('conflict', 'A demo is already loading into this database');
  loading.add(db);
  try {
    const started = Date.now();
    const existing = await countReports(db);
    if (existing > 0) {
      throw new TallyError(
        'conflict',
        `This database already holds ${existing} reports; the demo loads only into an empty database, so that demo data never mixes with a monitor's own. Run it against a new one, e.g. \`npx tally --data ./tally-demo demo\`.`,
      );
    }
    const today = runtime.today ?? new Date().toISOString().slice(0, 10);
    const progress = runtime.onProgress ?? (() => {});
    await ensureGazetteer(db);
    const plan = generateDemo({ ...options, today });
    for (const source of plan.sources) await createSource(db, actor, source);
    await storeReports(db, actor, plan, progress);
    progress('victims', 0, 1);
    await importVictimLists(db, actor, plan);
    // The two lists name many of the same dead in two scripts: linkage joins them into persons,
    // with the thresholds `tally victims link` uses, and leaves the unsure pairs for review.
    const run = await requestLinkRun(db, actor, { threshold: 0.5, review_below: 0.05, review_above: 0.95 });
    await runLinkage(db, run.id);
    progress('incidents', 0, 1);
    await consolidateIncidents(db, { actor, ...(runtime.settings ? { settings: runtime.settings } : {}) });
    let evidence = 0;
    if (runtime.dataDir && plan.evidence.length > 0) {
      progress('evidence', 0, plan.evidence.length);
      evidence = await loadDemoEvidence(db, actor, runtime.dataDir, plan.evidence);
      // Verified photos lift their incidents' grades: consolidation reads the vault.
      await consolidateIncidents(db, { actor, ...(runtime.settings ? { settings: runtime.settings } : {}) });
    }
    // The lists name the dead of the incidents consolidation formed: link each record to its incident.
    for (const { incident_id, record_ids } of await victimsByIncident(db))
      await attachVictims(db, actor, incident_id, record_ids, 'Demo: named at this place on this day');
    const counts = await countDemoData(db);
    return {
      seed: options.seed,
      from: addDays(today, -options.days),
      to: addDays(today, -1),
      ...counts,
      evidence,
      evidence_skipped: runtime.dataDir ? null : 'no data directory for evidence files was given',
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    loading.delete(db);
  }
}

/**
 * Field reports carry their claims; wire reports go through the extractor as a wire feed's
 * would, and what it proposes is accepted as an analyst would, except the share the plan
 * leaves on the review desk.
 */
async function storeReports(
  db: Db,
  actor: Actor,
  plan: DemoPlan,
  progress: NonNullable<DemoRuntime['onProgress']>,
): Promise<void> {
  const total = plan.reports.length;
  for (let at = 0; at < total; at += SUBMIT_BATCH) {
    // Submitted together so intake's group commit stores each batch in one statement.
    const batch = plan.reports.slice(at, at + SUBMIT_BATCH);
    await Promise.all(batch.map(({ report }) => submitReport(db, actor, report)));
    for (const { report, review } of batch) {
      if (report.channel !== 'wire') continue;
      await extractWireReport(db, report.id);
      if (review !== 'accept') continue;
      for (const claim of await claimsOfReport(db, report.id))
        await reviewClaim(db, actor, claim.id, 'accepted', 'Demo: accepted as extracted');
    }
    progress('reports', Math.min(total, at + SUBMIT_BATCH), total);
  }
}

/** The victim lists go through the importer as files, exactly as `tally victims import` reads them. */
async function importVictimLists(db: Db, actor: Actor, plan: DemoPlan): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-demo-'));
  try {
    for (const [i, list] of plan.victimLists.entries()) {
      if (list.rows.length === 0) continue;
      const path = join(dir, `demo-list-${i + 1}.jsonl`);
      await writeFile(path, `${list.rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
      await importVictimFile(db, actor, path, { list: list.name });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
