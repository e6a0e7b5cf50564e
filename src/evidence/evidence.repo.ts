import type { Queryable } from '../db/client.ts';
import type { CustodyEvent, VerificationStatus } from './evidence.ts';

export interface UploadRow {
  id: string;
  declared_sha256: string;
  length: number;
  provenance: Record<string, unknown>;
  created_by: string;
  status: 'receiving' | 'complete' | 'rejected';
  rejection: string | null;
  item_id: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export async function insertUpload(
  tx: Queryable,
  upload: Pick<UploadRow, 'id' | 'declared_sha256' | 'length' | 'provenance' | 'created_by'>,
): Promise<UploadRow | undefined> {
  const rows = await tx.query<UploadRow>(
    `INSERT INTO evidence_upload (id, declared_sha256, length, provenance, created_by)
     VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (id) DO NOTHING
     RETURNING *`,
    [upload.id, upload.declared_sha256, upload.length, JSON.stringify(upload.provenance), upload.created_by],
  );
  return rows[0];
}

export async function findUpload(db: Queryable, id: string): Promise<UploadRow | undefined> {
  const rows = await db.query<UploadRow>('SELECT * FROM evidence_upload WHERE id = $1', [id]);
  return rows[0];
}

export async function finishUploadRow(
  tx: Queryable,
  id: string,
  outcome: { status: 'complete'; itemId: string } | { status: 'rejected'; rejection: string },
): Promise<void> {
  await tx.query(
    `UPDATE evidence_upload SET status = $2, item_id = $3, rejection = $4, finished_at = now()
     WHERE id = $1 AND status = 'receiving'`,
    [
      id,
      outcome.status,
      outcome.status === 'complete' ? outcome.itemId : null,
      outcome.status === 'rejected' ? outcome.rejection : null,
    ],
  );
}

export async function insertBlob(
  tx: Queryable,
  blob: { sha256: string; size: number; media_type: string },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO evidence_blob (sha256, size, media_type) VALUES ($1, $2, $3)
     ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
    [blob.sha256, blob.size, blob.media_type],
  );
  return rows.length > 0;
}

export interface ItemRow {
  id: string;
  sha256: string;
  upload_id: string | null;
  media_type: string;
  size: number;
  original_filename: string | null;
  source_id: string | null;
  report_id: string | null;
  channel: 'upload' | 'import';
  submitted_by: string;
  received_at: Date;
  declared_captured_at: Date | null;
  declared_place_text: string | null;
  declared_lat: number | null;
  declared_lon: number | null;
  file_metadata: Record<string, unknown> | null;
  analysis_status: 'pending' | 'done' | 'failed';
  analysis_error: string | null;
  exact_duplicate_of: string | null;
  verification_status: VerificationStatus;
  status_changed_at: Date | null;
}

export type NewItemRow = Omit<
  ItemRow,
  | 'received_at'
  | 'file_metadata'
  | 'analysis_status'
  | 'analysis_error'
  | 'verification_status'
  | 'status_changed_at'
>;

export async function insertItem(tx: Queryable, item: NewItemRow): Promise<ItemRow> {
  const rows = await tx.query<ItemRow>(
    `INSERT INTO evidence_item (id, sha256, upload_id, media_type, size, original_filename, source_id,
       report_id, channel, submitted_by, declared_captured_at, declared_place_text, declared_lat,
       declared_lon, exact_duplicate_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     RETURNING *`,
    [
      item.id,
      item.sha256,
      item.upload_id,
      item.media_type,
      item.size,
      item.original_filename,
      item.source_id,
      item.report_id,
      item.channel,
      item.submitted_by,
      item.declared_captured_at,
      item.declared_place_text,
      item.declared_lat,
      item.declared_lon,
      item.exact_duplicate_of,
    ],
  );
  return rows[0]!;
}

export async function findItem(db: Queryable, id: string): Promise<ItemRow | undefined> {
  const rows = await db.query<ItemRow>('SELECT * FROM evidence_item WHERE id = $1', [id]);
  return rows[0];
}

/** The first item that brought these bytes in: later copies are exact duplicates of it. */
export async function findFirstItemWithHash(tx: Queryable, sha256: string): Promise<string | undefined> {
  const rows = await tx.query<{ id: string }>(
    'SELECT id FROM evidence_item WHERE sha256 = $1 ORDER BY received_at, id LIMIT 1',
    [sha256],
  );
  return rows[0]?.id;
}

export async function listItems(
  db: Queryable,
  page: { after?: { key: string; id: string } | undefined; limit: number; incidentId?: string | undefined },
): Promise<ItemRow[]> {
  return db.query<ItemRow>(
    `SELECT * FROM evidence_item
     WHERE ($1::timestamptz IS NULL OR (received_at, id) > ($1::timestamptz, $2::uuid))
       AND ($4::uuid IS NULL OR id IN (SELECT item_id FROM evidence_incident WHERE incident_id = $4::uuid))
     ORDER BY received_at, id
     LIMIT $3`,
    [page.after?.key ?? null, page.after?.id ?? null, page.limit + 1, page.incidentId ?? null],
  );
}

export async function appendCustody(
  tx: Queryable,
  entry: { itemId: string; actor: string; event: CustodyEvent; details?: Record<string, unknown> },
): Promise<void> {
  await tx.query(
    'INSERT INTO evidence_custody (item_id, actor, event, details) VALUES ($1, $2, $3, $4::jsonb)',
    [entry.itemId, entry.actor, entry.event, JSON.stringify(entry.details ?? {})],
  );
}

export interface CustodyRow {
  id: number;
  at: Date;
  actor: string;
  event: CustodyEvent;
  details: Record<string, unknown>;
}

export async function listCustody(db: Queryable, itemId: string): Promise<CustodyRow[]> {
  return db.query<CustodyRow>(
    'SELECT id, at, actor, event, details FROM evidence_custody WHERE item_id = $1 ORDER BY id',
    [itemId],
  );
}

export async function blobFixity(db: Queryable, sha256: string): Promise<'intact' | 'altered' | 'missing'> {
  const rows = await db.query<{ fixity_status: 'intact' | 'altered' | 'missing' }>(
    'SELECT fixity_status FROM evidence_blob WHERE sha256 = $1',
    [sha256],
  );
  return rows[0]?.fixity_status ?? 'missing';
}
