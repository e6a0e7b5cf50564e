import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { type Created, newId } from '../core/ids.ts';
import type { Queryable } from '../db/client.ts';
import { scheduleAnalysis } from './analysis.service.ts';
import { presentUpload } from './evidence.present.ts';
import {
  appendCustody,
  findFirstItemWithHash,
  findUpload,
  finishUploadRow,
  insertBlob,
  insertItem,
  insertUpload,
  type UploadRow,
} from './evidence.repo.ts';
import type { Evidence } from './evidence.runtime.ts';
import type { NewUpload, Upload } from './evidence.ts';
import { sniffMediaType } from './media.ts';
import { originalKey } from './store.ts';

/**
 * Resumable uploads (tus 1.0 core semantics): the client declares the file's
 * length and SHA-256, then sends bytes with PATCH at the offset the server holds.
 * A chunk at any other offset is refused (409) with the real offset, so a chunk
 * re-sent after a lost reply never lands twice. When the last byte arrives the
 * hash is checked; only a matching file becomes evidence.
 */
export async function createUpload(
  evidence: Evidence,
  actor: Actor,
  input: NewUpload,
): Promise<Created<Upload>> {
  const { id = newId(), sha256, length, ...provenance } = input;
  await checkReferences(evidence.db, provenance);
  const inserted = await evidence.db.transaction(async (tx) => {
    const row = await insertUpload(tx, {
      id,
      declared_sha256: sha256,
      length,
      provenance,
      created_by: actor.id,
    });
    if (row) {
      await recordAudit(tx, actor, {
        action: 'evidence.upload_start',
        entity: 'evidence_upload',
        entityId: id,
        after: { sha256, length, ...provenance },
      });
    }
    return row;
  });
  if (inserted) return { created: true, value: presentUpload(inserted, 0) };
  const stored = await findUpload(evidence.db, id);
  if (!stored) throw new TallyError('internal', `Upload ${id} vanished during creation`);
  const same =
    stored.declared_sha256 === sha256 &&
    stored.length === length &&
    JSON.stringify(stored.provenance) === JSON.stringify(provenance);
  if (!same) throw new TallyError('conflict', `Upload ${id} already exists with different fields`);
  return { created: false, value: await getUpload(evidence, id, actor) };
}

async function checkReferences(db: Queryable, provenance: { source_id?: string; report_id?: string }) {
  const checks = [
    ['source_id', 'source', provenance.source_id],
    ['report_id', 'report', provenance.report_id],
  ] as const;
  for (const [field, table, id] of checks) {
    if (!id) continue;
    const rows = await db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    if (rows.length === 0) {
      throw new TallyError('unprocessable', `No ${table} ${id}`, {
        fields: [{ field, message: `no ${table} has this id` }],
      });
    }
  }
}

/**
 * A reporter reaches only their own uploads; anyone else's answers exactly like
 * an id that does not exist (no existence oracle: security brief RU4, SP3).
 */
async function findOwnUpload(db: Queryable, id: string, actor: Actor): Promise<UploadRow> {
  const row = await findUpload(db, id);
  if (!row || (actor.role === 'reporter' && row.created_by !== actor.id)) throw notFound('Upload', id);
  return row;
}

export async function getUpload(evidence: Evidence, id: string, actor: Actor): Promise<Upload> {
  const row = await findOwnUpload(evidence.db, id, actor);
  return presentUpload(row, await heldBytes(evidence, row));
}

async function heldBytes(evidence: Evidence, row: UploadRow): Promise<number> {
  if (row.status === 'complete') return row.length;
  if (row.status === 'rejected') return 0;
  return evidence.staging.offset(row.id);
}

export type ChunkOutcome =
  | { kind: 'accepted'; offset: number; itemId?: string; interrupted?: Error }
  | { kind: 'offset_mismatch'; offset: number }
  | { kind: 'checksum_mismatch'; offset: number }
  | { kind: 'rejected'; reason: string; declared: string; actual?: string };

