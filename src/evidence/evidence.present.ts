import type { DerivativeRow } from './analysis.repo.ts';
import type { CustodyRow, ItemRow, UploadRow } from './evidence.repo.ts';
import type { Check, CustodyEntry, Derivative, EvidenceItem, Upload } from './evidence.ts';
import type { CheckRow } from './verification.repo.ts';

/** Fields leave the server only when listed here. */
export function presentUpload(row: UploadRow, offset: number): Upload {
  return {
    id: row.id,
    sha256: row.declared_sha256,
    length: row.length,
    offset,
    status: row.status,
    rejection: row.rejection,
    item_id: row.item_id,
    created_at: row.created_at.toISOString(),
  };
}

export interface ItemExtras {
  fixity: 'intact' | 'altered' | 'missing';
  nearDuplicates: EvidenceItem['near_duplicates'];
  incidentIds: string[];
  victimIds: string[];
}

export function presentItem(row: ItemRow, extras: ItemExtras): EvidenceItem {
  return {
    id: row.id,
    sha256: row.sha256,
    size: row.size,
    media_type: row.media_type,
    original_filename: row.original_filename,
    source_id: row.source_id,
    report_id: row.report_id,
    channel: row.channel,
    submitted_by: row.submitted_by,
    received_at: row.received_at.toISOString(),
    declared: {
      captured_at: row.declared_captured_at?.toISOString() ?? null,
      place_text: row.declared_place_text,
      lat: row.declared_lat,
      lon: row.declared_lon,
    },
    file_metadata: row.file_metadata,
    analysis_status: row.analysis_status,
    exact_duplicate_of: row.exact_duplicate_of,
    near_duplicates: extras.nearDuplicates,
    verification_status: row.verification_status,
    fixity_status: extras.fixity,
    incident_ids: extras.incidentIds,
    victim_ids: extras.victimIds,
  };
}

export function presentCustody(row: CustodyRow): CustodyEntry {
  return { id: row.id, at: row.at.toISOString(), actor: row.actor, event: row.event, details: row.details };
}

export function presentCheck(row: CheckRow): Check {
  return {
    id: row.id,
    item_id: row.item_id,
    kind: row.kind,
    method: row.method,
    result: row.result,
    notes: row.notes,
    reviewer: row.reviewer,
    at: row.at.toISOString(),
  };
}

export function presentDerivative(row: DerivativeRow): Derivative {
  return {
    id: row.id,
    item_id: row.item_id,
    parent_sha256: row.parent_sha256,
    kind: row.kind,
    sha256: row.sha256,
    size: row.size,
    media_type: row.media_type,
    tool: row.tool,
    tool_version: row.tool_version,
    parameters: row.parameters,
    created_at: row.created_at.toISOString(),
  };
}
