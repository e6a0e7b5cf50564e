/**
 * Toll query latency at monitor scale: `npm run bench:tolls [-- --claims N --incidents N --engines postgres,pglite]`.
 * Loads 1,000,000 claims and 300,000 incidents (Syria, March 2011 to December 2016) with
 * set-based SQL (generate_series), builds the toll facts with the same refresh_toll_facts() the
 * triggers use, then times a month x admin1 x group toll for random months: the SQL alone and
 * the whole computeTolls() service (provisional flags, place names). Reports p50 / p95 / p99.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { type Db, openDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { ensureGazetteer } from '../src/places/resolve.ts';
import { zTollQuery } from '../src/tolls/toll.ts';
import { defaultTollSettings } from '../src/tolls/toll-settings.ts';
import { aggregateTolls } from '../src/tolls/tolls.repo.ts';
import { computeTolls } from '../src/tolls/tolls.service.ts';
import { startThrowawayPostgres } from '../test/postgres-server.ts';

const { values: args } = parseArgs({
  options: {
    claims: { type: 'string', default: '1000000' },
    incidents: { type: 'string', default: '300000' },
    iterations: { type: 'string', default: '200' },
    engines: { type: 'string', default: 'postgres,pglite' },
    // Leaves the loaded PostgreSQL running (prints its URL) for EXPLAIN ANALYZE; stop it with its pg_ctl.
    keep: { type: 'boolean', default: false },
  },
});
const CLAIMS = Number(args.claims);
const INCIDENTS = Number(args.incidents);
const ITERATIONS = Number(args.iterations);
const DAYS = 2118; // 2011-03-15 .. 2016-12-31

const log = (line: string) => process.stderr.write(`${line}\n`);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** Everything in a handful of INSERT ... SELECT statements; triggers off while loading, facts built after. */
async function load(db: Db): Promise<void> {
  await migrate(db);
  await ensureGazetteer(db);
  await db.exec('SET session_replication_role = replica');
  await timed('sources and reports', () =>
    db.exec(`
      INSERT INTO source (id, kind, pseudonym, independence_group)
      SELECT md5('source' || g)::uuid, (ARRAY['monitor','activist','medic','hospital','news_outlet','official'])[1 + g % 6],
             'Source ' || g, 'group-' || (g % 15)
      FROM generate_series(1, 30) g;
      INSERT INTO report (id, source_id, channel, received_at, original_text, content_hash)
      SELECT md5('report' || g)::uuid, md5('source' || (1 + g % 30))::uuid, 'wire',
             timestamptz '2011-03-16' + (g % ${DAYS}) * interval '1 day', 'bench report ' || g, md5('r' || g) || md5('h' || g)
      FROM generate_series(1, ${Math.ceil(CLAIMS / 4)}) g;`),
  );
  await timed('claims', () =>
    db.exec(`
      CREATE TEMP TABLE bench_place AS
        SELECT (row_number() OVER (ORDER BY id))::int AS n, id FROM place WHERE country_code = 'SY' AND level IN ('locality', 'neighbourhood', 'admin2');
      CREATE UNIQUE INDEX ON bench_place (n);
      ANALYZE bench_place;
      INSERT INTO claim (id, report_id, outcome, count_qualifier, count_min, count_best, count_max, victim_group,
                         place_id, date_start, date_end, date_precision, cause, status)
      SELECT md5('claim' || g)::uuid, md5('report' || (1 + g % ${Math.ceil(CLAIMS / 4)}))::uuid,
             CASE WHEN g % 10 = 0 THEN 'injured' ELSE 'killed' END, 'exact', 1 + g % 20, 1 + g % 20, 1 + g % 20 + g % 3,
             (ARRAY['people','civilians','children','women','combatants'])[1 + g % 5],
             bp.id, date '2011-03-15' + (g % ${DAYS}), date '2011-03-15' + (g % ${DAYS}), 'day',
             (ARRAY['air_drone_strike','shelling_artillery_missile','armed_clash','sniper'])[1 + g % 4], 'accepted'
      FROM generate_series(1, ${CLAIMS}) g
      JOIN bench_place bp ON bp.n = 1 + g % (SELECT count(*)::int FROM bench_place);`),
  );
  await timed('incidents, counts and links', () =>
    db.exec(`
      CREATE TEMP TABLE bench_area AS SELECT p.id, a.* FROM place p, place_admin_ids(p.id) a WHERE p.country_code = 'SY';
      INSERT INTO incident (id, date_start, date_end, date_precision, place_id, cause, grade, origin, source_count,
                            country_id, admin1_id, admin2_id)
      SELECT md5('incident' || g)::uuid, date '2011-03-15' + (g % ${DAYS}), date '2011-03-15' + (g % ${DAYS}), 'day', bp.id,
             (ARRAY['air_drone_strike','shelling_artillery_missile','armed_clash','sniper'])[1 + g % 4],
             (ARRAY['fair','fair','confirmed','weak','weak','contested','unverified'])[1 + g % 7], 'consolidated', 1 + g % 3,
             ba.country_id, ba.admin1_id, ba.admin2_id
      FROM generate_series(1, ${INCIDENTS}) g
      JOIN bench_place bp ON bp.n = 1 + (g * 7) % (SELECT count(*)::int FROM bench_place)
      JOIN bench_area ba ON ba.id = bp.id;
      INSERT INTO incident_count (incident_id, outcome, victim_group, low, best, high, rule, source_groups)
      SELECT md5('incident' || g)::uuid, 'killed', grp, 1 + g % 9, 2 + g % 9, 4 + g % 9, 'bench',
             ARRAY['group-' || (g % 15), 'group-' || ((g + 4) % 15)]
      FROM generate_series(1, ${INCIDENTS}) g,
           LATERAL (SELECT unnest(CASE WHEN g % 3 = 0 THEN ARRAY['all','civilians','children'] ELSE ARRAY['all','people'] END) AS grp) x;
      INSERT INTO incident_claim (incident_id, claim_id, linked_by)
      SELECT md5('incident' || (1 + g % ${INCIDENTS}))::uuid, md5('claim' || g)::uuid, 'bench'
      FROM generate_series(1, ${CLAIMS}) g;`),
  );
  await db.exec('RESET session_replication_role');
  await timed('toll facts (refresh_toll_facts, 50,000 incidents a statement)', async () => {
    for (let from = 1; from <= INCIDENTS; from += 50_000) {
      await db.query(
        `SELECT refresh_toll_facts(ARRAY(SELECT md5('incident' || g)::uuid FROM generate_series($1::int, $2::int) g))`,
        [from, Math.min(INCIDENTS, from + 49_999)],
      );
    }
  });
  await timed('vacuum analyze', () => db.exec('VACUUM ANALYZE'));
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function randomMonth(i: number): { from: string; to: string } {
  const month = (i * 37) % 69; // 69 months from April 2011
  const start = new Date(Date.UTC(2011, 3 + month, 1));
  const end = new Date(Date.UTC(2011, 4 + month, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

async function measure(db: Db) {
  const settings = defaultTollSettings;
  const query = (i: number) =>
    zTollQuery.parse({ ...randomMonth(i), by: 'month,admin1,group', grades: 'fair,confirmed' });
  const sample = await computeTolls(db, query(0), { settings, today: '2020-01-01' });
  const runs: Record<string, number[]> = { sql: [], service: [] };
  for (let i = 0; i < 20; i++) await computeTolls(db, query(i), { settings, today: '2020-01-01' });
  for (let i = 0; i < ITERATIONS; i++) {
    const q = query(i);
    let start = performance.now();
    await aggregateTolls(db, {
      ...q,
      grades: ['fair', 'confirmed'],
      outcome: 'killed',
      group: null,
      country: null,
      admin1: null,
      admin2: null,
    });
    runs.sql?.push(performance.now() - start);
    start = performance.now();
    await computeTolls(db, q, { settings, today: '2020-01-01' });
    runs.service?.push(performance.now() - start);
  }
  const facts = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM toll_fact'))[0]?.n;
  const stats = Object.fromEntries(
    Object.entries(runs).map(([k, v]) => {
      const sorted = [...v].sort((a, b) => a - b);
      return [
        k,
        {
          p50_ms: +percentile(sorted, 50).toFixed(2),
          p95_ms: +percentile(sorted, 95).toFixed(2),
          p99_ms: +percentile(sorted, 99).toFixed(2),
        },
      ];
    }),
  );
  return { facts, figures_per_toll: sample.figures.length, ...stats };
}

const report: Record<string, unknown> = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  claims: CLAIMS,
  incidents: INCIDENTS,
  iterations: ITERATIONS,
  query: 'one month, by month,admin1,group, grades fair+confirmed, outcome killed',
};
for (const engine of (args.engines ?? '').split(',')) {
  log(`${engine}: loading ${CLAIMS} claims, ${INCIDENTS} incidents`);
  if (engine === 'postgres') {
    const server = await startThrowawayPostgres();
    const db = await openDb({ databaseUrl: server.url, poolSize: 2 });
    try {
      await load(db);
      report.postgres = {
        version: (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v,
        ...(await measure(db)),
      };
    } finally {
      await db.close();
      if (args.keep) log(`kept: ${server.url} (data in ${server.dataDir})`);
      else server.stop();
    }
  } else if (engine === 'pglite') {
    const db = await openDb({});
    try {
      await load(db);
      report.pglite = { mode: 'in memory', ...(await measure(db)) };
    } finally {
      await db.close();
    }
  }
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
