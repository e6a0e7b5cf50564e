import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import type { Db } from '../db/client.ts';
import { evidenceRoutes } from './evidence.routes.ts';
import { type Evidence, openEvidence } from './evidence.runtime.ts';

export interface EvidenceTestApp {
  db: Db;
  dataDir: string;
  evidence: Evidence;
  /** `inject` is signed in as an admin. */
  app: FastifyInstance;
  url: string;
  /** Base URL and the admin's API token, for requests over the socket. */
  server: { url: string; token: string };
  /** Stops the HTTP server (and waits for analyses); `keepData` leaves the database and files for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** The real app plus the evidence routes, listening on loopback, over a fresh database and data directory. */
export async function startEvidenceApp(
  reuse: { db: Db; dataDir: string } | undefined = undefined,
  options: { analyseOnReceipt?: boolean } = {},
): Promise<EvidenceTestApp> {
  const db = reuse?.db ?? (await freshDb());
  const dataDir = reuse?.dataDir ?? (await mkdtemp(join(tmpdir(), 'tally-evidence-')));
  const evidence = openEvidence(db, dataDir, options);
  const app = await buildTestApp({ db });
  await app.register(evidenceRoutes({ db, config: { dataDir }, evidence }), { prefix: '/api/v1' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    db,
    dataDir,
    evidence,
    app,
    url,
    server: { url, token: app.token },
    async close({ keepData = false } = {}) {
      await app.close();
      if (keepData) return;
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every file under a directory, recursively (to prove that nothing was stored). */
export async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
