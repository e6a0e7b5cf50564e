import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine } from './db.ts';
import { runCli, startServerProcess } from './processes.ts';

/**
 * Nothing acknowledged is lost: `tally serve` is killed with SIGKILL at random
 * moments while clients submit reports; after each restart every report the
 * server answered 201 or 200 for is stored, exactly once (ids are the primary
 * key), and resubmitting the unanswered ones never conflicts. On PostgreSQL, `tally import`
 * runs beside the server the whole time (on PGlite the server owns the directory and an import
 * is refused: test/single-writer.test.ts); every report it imported is stored once too.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'tally-crash-'));
let env: NodeJS.ProcessEnv;
let drop: (() => Promise<void>) | undefined;
let token: string;
let sourceId: string;

const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/tally.js', '--data', dataDir, '--json', ...args], {
    env,
    encoding: 'utf8',
  });

beforeAll(async () => {
  env = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' };
  if (testEngine === 'postgres') {
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    drop = database.drop;
  }
  cli('users', 'add', 'crash-desk', '--role', 'analyst');
  token = JSON.parse(cli('users', 'token', 'crash-desk', '--name', 'crash test')).token;
  sourceId = JSON.parse(cli('sources', 'add', '--kind', 'activist', '--pseudonym', 'crash source')).id;
});
afterAll(async () => drop?.());

const startServer = () => startServerProcess(dataDir, env);

/** `tally import` of `n` new reports, run to the end beside the server; its ids and when it ran. */
async function importBeside(n: number) {
  const ids = Array.from({ length: n }, () => randomUUID());
  const file = join(dataDir, `import-${ids[0]}.jsonl`);
  const lines = ids.map((id) =>
    JSON.stringify({ id, source_id: sourceId, text: `imported ${id}`, claims: [] }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  const started = Date.now();
  const result = await runCli(dataDir, env, 'import', file);
  if (result.code !== 0) throw new Error(`tally import exited ${result.code}: ${result.stderr}`);
  return { ids, file, summary: JSON.parse(result.stdout), started, ended: Date.now() };
}

const submit = (url: string, id: string) =>
  fetch(`${url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ id, source_id: sourceId, text: `report ${id}`, claims: [] }),
  }).then((r) => r.status);

// Big enough that an import is still writing when the server dies, small enough to keep the test short.
const IMPORT_BATCH = 1000;

describe('a server killed mid-stream', () => {
  it('keeps every acknowledged report exactly once across SIGKILLs', async () => {
    const acknowledged = new Set<string>();
    const unanswered = new Set<string>();
    const imports: Array<Awaited<ReturnType<typeof importBeside>>> = [];
    const kills: number[] = [];
    let killing = true;
    let importFailed: unknown;
    // On PostgreSQL, imports run back to back beside the server for as long as it is being killed.
    const importing =
      testEngine === 'postgres'
        ? (async () => {
            while (killing) imports.push(await importBeside(IMPORT_BATCH));
          })().catch((error: unknown) => {
            importFailed = error;
          })
        : Promise.resolve();
    for (let round = 0; round < 4; round++) {
      const { child, url, exited } = await startServer();
      let killed = false;
      const killAt = 300 + Math.floor(Math.random() * 900);
      setTimeout(() => {
        killed = true;
        kills.push(Date.now());
        child.kill('SIGKILL');
      }, killAt);
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (!killed) {
            const id = randomUUID();
            unanswered.add(id);
            const status = await submit(url, id).catch(() => 0);
            if (status === 201 || status === 200) {
              acknowledged.add(id);
              unanswered.delete(id);
            } else if (status !== 0) throw new Error(`unexpected ${status}`);
          }
        }),
      );
      await exited;
    }
    killing = false;
    await importing;
    expect(importFailed).toBeUndefined();
    expect(acknowledged.size).toBeGreaterThan(10);
    const imported = imports.flatMap((run) => run.ids);
    if (testEngine === 'postgres') {
      for (const run of imports) expect(run.summary).toMatchObject({ imported: IMPORT_BATCH, duplicates: 0 });
      const killedWhileImporting = kills.filter((at) =>
        imports.some((run) => run.started < at && at < run.ended),
      );
      expect(killedWhileImporting.length, 'a SIGKILL landed while `tally import` ran').toBeGreaterThan(0);
    }

    const { child, url } = await startServer();
    try {
      for (const id of acknowledged) {
        const response = await fetch(`${url}/api/v1/reports/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status, `acknowledged report ${id}`).toBe(200);
      }
      // Those cut off before an answer may or may not be stored; resubmitting is always safe.
      for (const id of unanswered) expect([200, 201]).toContain(await submit(url, id));
      const listed = new Set<string>();
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ id: string }>; next_cursor: string | null } = await fetch(
          `${url}/api/v1/reports?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          { headers: { authorization: `Bearer ${token}` } },
        ).then((r) => r.json());
        for (const item of page.items) {
          expect(listed.has(item.id)).toBe(false);
          listed.add(item.id);
        }
        cursor = page.next_cursor;
      } while (cursor);
      expect(imported.filter((id) => !listed.has(id))).toEqual([]);
      expect(listed.size).toBe(acknowledged.size + unanswered.size + imported.length);
      // Importing a file again beside the server stores nothing new.
      if (imports[0]) {
        const again = await runCli(dataDir, env, 'import', imports[0].file);
        expect(again.code, again.stderr).toBe(0);
        expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, duplicates: IMPORT_BATCH });
      }
    } finally {
      child.kill('SIGTERM');
    }
  }, 240_000);
});
