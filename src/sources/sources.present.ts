import type { Source } from './source.ts';
import type { SourceRow } from './sources.repo.ts';

/** Fields leave the server only when listed here. */
export function presentSource(row: SourceRow): Source {
  return {
    id: row.id,
    kind: row.kind,
    pseudonym: row.pseudonym,
    independence_group: row.independence_group,
    reliability_note: row.reliability_note,
    created_at: row.created_at.toISOString(),
  };
}
