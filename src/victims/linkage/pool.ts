import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ComparisonData } from './compile.ts';
import type { WorkerReply, WorkerRequest } from './score.worker.ts';
import type { ModelWeights } from './scorer.ts';

/**
 * The scoring threads, one per core by default. Chunks go to the thread with the least work
 * waiting; `submit` waits when every thread has two chunks queued, so blocking never runs
 * far ahead of scoring and memory stays bounded.
 */
export class ScorePool {
  private readonly workers: Worker[];
  private readonly inFlight: number[];
  private readonly pending = new Map<
    number,
    { resolve: (reply: WorkerReply) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private waiters: Array<() => void> = [];

  constructor(comparisons: ComparisonData[], threads = defaultThreads()) {
    const entry = new URL('./score.worker.ts', import.meta.url).href;
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
        workerData: { entry, comparisons },
      });
      worker.on('message', (reply: WorkerReply) => this.settle(reply));
      worker.on('error', (error) => this.failAll(error));
      return worker;
    });
    this.inFlight = this.workers.map(() => 0);
  }

  get size(): number {
    return this.workers.length;
  }

  private settle(reply: WorkerReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.type === 'error') waiting.reject(new Error(`scoring thread failed: ${reply.message}`));
    else waiting.resolve(reply);
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private request(
    worker: number,
    message: WorkerRequest,
    transfer: ArrayBuffer[] = [],
  ): Promise<WorkerReply> {
    this.inFlight[worker]!++;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.workers[worker]!.postMessage(message, transfer);
    }).finally(() => {
      this.inFlight[worker]!--;
      this.waiters.shift()?.();
    });
  }

  /**
   * Sends a chunk of pairs once a thread has room; `result` then resolves with the chunk's
   * pattern counts (wrapped, so awaiting the send does not also await the work).
   */
  async submit(
    pairs: Uint32Array,
    keep: boolean,
  ): Promise<{ result: Promise<{ codes: Float64Array; counts: Float64Array }> }> {
    while (Math.min(...this.inFlight) >= 2) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const worker = this.inFlight.indexOf(Math.min(...this.inFlight));
    const id = this.nextId++;
    const reply = this.request(worker, { type: 'patterns', id, pairs, keep }, [pairs.buffer as ArrayBuffer]);
    const result = reply.then((r) => {
      if (r.type !== 'patterns') throw new Error('unexpected reply');
      return { codes: r.codes, counts: r.counts };
    });
    return { result };
  }

  /** Second pass: every thread weighs the pairs it kept and returns those at or above `keepAbove`. */
  async score(model: ModelWeights, keepAbove: number) {
    const replies = await Promise.all(
      this.workers.map((_, w) => this.request(w, { type: 'score', id: this.nextId++, model, keepAbove })),
    );
    return replies.map((r) => {
      if (r.type !== 'scored') throw new Error('unexpected reply');
      return { pairs: r.pairs, weights: r.weights, scored: r.scored };
    });
  }

  async reset(): Promise<void> {
    await Promise.all(this.workers.map((_, w) => this.request(w, { type: 'reset', id: this.nextId++ })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

function defaultThreads(): number {
  const fromEnv = Number(process.env.TALLY_LINK_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(1, Math.min(8, availableParallelism()));
}
