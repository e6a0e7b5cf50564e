/**
 * Open-data export at scale: `npm run bench:export [-- --incidents N --engines postgres,pglite --formats acled,geojson]`.
 * Loads N incidents (default 1,000,000; Syria, 2011-2016) with their counts, one linked claim each
 * (reports and 30 sources behind them) by set-based SQL, then streams each format through the
 * real export service into a sink that only counts bytes, sampling the process's memory every
 * page (5,000 rows), after a full collection. Flat memory = the JS heap at the end is no larger than after the first tenth.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { cliActor } from '../src/core/actor.ts';
import { type Db, openDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { exportIncidents } from '../src/opendata/export.service.ts';
import { zIncidentExportQuery } from '../src/opendata/opendata.ts';
import { ensureGazetteer } from '../src/places/resolve.ts';
import { startThrowawayPostgres } from '../test/postgres-server.ts';

const { values: args } = parseArgs({
  options: {
    incidents: { type: 'string', default: '1000000' },
    engines: { type: 'string', default: 'postgres' },
    formats: { type: 'string', default: 'acled' },
  },
});
const INCIDENTS = Number(args.incidents);
const CLAIMS = INCIDENTS;
const DAYS = 2118;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

async function load(db: Db): Promise<void> {
  await migrate(db);
  await ensureGazetteer(db);
  await db.exec('SET session_replication_role = replica');
  await timed('sources, reports, claims', () =>
    db.exec(`
      INSERT INTO source (id, kind, pseudonym, independence_group)
      SELECT md5('source' || g)::uuid, (ARRAY['monitor','activist','medic','hospital','news_outlet','official'])[1 + g % 6],
             'Source ' || g, 'group-' || (g % 15)
      FROM generate_series(1, 30) g;
      INSERT INTO report (id, source_id, channel, received_at, original_text, content_hash)
      SELECT md5('report' || g)::uuid, md5('source' || (1 + g % 30))::uuid, 'wire',
             timestamptz '2011-03-16' + (g % ${DAYS}) * interval '1 day', 'bench report ' || g, md5('r' || g) || md5('h' || g)
      FROM generate_series(1, ${Math.ceil(CLAIMS / 4)}) g;
      INSERT INTO claim (id, report_id, outcome, count_qualifier, count_min, count_best, count_max, victim_group, status)
      SELECT md5('claim' || g)::uuid, md5('report' || (1 + g % ${Math.ceil(CLAIMS / 4)}))::uuid, 'killed', 'exact',
             1 + g % 20, 1 + g % 20, 1 + g % 20, 'people', 'accepted'
      FROM generate_series(1, ${CLAIMS}) g;`),
  );
  await timed('incidents, counts, links', () =>
    db.exec(`
      CREATE TEMP TABLE bench_place AS
        SELECT (row_number() OVER (ORDER BY id))::int AS n, id FROM place
        WHERE country_code = 'SY' AND level IN ('locality', 'neighbourhood', 'admin2');
      CREATE UNIQUE INDEX ON bench_place (n);
      INSERT INTO incident (id, date_start, date_end, date_precision, place_id, place_precision, event_type,
                            sub_event_type, cause, actors, grade, notes, origin, source_count)
      SELECT md5('incident' || g)::uuid, date '2011-03-15' + (g % ${DAYS}), date '2011-03-15' + (g % ${DAYS}) + (g % 3), 'day',
             bp.id, NULL, 'explosions_remote_violence', 'air_drone_strike', 'air_drone_strike',
             '[{"name": "Air force", "role": "perpetrator_alleged"}, {"name": "Civilians", "role": "target"}]'::jsonb,
             (ARRAY['fair','fair','confirmed','weak','weak','contested','unverified'])[1 + g % 7],
             'bench incident ' || g || ', with a comma', 'consolidated', 1 + g % 3
      FROM generate_series(1, ${INCIDENTS}) g
      JOIN bench_place bp ON bp.n = 1 + (g * 7) % (SELECT count(*)::int FROM bench_place);
      INSERT INTO incident_count (incident_id, outcome, victim_group, low, best, high, rule)
      SELECT md5('incident' || g)::uuid, 'killed', grp, 1 + g % 9, 2 + g % 9, 4 + g % 9, 'bench'
      FROM generate_series(1, ${INCIDENTS}) g,
           LATERAL (SELECT unnest(CASE WHEN g % 3 = 0 THEN ARRAY['all','civilians','children'] ELSE ARRAY['all','people'] END) AS grp) x;
      INSERT INTO incident_claim (incident_id, claim_id, linked_by)
      SELECT md5('incident' || g)::uuid, md5('claim' || g)::uuid, 'bench' FROM generate_series(1, ${CLAIMS}) g;`),
  );
  await db.exec('RESET session_replication_role');
  await timed('vacuum analyze', () => db.exec('VACUUM ANALYZE'));
}

const mb = (bytes: number) => +(bytes / 1024 / 1024).toFixed(1);

async function measure(db: Db, format: string) {
  globalThis.gc?.();
  const file = exportIncidents(db, cliActor, zIncidentExportQuery.parse({ format }));
  const total = (await file.total()) ?? INCIDENTS;
  const samples: Array<{ rows: number; heap: number; rss: number }> = [];
  let rows = 0;
  let bytes = 0;
  // Sampled after each page (PGlite runs in this thread, so a timer would rarely fire), with a full
  // collection first when node runs with --expose-gc: the live heap, not garbage not yet collected.
  const sample = () => {
    globalThis.gc?.();
    const m = process.memoryUsage();
    samples.push({ rows, heap: m.heapUsed, rss: m.rss });
  };
  const start = performance.now();
  let gcTime = 0;
  for await (const chunk of file.body((n) => {
    rows = n;
    const t = performance.now();
    sample();
    gcTime += performance.now() - t;
  }))
    bytes += Buffer.byteLength(chunk);
  const seconds = (performance.now() - start - gcTime) / 1000;
  const afterTenth = samples.filter((s) => s.rows >= total / 10);
  const firstTenth = afterTenth[0] ?? samples[0];
  const last = samples.at(-1);
  return {
    rows,
    seconds: +seconds.toFixed(1),
    rows_per_s: Math.round(rows / seconds),
    mb_per_s: +(bytes / 1024 / 1024 / seconds).toFixed(1),
    output_mb: mb(bytes),
    heap_mb: {
      at_10pct: mb(firstTenth?.heap ?? 0),
      at_end: mb(last?.heap ?? 0),
      max: mb(Math.max(...samples.map((s) => s.heap))),
    },
    rss_mb: {
      at_10pct: mb(firstTenth?.rss ?? 0),
      at_end: mb(last?.rss ?? 0),
      max: mb(Math.max(...samples.map((s) => s.rss))),
    },
  };
}

const report: Record<string, unknown> = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  incidents: INCIDENTS,
};
for (const engine of (args.engines ?? '').split(',').filter(Boolean)) {
  log(`${engine}: loading ${INCIDENTS} incidents`);
  const server = engine === 'postgres' ? await startThrowawayPostgres() : undefined;
  const db = await openDb(server ? { databaseUrl: server.url, poolSize: 2 } : {});
  try {
    await load(db);
    const results: Record<string, unknown> = {};
    for (const format of (args.formats ?? 'acled').split(',')) {
      log(`  exporting ${format}`);
      results[format] = await measure(db, format);
      log(`  ${JSON.stringify(results[format])}`);
    }
    report[engine] = results;
  } finally {
    await db.close();
    server?.stop();
  }
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
