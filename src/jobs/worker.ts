import type { Logger } from '../core/log.ts';
import type { Db } from '../db/client.ts';
import { extractWireReportJob, sweepUnextractedWireReports } from '../extract/extract.jobs.ts';
import { consolidateIncidentsJob, sweepConsolidation } from '../incidents/consolidate.jobs.ts';
import { linkVictimsJob, sweepQueuedLinkRuns } from '../victims/victims.jobs.ts';
import type { JobDefinition } from './job.ts';
import type { JobQueue } from './queue.ts';

/** Every background job Tally has. A new *.jobs.ts adds its definitions here. */
export const allJobs: JobDefinition<unknown>[] = [
  extractWireReportJob as JobDefinition<unknown>,
  consolidateIncidentsJob as JobDefinition<unknown>,
  linkVictimsJob as JobDefinition<unknown>,
];

const SWEEP_EVERY_MS = 60_000;

export interface RunningWorker {
  stop(): Promise<void>;
}

/**
 * Works the queue in this process: `tally worker` runs only this, `tally serve`
 * runs it beside the API unless told not to. A periodic sweep re-queues work
 * whose job was lost (a crash between storing a report and queueing its job).
 */
export async function startWorker(db: Db, jobs: JobQueue, logger?: Logger): Promise<RunningWorker> {
  await jobs.work({ db });
  const sweep = async () => {
    try {
      const queued = await sweepUnextractedWireReports(db, jobs);
      if (queued > 0) logger?.info({ queued }, 'queued wire reports that had not been extracted');
      await sweepConsolidation(db, jobs);
      const runs = await sweepQueuedLinkRuns(db, jobs);
      if (runs > 0) logger?.info({ runs }, 'queued victim linkage runs that had no job');
    } catch (error) {
      logger?.error({ err: error }, 'sweep failed');
    }
  };
  await sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await jobs.stop();
    },
  };
}
