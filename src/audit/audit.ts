import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import type { Queryable } from '../db/client.ts';

export const zAuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entity_id: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof zAuditEntry>;

export interface AuditEvent {
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null | undefined;
}

/**
 * Records one write in the same transaction as the write itself, so a change
 * and its audit entry commit or vanish together.
 */
export async function recordAudit(tx: Queryable, actor: Actor, event: AuditEvent): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor, action, entity, entity_id, before, after, reason)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
    [
      actor.id,
      event.action,
      event.entity,
      event.entityId,
      event.before === undefined ? null : JSON.stringify(event.before),
      event.after === undefined ? null : JSON.stringify(event.after),
      event.reason ?? null,
    ],
  );
}

interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export async function listAuditFor(db: Queryable, entity: string, entityId: string): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    'SELECT * FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id',
    [entity, entityId],
  );
  return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
}
