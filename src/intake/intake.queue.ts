import type { Db, Queryable } from '../db/client.ts';
import type { ClaimRow } from './claims.repo.ts';
import { insertReportsWithClaims, type ReportRow, type ReportToStore } from './reports.repo.ts';

type Stored = { report: ReportRow; claims: ClaimRow[] } | undefined;

interface Waiting {
  item: ReportToStore;
  resolve: (stored: Stored) => void;
  reject: (error: unknown) => void;
}

const BATCH_MAX = 100;

/**
 * Group commit for intake. While a statement is in flight, reports that
 * arrive wait and then go to the database together in one statement. An idle
 * server adds no delay; a busy one plans, sends and commits once per batch
 * instead of once per report. If a batch fails, each of its reports is
 * retried alone so that every client gets its own answer.
 */
export class IntakeQueue {
  private readonly waiting: Waiting[] = [];
  private running = false;
  private flushScheduled = false;
  /** One connection kept for the queue's statements, which go out one at a time. */
  private readonly connection: Queryable;
  /** The database runs in another process (PostgreSQL), so a statement and our JavaScript overlap. */
  private readonly databaseRunsElsewhere: boolean;

  constructor(db: Db) {
    this.connection = db.holdConnection();
    this.databaseRunsElsewhere = db.engine === 'postgres';
  }

  /** Resolves with the stored rows, or undefined when a report with this id already existed. */
  store(item: ReportToStore): Promise<Stored> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * Flushes after the event loop has read the requests already waiting on
   * sockets, so that they join this batch. PGlite runs a statement without
   * yielding to I/O, so flushing at once would always send batches of one.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.running || this.waiting.length === 0) return;
    this.running = true;
    void this.run(this.takeBatch());
  }

  /** Up to BATCH_MAX reports with distinct ids; a second copy of an id waits for the next batch. */
  private takeBatch(): Waiting[] {
    const ids = new Set<string>();
    const batch: Waiting[] = [];
    for (let i = 0; i < this.waiting.length && batch.length < BATCH_MAX; ) {
      const next = this.waiting[i] as Waiting;
      if (ids.has(next.item.report.id)) {
        i += 1;
        continue;
      }
      ids.add(next.item.report.id);
      batch.push(next);
      this.waiting.splice(i, 1);
    }
    return batch;
  }

  /**
   * Stores a batch, then answers its reports. On PostgreSQL the next batch is
   * sent before the answers are written: the server works on it while this
   * process serializes responses, instead of idling until they are all out
   * (+13 % median throughput with 8 clients on the bench machine, docs/benchmarks.md).
   * PGlite would run that statement on this thread first and delay every answer.
   */
  private async run(batch: Waiting[]): Promise<void> {
    let stored: Map<string, NonNullable<Stored>>;
    try {
      stored = await insertReportsWithClaims(
        this.connection,
        batch.map((w) => w.item),
      );
    } catch (error) {
      await this.retryOneByOne(batch, error);
      this.running = false;
      this.scheduleFlush();
      return;
    }
    this.running = false;
    if (this.databaseRunsElsewhere) this.flush();
    for (const w of batch) w.resolve(stored.get(w.item.report.id));
    if (!this.databaseRunsElsewhere) this.scheduleFlush();
  }

  /** After a failed batch: each report alone, so one bad report fails only its own request. */
  private async retryOneByOne(batch: Waiting[], error: unknown): Promise<void> {
    if (batch.length === 1) {
      batch[0]?.reject(error);
      return;
    }
    for (const w of batch) {
      await insertReportsWithClaims(this.connection, [w.item]).then(
        (stored) => w.resolve(stored.get(w.item.report.id)),
        w.reject,
      );
    }
  }
}

const queues = new WeakMap<Db, IntakeQueue>();

/**
 * One queue per database handle, with one statement in flight on both engines.
 * PGlite runs one statement at a time anyway. On PostgreSQL every intake
 * statement takes the audit chain's lock until it commits, so parallel batches
 * mostly wait for each other; one at a time makes the batches bigger, and on
 * the two-core bench machine it cost the database a sixth less CPU per report
 * and gained 1 to 10 % throughput against four in flight (docs/benchmarks.md).
 */
export function intakeQueueFor(db: Db): IntakeQueue {
  let queue = queues.get(db);
  if (!queue) {
    queue = new IntakeQueue(db);
    queues.set(db, queue);
  }
  return queue;
}
