import PgBoss from 'pg-boss';
import { TallyError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import type { Db, Queryable } from '../db/client.ts';
import type { JobDefinition, JobDeps } from './job.ts';

/**
 * pg-boss over Tally's own database handle, on both engines: the queue lives in
 * the `pgboss` schema of the same database, so any number of `tally worker`
 * processes on any number of machines share one PostgreSQL queue, and the
 * embedded engine needs nothing else.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly known = new Map<string, JobDefinition<unknown>>();

  private constructor(
    db: Db,
    private readonly logger: Logger | undefined,
  ) {
    this.boss = new PgBoss({ db: adapterFor(db), schema: 'pgboss', supervise: true, schedule: false });
    this.boss.on('error', (error) => this.logger?.error({ err: error }, 'job queue error'));
  }

  static async start(db: Db, jobs: JobDefinition<unknown>[], logger?: Logger): Promise<JobQueue> {
    const queue = new JobQueue(db, logger);
    await queue.boss.start();
    for (const job of jobs) {
      queue.known.set(job.name, job);
      await queue.boss.createQueue(job.name, {
        name: job.name,
        retryLimit: job.retryLimit,
        retryBackoff: true,
      });
    }
    return queue;
  }

  /**
   * Enqueues a job. With `singletonKey`, a job already waiting with that key is
   * not queued twice. Pass `tx` to enqueue inside a caller's transaction.
   */
  async send<Payload>(
    job: JobDefinition<Payload>,
    payload: Payload,
    options: { singletonKey?: string; tx?: Queryable } = {},
  ): Promise<string | null> {
    const checked = job.payload.safeParse(payload);
    if (!checked.success)
      throw new TallyError('internal', `Job ${job.name} got a payload its schema refuses`);
    return this.boss.send(job.name, checked.data as object, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.tx ? { db: adapterFor(options.tx) } : {}),
    });
  }

  /** Works every known job in this process until stop(). */
  async work(deps: JobDeps, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
    for (const job of this.known.values()) {
      await this.boss.work(
        job.name,
        { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
        async ([next]) => {
          if (!next) return;
          const payload = job.payload.parse(next.data);
          await job.handle(deps, payload);
        },
      );
    }
  }

  /** Waits for running jobs, then stops polling. */
  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, close: false });
  }

  async countWaiting(name: string): Promise<number> {
    return this.boss.getQueueSize(name);
  }
}

/** pg-boss sends parameterless multi-statement SQL (its migrations): route that through exec. */
function adapterFor(db: Queryable): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const rows = values && values.length > 0 ? await db.query(text, values) : await db.exec(text);
      return { rows };
    },
  };
}
