import { z } from 'zod';
import { zUuid } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import type { Report } from '../intake/report.ts';
import { defineJob } from '../jobs/job.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { extractWireReport, findUnextractedWireReports } from './wire.service.ts';

export const extractWireReportJob = defineJob({
  name: 'extract-wire-report',
  payload: z.object({ report_id: zUuid }),
  retryLimit: 5,
  async handle({ db }, { report_id }) {
    await extractWireReport(db, report_id);
  },
});

/** After intake: a new wire report with text goes to the extractor. */
export async function enqueueWireExtraction(jobs: JobQueue, report: Report): Promise<void> {
  if (report.channel !== 'wire' || !report.text) return;
  await jobs.send(extractWireReportJob, { report_id: report.id }, { singletonKey: report.id });
}

/** Finds wire reports no extraction has read and queues them; returns how many. */
export async function sweepUnextractedWireReports(db: Db, jobs: JobQueue): Promise<number> {
  const ids = await findUnextractedWireReports(db, 500);
  for (const id of ids) await jobs.send(extractWireReportJob, { report_id: id }, { singletonKey: id });
  return ids.length;
}
