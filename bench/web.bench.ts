/**
 * The dashboard's first render with 100,000 incidents, measured in Chromium:
 * `npm run bench:web [-- --incidents 100000 --runs 5]`.
 * Loads the incidents (over the last year, at Syrian gazetteer places) into a fresh embedded
 * database with set-based SQL, starts `tally serve` on it, signs in as an analyst and loads the
 * dashboard. First render = from navigation start to the app's `tally:dashboard-ready` mark: the
 * toll chart, the province table and the bulletin drawn, and every incident on the map (clustered)
 * with the map idle. Reports each run and the median; the first run has a cold browser cache.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../src/api/server.ts';
import { createUser } from '../src/auth/users.service.ts';
import { systemActor } from '../src/core/actor.ts';
import { loadConfig } from '../src/core/config.ts';
import { openDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { ensureGazetteer } from '../src/places/resolve.ts';
import { ensureWebBuild, findChromium, launchChromium } from '../test/e2e/browser.ts';

const { values: args } = parseArgs({
  options: {
    incidents: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    // Keeps the loaded database in DIR and reuses it on the next run with the same DIR.
    data: { type: 'string' },
  },
});
const INCIDENTS = Number(args.incidents);
const RUNS = Number(args.runs);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

const chromiumPath = findChromium();
if (!chromiumPath) throw new Error('bench:web needs Chromium: apt-get install chromium');
const chromium: string = chromiumPath;
ensureWebBuild();
const dataDir = args.data ? path.resolve(args.data) : mkdtempSync(path.join(tmpdir(), 'tally-bench-web-'));
const reuse = Boolean(args.data && existsSync(path.join(dataDir, 'bench-loaded')));
try {
  if (!reuse) await load();
  await measure();
} finally {
  if (!args.data) rmSync(dataDir, { recursive: true, force: true });
}

async function load(): Promise<void> {
  log(`loading ${INCIDENTS.toLocaleString('en')} incidents into ${dataDir}`);
  const db = await openDb({ dataDir });
  await migrate(db);
  await ensureGazetteer(db);
  const today = new Date().toISOString().slice(0, 10);
  await timed('incidents and counts', () =>
    db.exec(`
      SET session_replication_role = replica;
      CREATE TEMP TABLE bench_place AS
        SELECT (row_number() OVER (ORDER BY p.id))::int AS n, p.id, a.country_id, a.admin1_id, a.admin2_id
        FROM place p, place_admin_ids(p.id) a
        WHERE p.country_code = 'SY' AND p.lat IS NOT NULL AND p.level IN ('locality', 'neighbourhood', 'admin2', 'admin3');
      INSERT INTO incident (id, date_start, date_end, date_precision, place_id, cause, grade, origin, source_count,
                            country_id, admin1_id, admin2_id)
      SELECT md5('incident' || g)::uuid, date '${today}' - (g % 365), date '${today}' - (g % 365), 'day', bp.id,
             (ARRAY['air_drone_strike','shelling_artillery_missile','armed_clash','sniper'])[1 + g % 4],
             (ARRAY['fair','fair','confirmed','weak','weak','contested','unverified'])[1 + g % 7], 'consolidated', 1 + g % 3,
             bp.country_id, bp.admin1_id, bp.admin2_id
      FROM generate_series(1, ${INCIDENTS}) g
      JOIN bench_place bp ON bp.n = 1 + (g * 7) % (SELECT count(*)::int FROM bench_place);
      INSERT INTO incident_count (incident_id, outcome, victim_group, low, best, high, rule, source_groups)
      SELECT md5('incident' || g)::uuid, 'killed', grp, 1 + g % 9, 2 + g % 9, 4 + g % 9, 'bench',
             ARRAY['group-' || (g % 15), 'group-' || ((g + 4) % 15)]
      FROM generate_series(1, ${INCIDENTS}) g,
           LATERAL (SELECT unnest(CASE WHEN g % 3 = 0 THEN ARRAY['all','civilians','children'] ELSE ARRAY['all','civilians','combatants'] END) AS grp) x;
      RESET session_replication_role;`),
  );
  await timed('toll facts', async () => {
    for (let from = 1; from <= INCIDENTS; from += 50_000)
      await db.query(
        `SELECT refresh_toll_facts(ARRAY(SELECT md5('incident' || g)::uuid FROM generate_series($1::int, $2::int) g))`,
        [from, Math.min(INCIDENTS, from + 49_999)],
      );
  });
  await timed('vacuum analyze', () => db.exec('VACUUM ANALYZE'));
  await db.close();
  writeFileSync(path.join(dataDir, 'bench-loaded'), `${INCIDENTS}\n`);
}

async function measure(): Promise<void> {
  const db = await openDb({ dataDir });
  const username = `bench${Date.now().toString(36)}`;
  const { password } = await createUser(db, systemActor, { username, role: 'analyst' });
  await db.close();

  const server = await startServer(loadConfig({ dataDir, port: 0, logLevel: 'warn' }, {}), { worker: false });
  const browser = await launchChromium(chromium);
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('/login');
    await page.evaluate(
      async ([user, pw]) => {
        const json = { 'content-type': 'application/json' };
        const login = await fetch('/api/v1/auth/login', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ username: user, password: pw }),
        });
        const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
        localStorage.setItem('tally.csrf', csrf);
        await fetch('/api/v1/auth/password', {
          method: 'POST',
          headers: { ...json, 'x-csrf-token': csrf },
          body: JSON.stringify({ current_password: pw, new_password: 'bench password 1234' }),
        });
      },
      [username, password] as const,
    );
    const url = '/?grades=unverified,weak,fair,confirmed,contested';
    const times: number[] = [];
    let points = 0;
    for (let run = 1; run <= RUNS; run++) {
      await page.goto(url);
      await page.waitForFunction(
        () => performance.getEntriesByName('tally:dashboard-ready').length > 0,
        null,
        {
          timeout: 60_000,
        },
      );
      const measured = await page.evaluate(() => {
        const ready = performance.getEntriesByName('tally:dashboard-ready')[0] as PerformanceEntry;
        const map = performance
          .getEntriesByType('resource')
          .find((e) => e.name.includes('/api/v1/dashboard/map')) as PerformanceResourceTiming | undefined;
        const api = performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/api/v1/'))
          .map(
            (e) =>
              `${new URL(e.name).pathname.replace('/api/v1/', '')} ${Math.round(e.startTime)}-${Math.round((e as PerformanceResourceTiming).responseEnd)}`,
          );
        const marks = performance
          .getEntriesByType('mark')
          .filter((e) => e.name.startsWith('tally:'))
          .map((e) => `${e.name.slice(6)} ${Math.round(e.startTime)}`);
        return {
          marks,
          api,
          ready: ready.startTime,
          mapApi: map ? map.responseEnd - map.startTime : null,
          mapBytes: map?.transferSize ?? null,
          points: Number(document.querySelector('.map-box')?.getAttribute('data-points') ?? 0),
        };
      });
      points = measured.points;
      log(`    requests (start-end ms): ${measured.api.join(', ')}`);
      log(`    marks (ms): ${measured.marks.join(', ')}`);
      times.push(measured.ready);
      log(
        `  run ${run}: first render ${Math.round(measured.ready)} ms (map points ${measured.points.toLocaleString('en')}, /dashboard/map ${Math.round(measured.mapApi ?? 0)} ms, ${((measured.mapBytes ?? 0) / 1e6).toFixed(1)} MB)`,
      );
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(
      JSON.stringify({
        incidents: INCIDENTS,
        points,
        runs: times.map(Math.round),
        median_ms: Math.round(median),
      }),
    );
    if (points < INCIDENTS * 0.9) log(`warning: only ${points} of ${INCIDENTS} incidents reached the map`);
  } finally {
    await browser.close();
    await server.close();
  }
}