/** Appends one PATCH body. `abort` cancels this request when a newer one for the same upload arrives. */
export async function receiveChunk(
  evidence: Evidence,
  actor: Actor,
  request: {
    id: string;
    offset: number;
    body: NodeJS.ReadableStream;
    chunkSha256?: Buffer;
    abort: () => void;
  },
): Promise<ChunkOutcome> {
  const release = await evidence.staging.acquire(request.id, request.abort);
  try {
    const upload = await findOwnUpload(evidence.db, request.id, actor);
    if (upload.status === 'rejected') {
      return { kind: 'rejected', reason: upload.rejection ?? 'rejected', declared: upload.declared_sha256 };
    }
    const held = await heldBytes(evidence, upload);
    if (request.offset !== held || upload.status === 'complete')
      return { kind: 'offset_mismatch', offset: held };

    const written = await evidence.staging.append(
      upload.id,
      held,
      upload.length,
      request.body,
      request.chunkSha256,
    );
    if (written.checksumMismatch) return { kind: 'checksum_mismatch', offset: written.offset };
    if (written.offset < upload.length) {
      return {
        kind: 'accepted',
        offset: written.offset,
        ...(written.error ? { interrupted: written.error } : {}),
      };
    }
    return await finishUpload(evidence, actor, upload);
  } finally {
    release();
  }
}

/** Every byte is in: check the hash and the type, store the original, record the item. */
async function finishUpload(evidence: Evidence, actor: Actor, upload: UploadRow): Promise<ChunkOutcome> {
  const { staging, store, db } = evidence;
  const actual = await staging.digest(upload.id, upload.length);
  if (actual !== upload.declared_sha256) {
    const reason = 'The file received does not have the SHA-256 the client declared';
    await rejectUpload(evidence, actor, upload, reason, { actual });
    return { kind: 'rejected', reason, declared: upload.declared_sha256, actual };
  }
  const mediaType = await sniffMediaType(staging.pathOf(upload.id));
  if (!mediaType) {
    const reason =
      'The file is not a photo, video, audio recording or PDF Tally accepts (checked by content)';
    await rejectUpload(evidence, actor, upload, reason, { actual });
    return { kind: 'rejected', reason, declared: upload.declared_sha256, actual };
  }

  // Durable in the store before the database says it exists; a crash in between
  // leaves an unreferenced object (reported by `tally evidence verify`), never a record without bytes.
  const { created: newObject } = await store.putFile(originalKey(actual), staging.pathOf(upload.id));
  const provenance = upload.provenance as Omit<NewUpload, 'id' | 'sha256' | 'length'>;
  const item = await db.transaction(async (tx) => {
    await insertBlob(tx, { sha256: actual, size: upload.length, media_type: mediaType });
    const earlier = await findFirstItemWithHash(tx, actual);
    const row = await insertItem(tx, {
      id: newId(),
      sha256: actual,
      upload_id: upload.id,
      media_type: mediaType,
      size: upload.length,
      original_filename: provenance.filename ?? null,
      source_id: provenance.source_id ?? null,
      report_id: provenance.report_id ?? null,
      channel: 'upload',
      submitted_by: upload.created_by,
      declared_captured_at: provenance.captured_at ? new Date(provenance.captured_at) : null,
      declared_place_text: provenance.place_text ?? null,
      declared_lat: provenance.lat ?? null,
      declared_lon: provenance.lon ?? null,
      exact_duplicate_of: earlier ?? null,
    });
    await appendCustody(tx, {
      itemId: row.id,
      actor: upload.created_by,
      event: 'received',
      details: { upload_id: upload.id, channel: 'upload', bytes: upload.length, ...provenance },
    });
    await appendCustody(tx, {
      itemId: row.id,
      actor: actor.id,
      event: 'hashed',
      details: {
        algorithm: 'sha256',
        sha256: actual,
        matches_declared: true,
        media_type: mediaType,
        stored_as: newObject ? 'new object' : 'existing object (same bytes received before)',
        ...(earlier ? { exact_duplicate_of: earlier } : {}),
      },
    });
    await finishUploadRow(tx, upload.id, { status: 'complete', itemId: row.id });
    await recordAudit(tx, actor, {
      action: 'evidence.receive',
      entity: 'evidence_item',
      entityId: row.id,
      after: { sha256: actual, size: upload.length, media_type: mediaType, upload_id: upload.id },
    });
    return row;
  });
  await staging.discard(upload.id);
  if (evidence.analyseOnReceipt) scheduleAnalysis(evidence, item.id);
  return { kind: 'accepted', offset: upload.length, itemId: item.id };
}

async function rejectUpload(
  evidence: Evidence,
  actor: Actor,
  upload: UploadRow,
  reason: string,
  details: Record<string, unknown>,
): Promise<void> {
  await evidence.db.transaction(async (tx) => {
    await finishUploadRow(tx, upload.id, { status: 'rejected', rejection: reason });
    await recordAudit(tx, actor, {
      action: 'evidence.upload_rejected',
      entity: 'evidence_upload',
      entityId: upload.id,
      after: { declared_sha256: upload.declared_sha256, ...details },
      reason,
    });
  });
  await evidence.staging.discard(upload.id);
}
