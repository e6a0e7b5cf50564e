import { join } from 'node:path';
import type { Logger } from '../core/log.ts';
import type { Db } from '../db/client.ts';
import { evidenceDir, LocalObjectStore, type ObjectStore } from './store.ts';
import { UploadStaging } from './upload-staging.ts';

/**
 * What the evidence use cases share: the database, the object store for
 * originals and working copies, the staging area for partial uploads, and the
 * analyses (metadata, perceptual hashes) still running after an upload finished.
 */
export interface Evidence {
  db: Db;
  store: ObjectStore;
  staging: UploadStaging;
  /** Analyses started after an upload finished; `settle()` waits for them (tests, shutdown). */
  background: Set<Promise<void>>;
  /** When false, finished uploads are left 'pending' for `tally evidence analyse` instead. */
  analyseOnReceipt: boolean;
  log?: Pick<Logger, 'error'> | undefined;
}

export interface EvidenceOptions {
  store?: ObjectStore;
  analyseOnReceipt?: boolean;
  log?: Pick<Logger, 'error'>;
}

/** Evidence lives under `<dataDir>/evidence/` (objects/ and uploads/), also when DATABASE_URL is set. */
export function openEvidence(db: Db, dataDir: string, options: EvidenceOptions = {}): Evidence {
  const root = evidenceDir(dataDir);
  return {
    db,
    store: options.store ?? new LocalObjectStore(join(root, 'objects')),
    staging: new UploadStaging(join(root, 'uploads')),
    background: new Set(),
    analyseOnReceipt: options.analyseOnReceipt ?? true,
    log: options.log,
  };
}

/** Runs `work` after the response, keeping track of it so shutdown can wait. */
export function inBackground(evidence: Evidence, work: () => Promise<void>): void {
  const running = work()
    .catch((error: unknown) => evidence.log?.error({ err: error }, 'evidence background work failed'))
    .finally(() => evidence.background.delete(running));
  evidence.background.add(running);
}

export async function settle(evidence: Evidence): Promise<void> {
  while (evidence.background.size > 0) await Promise.allSettled([...evidence.background]);
}
