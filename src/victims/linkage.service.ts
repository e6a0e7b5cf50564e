import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { systemActor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Db, Queryable } from '../db/client.ts';
import { bundledResolver, loadResolver } from '../places/resolve.ts';
import { clusterPairs, type ScoredPairs } from './linkage/cluster.ts';
import { linkTable } from './linkage/engine.ts';
import { probabilityOf, weightOf } from './linkage/scorer.ts';
import type { RecordTable } from './linkage/table.ts';
import { prepareVictimTable, victimsConfig } from './linkage/victims-preset.ts';
import {
  decidedReviews,
  findLinkRun,
  insertLinkRun,
  markRunDone,
  markRunFailed,
  markRunRunning,
  upsertPendingReviews,
} from './linkage.repo.ts';
import type { LinkRun } from './victim.ts';
import { presentRun } from './victims.present.ts';
import {
  closeMemberships,
  currentMemberships,
  insertPersons,
  openMemberships,
  recordsForLinkage,
} from './victims.repo.ts';

/**
 * Linkage of the stored victim records into persons, as a background job. A run scores all
 * records with the victims model, applies the review decisions people made (accepted pairs
 * are linked, rejected pairs are never in one person), moves only the records whose person
 * changes (closing and opening memberships, so the history shows each move), and queues the
 * pairs it was unsure about for review.
 */
export async function requestLinkRun(
  db: Queryable,
  actor: Actor,
  input: { threshold: number; review_below: number; review_above: number },
): Promise<LinkRun> {
  if (input.review_below > input.review_above)
    throw new TallyError('validation_failed', 'review_below must not exceed review_above');
  const run = presentRun(await insertLinkRun(db, { id: newId(), ...input, requested_by: actor.id }));
  await recordAudit(db, actor, {
    action: 'link_run.request',
    entity: 'link_run',
    entityId: run.id,
    after: run,
  });
  return run;
}

export async function getLinkRun(db: Queryable, id: string): Promise<LinkRun> {
  const row = await findLinkRun(db, id);
  if (!row) throw notFound('Link run', id);
  return presentRun(row);
}

async function tableFromDb(db: Db): Promise<RecordTable> {
  const rows = await recordsForLinkage(db);
  const columns = new Map<string, string[]>();
  const put = (name: string, values: string[]) => columns.set(name, values);
  put(
    'id',
    rows.map((r) => r.id),
  );
  put(
    'list',
    rows.map((r) => r.list),
  );
  put(
    'name',
    rows.map((r) => r.name ?? ''),
  );
  put(
    'sex',
    rows.map((r) => (r.sex === 'male' ? 'm' : r.sex === 'female' ? 'f' : '')),
  );
  put(
    'age',
    rows.map((r) => (r.age_min !== null && r.age_precision !== 'group' ? String(r.age_min) : '')),
  );
  put(
    'date_of_death',
    rows.map((r) => (r.date_precision === 'day' && r.date_start ? r.date_start : '')),
  );
  put(
    'place',
    rows.map((r) => r.place_text ?? ''),
  );
  put(
    'governorate',
    rows.map((r) => r.governorate_text ?? ''),
  );
  put(
    'cause',
    rows.map((r) => r.cause_text ?? ''),
  );
  const table: RecordTable = {
    size: rows.length,
    ids: columns.get('id')!,
    columns,
    source: new Uint8Array(rows.length),
    sourceNames: ['database'],
  };
  // The place table when it holds a gazetteer (users may have added places), else the shipped one.
  const fromDb = await loadResolver(db);
  return prepareVictimTable(table, fromDb.index.byId.size > 0 ? fromDb : bundledResolver());
}

/** The job's work. Safe to retry: a finished run is left alone. */
export async function runLinkage(db: Db, runId: string): Promise<LinkRun> {
  const run = await getLinkRun(db, runId);
  if (run.status === 'done') return run;
  await markRunRunning(db, runId);
  try {
    const stats = await link(db, run);
    await db.transaction(async (tx) => {
      await markRunDone(tx, runId, stats);
      await recordAudit(tx, systemActor, {
        action: 'link_run.finish',
        entity: 'link_run',
        entityId: runId,
        after: stats,
      });
    });
  } catch (error) {
    await markRunFailed(db, runId, (error as Error).message.slice(0, 2000));
    throw error;
  }
  return getLinkRun(db, runId);
}

