import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { decideReviewRow, listReviews, lockReview } from './linkage.repo.ts';
import type { LinkReview } from './victim.ts';
import { presentReview } from './victims.present.ts';
import {
  closeMemberships,
  findRecord,
  insertPersons,
  openMemberships,
  recordsOfPersons,
} from './victims.repo.ts';

/**
 * The review queue: pairs the model was unsure about, most likely matches first. A decision
 * takes effect at once (accept joins the two persons, reject separates the records if they
 * share one) and is kept, so later linkage runs obey it.
 */
export async function pageReviews(
  db: Db,
  query: { status: 'pending' | 'accepted' | 'rejected'; limit: number },
): Promise<{ items: LinkReview[] }> {
  return { items: (await listReviews(db, query.status, query.limit)).map(presentReview) };
}

export async function decideReview(
  db: Db,
  actor: Actor,
  id: string,
  input: { decision: 'accept' | 'reject'; reason: string },
): Promise<LinkReview> {
  return db.transaction(async (tx) => {
    const review = await lockReview(tx, id);
    if (!review) throw notFound('Review', id);
    const status = input.decision === 'accept' ? 'accepted' : 'rejected';
    if (review.status !== 'pending' && review.status !== status)
      throw new TallyError(
        'conflict',
        `review ${id} was already ${review.status}; a change of mind needs a new merge or split`,
      );
    const updated = await decideReviewRow(tx, id, { status, reason: input.reason, decided_by: actor.id });
    const a = await findRecord(tx, review.record_a);
    const b = await findRecord(tx, review.record_b);
    if (!a || !b) throw new TallyError('internal', `review ${id} names a missing record`);
    if (status === 'accepted' && a.person_id && b.person_id && a.person_id !== b.person_id) {
      const moving = (await recordsOfPersons(tx, [b.person_id])).map((r) => r.id);
      await closeMemberships(tx, moving, actor.id, `review ${id} accepted: ${input.reason}`);
      await openMemberships(
        tx,
        moving.map((record) => ({ record, person: a.person_id! })),
        actor.id,
        `review ${id} accepted`,
        null,
      );
    }
    if (status === 'rejected' && a.person_id && a.person_id === b.person_id) {
      const person = newId();
      await insertPersons(tx, [person]);
      await closeMemberships(tx, [b.id], actor.id, `review ${id} rejected: ${input.reason}`);
      await openMemberships(tx, [{ record: b.id, person }], actor.id, `review ${id} rejected`, null);
    }
    const value = presentReview(updated);
    await recordAudit(tx, actor, {
      action: `link_review.${input.decision}`,
      entity: 'link_review',
      entityId: id,
      before: presentReview(review),
      after: value,
      reason: input.reason,
    });
    return value;
  });
}
