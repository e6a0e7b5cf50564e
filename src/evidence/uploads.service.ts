import { recordAudit } from '../audit/audit.ts';
import { type Actor, roleAtLeast } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { type Created, newId } from '../core/ids.ts';
import type { Queryable } from '../db/client.ts';
import { findReport } from '../intake/reports.repo.ts';
import { findSource } from '../sources/sources.repo.ts';
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
  await checkReferences(evidence.db, actor, provenance);
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
  // Another account's upload id is neither a retry nor a conflict to explain: one answer,
  // whatever it declared, so the id tells nothing about that upload.
  if (stored.created_by !== actor.id) {
    throw new TallyError('id_conflict', `The id ${id} cannot be used; choose another UUID and start again`, {
      fields: [{ field: 'id', message: 'choose another UUID' }],
    });
  }
  const same =
    stored.declared_sha256 === sha256 &&
    stored.length === length &&
    JSON.stringify(stored.provenance) === JSON.stringify(provenance);
  if (!same) throw new TallyError('conflict', `Upload ${id} already exists with different fields`);
  return { created: false, value: await getUpload(evidence, id, actor) };
}

/**
 * The source and report an upload names must exist, and the report must be one the
 * actor may attach files to: a reporter only to reports they submitted, analysts and
 * up to any. Another reporter's report answers exactly like a missing one, as
 * GET /reports/:id does, so the check is no oracle for report ids.
 */
async function checkReferences(
  db: Queryable,
  actor: Actor,
  provenance: { source_id?: string | undefined; report_id?: string | undefined },
) {
  const missing = (field: string, what: string, id: string) =>
    new TallyError('unprocessable', `No ${what} ${id}`, {
      fields: [{ field, message: `no ${what} has this id` }],
    });
  if (provenance.source_id && !(await findSource(db, provenance.source_id)))
    throw missing('source_id', 'source', provenance.source_id);
  if (provenance.report_id) {
    const report = await findReport(db, provenance.report_id);
    const mayAttach =
      report &&
      (roleAtLeast(actor.role, 'analyst') ||
        (actor.userId !== undefined && report.submitted_by === actor.userId));
    if (!mayAttach) throw missing('report_id', 'report', provenance.report_id);
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

/**
 * An upload belongs to the account that started it: only it sends bytes (PATCH) or
 * takes the upload over (HEAD), so no one, an analyst included, can put bytes into
 * another's file before its hash is checked. Analysts may read its state (GET), so
 * for them a 403 hides nothing; for a reporter it stays a 404.
 */
async function findUploadToWrite(db: Queryable, id: string, actor: Actor): Promise<UploadRow> {
  const row = await findOwnUpload(db, id, actor);
  if (row.created_by !== actor.id) {
    throw new TallyError(
      'forbidden',
      `Upload ${id} belongs to the account that started it; only that account may send its bytes (GET shows its state)`,
    );
  }
  return row;
}

export async function getUpload(evidence: Evidence, id: string, actor: Actor): Promise<Upload> {
  const row = await findOwnUpload(evidence.db, id, actor);
  return presentUpload(row, await heldBytes(evidence, row));
}

/** HEAD: the upload's state, taking it over from any PATCH still running, as tus servers do. */
export async function takeOverUpload(evidence: Evidence, id: string, actor: Actor): Promise<Upload> {
  // Checked before the takeover, which aborts the request holding the upload: an account
  // that may not write must not cut off the uploader's running PATCH either.
  await findUploadToWrite(evidence.db, id, actor);
  const release = await evidence.staging.acquire(id, () => {});
  try {
    return await getUpload(evidence, id, actor);
  } finally {
    release();
  }
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
  // Checked before the takeover too (see takeOverUpload).
  await findUploadToWrite(evidence.db, request.id, actor);
  const release = await evidence.staging.acquire(request.id, request.abort);
  try {
    const upload = await findUploadToWrite(evidence.db, request.id, actor);
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
