import { z } from 'zod';
import { zUuid } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { defineJob } from '../jobs/job.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { queuedRunIds } from './linkage.repo.ts';
import { runLinkage } from './linkage.service.ts';

/** A linkage run over every victim record; the run row says what to do and records the outcome. */
export const linkVictimsJob = defineJob({
  name: 'victims-link',
  payload: z.object({ run_id: zUuid }),
  retryLimit: 1,
  async handle({ db }, { run_id }) {
    await runLinkage(db, run_id);
  },
});

/** Queues runs that were requested while no queue was listening; returns how many. */
export async function sweepQueuedLinkRuns(db: Db, jobs: JobQueue): Promise<number> {
  const ids = await queuedRunIds(db, 10);
  for (const id of ids) await jobs.send(linkVictimsJob, { run_id: id }, { singletonKey: id });
  return ids.length;
}