async function link(db: Db, run: LinkRun) {
  const table = await tableFromDb(db);
  if (table.size < 2) return { records: table.size, persons: table.size, moved: 0, queued: 0 };
  const result = await linkTable(table, victimsConfig(), { linkMode: false, threshold: run.threshold });
  const index = new Map(table.ids.map((id, r) => [id, r]));
  const decisions = await decidedReviews(db);
  const rejected = new Set<string>();
  const accepted: Array<[number, number]> = [];
  for (const d of decisions) {
    const a = index.get(d.record_a);
    const b = index.get(d.record_b);
    if (a === undefined || b === undefined) continue;
    if (d.status === 'rejected') rejected.add(`${Math.min(a, b)}:${Math.max(a, b)}`);
    else accepted.push([a, b]);
  }
  const config = victimsConfig();
  const pairs = withDecisions(result.pairs, accepted, rejected);
  const clustering = clusterPairs(table.size, pairs, {
    thresholdWeight: weightOf(run.threshold),
    distinctWeight: weightOf(config.clustering.distinct_below),
    maxChecks: config.clustering.max_checks,
    scorer: result.scorer,
    model: result.model.weights,
    cannotLink: (x, y) => rejected.has(`${Math.min(x, y)}:${Math.max(x, y)}`),
  });
  const moved = await applyClusters(db, run.id, table.ids, clustering.clusterOf);
  const queued = await queueForReview(db, run, table.ids, result.pairs, rejected, accepted);
  return {
    records: table.size,
    persons: clustering.clusters,
    moved,
    queued,
    blocked_pairs: result.stats.blocking.pairs,
    refused_joins: clustering.refusedJoins,
    seconds: result.stats.seconds,
  };
}

/** Decided pairs override the model: accepted ones weigh like certainty, rejected ones vanish. */
function withDecisions(
  pairs: ScoredPairs,
  accepted: Array<[number, number]>,
  rejected: Set<string>,
): ScoredPairs {
  const keep: number[] = [];
  for (let e = 0; e < pairs.weight.length; e++)
    if (!rejected.has(`${pairs.left[e]}:${pairs.right[e]}`)) keep.push(e);
  const size = keep.length + accepted.length;
  const out: ScoredPairs = {
    left: new Uint32Array(size),
    right: new Uint32Array(size),
    weight: new Float32Array(size),
  };
  keep.forEach((e, k) => {
    out.left[k] = pairs.left[e]!;
    out.right[k] = pairs.right[e]!;
    out.weight[k] = pairs.weight[e]!;
  });
  accepted.forEach(([a, b], k) => {
    out.left[keep.length + k] = Math.min(a, b);
    out.right[keep.length + k] = Math.max(a, b);
    out.weight[keep.length + k] = 1000;
  });
  return out;
}

/**
 * Each new cluster keeps the person that already holds most of its records (so stable
 * persons keep their ids); only records whose person changes get a new membership.
 */
async function applyClusters(db: Db, runId: string, ids: string[], clusterOf: Uint32Array): Promise<number> {
  const current = new Map((await currentMemberships(db)).map((m) => [m.victim_record_id, m.person_id]));
  const members = new Map<number, number[]>();
  for (let r = 0; r < ids.length; r++) {
    const records = members.get(clusterOf[r]!);
    if (records) records.push(r);
    else members.set(clusterOf[r]!, [r]);
  }
  const claimed = new Set<string>();
  const moves: Array<{ record: string; person: string }> = [];
  const newPersons: string[] = [];
  const clusters = [...members.values()].sort((a, b) => b.length - a.length);
  for (const records of clusters) {
    const votes = new Map<string, number>();
    for (const r of records) {
      const person = current.get(ids[r]!);
      if (person && !claimed.has(person)) votes.set(person, (votes.get(person) ?? 0) + 1);
    }
    let person = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    if (!person) {
      person = newId();
      newPersons.push(person);
    }
    claimed.add(person);
    for (const r of records) if (current.get(ids[r]!) !== person) moves.push({ record: ids[r]!, person });
  }
  await db.transaction(async (tx) => {
    await insertPersons(tx, newPersons);
    for (let at = 0; at < moves.length; at += 5000) {
      const batch = moves.slice(at, at + 5000);
      await closeMemberships(
        tx,
        batch.map((m) => m.record),
        systemActor.id,
        `link run ${runId}`,
      );
      await openMemberships(tx, batch, systemActor.id, `link run ${runId}`, runId);
    }
    if (moves.length > 0)
      await recordAudit(tx, systemActor, {
        action: 'person.relink',
        entity: 'link_run',
        entityId: runId,
        after: { records_moved: moves.length, persons_created: newPersons.length },
      });
  });
  return moves.length;
}

async function queueForReview(
  db: Db,
  run: LinkRun,
  ids: string[],
  pairs: ScoredPairs,
  rejected: Set<string>,
  accepted: Array<[number, number]>,
): Promise<number> {
  const decided = new Set([...rejected, ...accepted.map(([a, b]) => `${Math.min(a, b)}:${Math.max(a, b)}`)]);
  const lo = weightOf(run.review_below);
  const hi = weightOf(run.review_above);
  const rows: Array<[string, string, number]> = [];
  for (let e = 0; e < pairs.weight.length; e++) {
    const w = pairs.weight[e]!;
    if (w < lo || w > hi || decided.has(`${pairs.left[e]}:${pairs.right[e]}`)) continue;
    const [a, b] = [ids[pairs.left[e]!]!, ids[pairs.right[e]!]!].sort();
    rows.push([a!, b!, probabilityOf(w)]);
  }
  for (let at = 0; at < rows.length; at += 5000)
    await upsertPendingReviews(db, run.id, rows.slice(at, at + 5000));
  return rows.length;
}
