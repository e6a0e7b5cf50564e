import { type Actor, systemActor } from '../core/actor.ts';
import { notFound } from '../core/errors.ts';
import { findNearDuplicates, insertNearDuplicate, replaceHashes, saveAnalysis } from './analysis.repo.ts';
import { appendCustody, findItem } from './evidence.repo.ts';
import { type Evidence, inBackground } from './evidence.runtime.ts';
import { ffmpegInfo } from './ffmpeg.ts';
import { type FileMetadata, mediaKind, readFileMetadata } from './media.ts';
import { type FrameHash, imageHashes, NEAR_DUPLICATE_DISTANCE, videoFrameHashes } from './phash.ts';
import { originalKey } from './store.ts';

/** A video counts as near-duplicate footage when this share of the shorter one's sampled frames match. */
const MIN_MATCHED_FRAMES = 0.5;

export interface AnalysisResult {
  status: 'done' | 'failed';
  metadata: FileMetadata | null;
  hashes: number;
  nearDuplicates: Array<{ item_id: string; distance: number; matched_frames: number }>;
  error: string | null;
}

export function scheduleAnalysis(evidence: Evidence, itemId: string): void {
  inBackground(evidence, async () => {
    await analyseItem(evidence, systemActor, itemId);
  });
}

/**
 * Reads what the file says about itself and hashes what it shows, then flags
 * earlier items that probably show the same thing. Runs after the item is
 * recorded, so a tool failing here never loses evidence: the item is marked
 * 'failed' with the reason, and `tally evidence analyse` can run it again.
 */
export async function analyseItem(evidence: Evidence, actor: Actor, itemId: string): Promise<AnalysisResult> {
  const item = await findItem(evidence.db, itemId);
  if (!item) throw notFound('Evidence item', itemId);
  const kind = mediaKind(item.media_type);
  let metadata: FileMetadata | null = null;
  let hashes: FrameHash[] = [];
  let method = '';
  try {
    await evidence.store.withLocalPath(originalKey(item.sha256), async (path) => {
      metadata = await readFileMetadata(path, item.media_type);
      if (kind === 'image') {
        hashes = await imageHashes(path);
        method = 'dct-phash-64 image';
      } else if (kind === 'video' && ffmpegInfo().available) {
        hashes = await videoFrameHashes(path, (metadata as FileMetadata | null)?.duration_seconds ?? null);
        method = `dct-phash-64 frames at fixed times (ffmpeg ${ffmpegInfo().version})`;
      }
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await evidence.db.transaction(async (tx) => {
      await saveAnalysis(tx, itemId, {
        status: 'failed',
        metadata: asRecord(metadata),
        error: message.slice(0, 2000),
      });
    });
    return { status: 'failed', metadata, hashes: 0, nearDuplicates: [], error: message };
  }

  const nearDuplicates = await evidence.db.transaction(async (tx) => {
    await saveAnalysis(tx, itemId, { status: 'done', metadata: asRecord(metadata), error: null });
    await replaceHashes(tx, itemId, hashes);
    const candidates = hashes.length > 0 ? await findNearDuplicates(tx, item, NEAR_DUPLICATE_DISTANCE) : [];
    const flagged = candidates.filter((c) => hashes.length === 1 || c.matched_frames >= MIN_MATCHED_FRAMES);
    for (const c of flagged) {
      await insertNearDuplicate(tx, {
        itemId,
        earlierItemId: c.earlier_item_id,
        distance: c.distance,
        matchedFrames: c.matched_frames,
        method,
      });
    }
    await appendCustody(tx, {
      itemId,
      actor: actor.id,
      event: 'analysed',
      details: {
        metadata_tool: (metadata as FileMetadata | null)?.tool ?? null,
        perceptual_hashes: hashes.length,
        hash_method: method || null,
        near_duplicate_of: flagged.map((c) => c.earlier_item_id),
      },
    });
    return flagged.map((c) => ({
      item_id: c.earlier_item_id,
      distance: c.distance,
      matched_frames: c.matched_frames,
    }));
  });
  return { status: 'done', metadata, hashes: hashes.length, nearDuplicates, error: null };
}

const asRecord = (metadata: FileMetadata | null) => (metadata ? { ...metadata } : null);

/** Items still waiting for analysis (the server stopped before it ran, or analyseOnReceipt was off). */
export async function pendingItemIds(evidence: Evidence, limit: number): Promise<string[]> {
  const rows = await evidence.db.query<{ id: string }>(
    `SELECT id FROM evidence_item WHERE analysis_status = 'pending' ORDER BY received_at, id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}
