import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { countRows, post, reportBody } from '../../test/factories.ts';
import type { Db } from '../db/client.ts';
import { JobQueue } from '../jobs/queue.ts';
import { allJobs, type RunningWorker, startWorker } from '../jobs/worker.ts';
import { ensureGazetteer } from '../places/resolve.ts';
import { extractWireReport } from './wire.service.ts';

const article = readFileSync(
  new URL('./eval/fixtures/wire-afp-2012-12-30-homs.txt', import.meta.url),
  'utf8',
);

let db: Db;
let sourceId: string;

beforeAll(async () => {
  db = await freshDb();
  await ensureGazetteer(db);
  const bare = await buildTestApp({ db });
  sourceId = (await post(bare, '/api/v1/sources', { kind: 'news_outlet', pseudonym: 'AFP' })).body.id;
  await bare.close();
});
afterAll(async () => db.close());

async function waitFor(check: () => Promise<boolean>, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('timed out waiting');
}

describe('wire reports', () => {
  it('are extracted once, the claims stored as proposed with their place resolved', async () => {
    const body = reportBody(sourceId, {
      channel: 'wire',
      text: article,
      reported_at: '2012-12-30T12:00:00Z',
      claims: [],
    });
    const bare = await buildTestApp({ db });
    expect((await post(bare, '/api/v1/reports', body)).status).toBe(201);
    await bare.close();

    const first = await extractWireReport(db, body.id);
    expect(first).toBeGreaterThan(0);
    expect(await extractWireReport(db, body.id)).toBeNull();
    const claims = await db.query<{ status: string; place_id: string | null; count_best: number | null }>(
      'SELECT status, place_id, count_best FROM claim WHERE report_id = $1',
      [body.id],
    );
    expect(claims).toHaveLength(first as number);
    expect(claims.every((c) => c.status === 'proposed')).toBe(true);
    expect(claims.some((c) => c.place_id !== null)).toBe(true);
    expect(claims.map((c) => c.count_best)).toEqual(expect.arrayContaining([13, 10]));
  });

  describe('through the job queue', () => {
    let jobs: JobQueue;
    let worker: RunningWorker;
    let app: FastifyInstance;
    beforeAll(async () => {
      jobs = await JobQueue.start(db, allJobs);
      app = await buildTestApp({ db, jobs });
    });
    afterAll(async () => {
      await app.close();
      await worker?.stop();
    });

    it('a wire report posted to the API gets proposed claims from the worker, and a lost job is swept up', async () => {
      const posted = reportBody(sourceId, { channel: 'wire', text: article, claims: [] });
      expect((await post(app, '/api/v1/reports', posted)).status).toBe(201);
      // Stored without the queue: as if the job had been lost in a crash.
      const lost = reportBody(sourceId, { channel: 'wire', text: article, claims: [] });
      const bare = await buildTestApp({ db });
      await post(bare, '/api/v1/reports', lost);
      await bare.close();

      worker = await startWorker(db, jobs);
      for (const id of [posted.id, lost.id]) {
        await waitFor(async () => (await countRows(db, 'report_extraction', 'report_id = $1', [id])) === 1);
        expect(await countRows(db, 'claim', "report_id = $1 AND status = 'proposed'", [id])).toBeGreaterThan(
          0,
        );
      }
    });
  });
});
