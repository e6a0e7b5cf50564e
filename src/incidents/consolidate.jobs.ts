import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { defineJob } from '../jobs/job.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { loadTollSettings } from '../tolls/toll-settings.ts';
import { consolidateIncidents } from './consolidate.service.ts';

/**
 * Runs consolidation in the background. Runs are serialised by an advisory lock and write
 * nothing when nothing changed, so a retried or duplicated job is harmless.
 */
export const consolidateIncidentsJob = defineJob({
  name: 'consolidate-incidents',
  payload: z.object({ reason: z.string().max(200).optional() }),
  retryLimit: 3,
  async handle({ db }) {
    await consolidateIncidents(db, { settings: loadTollSettings() });
  },
});

const FORCE_EVERY_MS = 30 * 60_000;
let last: { fingerprint: string; at: number } | undefined;

/**
 * Called by the worker's periodic sweep: queues a consolidation when claims, reports or
 * analysts' decisions look different since the last sweep (new rows, status counts), and in
 * any case every 30 minutes, which catches edits the cheap fingerprint cannot see.
 */
export async function sweepConsolidation(db: Db, jobs: JobQueue, now = Date.now()): Promise<boolean> {
  const [row] = await db.query<{ f: string }>(
    `SELECT concat_ws('/', (SELECT max(seq) FROM claim), (SELECT count(*) FROM claim WHERE status = 'accepted'),
              (SELECT count(*) FROM claim WHERE status = 'rejected'), (SELECT max(id) FROM incident_decision),
              (SELECT count(*) FROM incident_claim)) AS f`,
  );
  const fingerprint = row?.f ?? '';
  if (last && last.fingerprint === fingerprint && now - last.at < FORCE_EVERY_MS) return false;
  await jobs.send(consolidateIncidentsJob, { reason: 'sweep' }, { singletonKey: 'consolidate-incidents' });
  last = { fingerprint, at: now };
  return true;
}
