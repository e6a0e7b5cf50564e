import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../src/auth/users.repo.ts';
import { createApiToken, createUser } from '../src/auth/users.service.ts';
import { cliActor } from '../src/core/actor.ts';
import { type Db, openDb } from '../src/db/client.ts';
import { DataDirInUse, LOCK_FILE, lockDataDir } from '../src/db/lock.ts';
import { migrate } from '../src/db/migrate.ts';
import { submitReport } from '../src/intake/intake.service.ts';
import { ensureGazetteer } from '../src/places/resolve.ts';
import { createTestDatabase, testEngine } from './db.ts';
import { buildSource, parseReport, reportBody } from './factories.ts';
import { runCli, startServerProcess } from './processes.ts';

/**
 * One writer per embedded database: while `tally serve` holds a PGlite directory, every CLI
 * command on it is refused and changes nothing (two PGlite processes on one directory destroyed
 * it, issue 17); a lock left by a dead process is taken over. On PostgreSQL, any number of
 * processes work side by side.
 */
const reportsFile = (sourceId: string, n: number) => {
  const path = join(mkdtempSync(join(tmpdir(), 'tally-import-')), 'reports.jsonl');
  const lines = Array.from({ length: n }, () =>
    JSON.stringify({ id: randomUUID(), source_id: sourceId, text: 'imported beside the server', claims: [] }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

/** Every public table's rows, digested (timestamps of mere use left out: reading is not writing). */
async function contentOf(db: Db): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const content: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.query<{ n: number; digest: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(j::text, '|' ORDER BY j::text), '')) AS digest
       FROM (SELECT to_jsonb(t) - 'last_used_at' - 'last_seen_at' AS j FROM "${name}" t) rows`,
    );
    content[name] = `${row?.n} ${row?.digest}`;
  }
  return content;
}

describe.runIf(testEngine === 'pglite')('an embedded directory held by `tally serve`', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-one-writer-'));
  const env = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' };
  let before: Record<string, string>;
  let adminToken: string;
  let sourceId: string;

  beforeAll(async () => {
    // Seeded as the server would leave it (gazetteer, an admin), so that starting it writes nothing.
    const db = await openDb({ dataDir });
    await migrate(db);
    await ensureGazetteer(db);
    const { user } = await createUser(db, cliActor, { username: 'admin', role: 'admin' });
    await db.transaction((tx) => updateUser(tx, user.id, { must_change_password: false }));
    adminToken = (await createApiToken(db, cliActor, 'admin', 'desk')).token;
    sourceId = (await buildSource(db)).id;
    await submitReport(db, cliActor, parseReport(reportBody(sourceId)));
    before = await contentOf(db);
    await db.close();
  });

  it('refuses every CLI command while the server runs, and the data stays exactly as it was', async () => {
    const server = await startServerProcess(dataDir, env);
    const pid = server.child.pid;
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({
      command: 'tally serve',
      pid,
      host: hostname(),
    });
    const attempts = await Promise.all([
      runCli(dataDir, env, 'demo'),
      runCli(dataDir, env, 'users', 'add', 'second-desk', '--role', 'analyst'),
      runCli(dataDir, env, 'import', reportsFile(sourceId, 3)),
      runCli(dataDir, env, 'users', 'disable', 'admin', '--reason', 'while served'),
      runCli(dataDir, env, 'worker'),
    ]);
    for (const attempt of attempts) {
      expect(attempt.code, attempt.stderr).toBe(1);
      const { message } = JSON.parse(attempt.stderr.trim().split('\n').at(-1) ?? '{}');
      expect(message).toContain(`is in use by \`tally serve\` (pid ${pid}`);
      expect(message).toContain('Stop the server first');
    }
    const demoRefusal = JSON.parse(attempts[0]?.stderr.trim().split('\n').at(-1) ?? '{}').message;
    expect(demoRefusal).toContain('from the web app');
    expect(demoRefusal).toContain('POST /api/v1/demo');
    // The server still works and still sees only what it holds: the disable did not happen.
    const users = await fetch(`${server.url}/api/v1/users`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(users.status).toBe(200);
    expect((await users.json()).items.map((u: { username: string }) => u.username)).toEqual(['admin']);
    // The refused commands left the server's lock in place.
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(pid);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const db = await openDb({ dataDir });
    try {
      expect(await migrate(db)).toEqual([]);
      expect(await contentOf(db)).toEqual(before);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('takes over a lock whose process is dead, or whose pid now belongs to another process', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = (pid: number, pidStart: string | null) =>
      writeFileSync(
        join(dataDir, LOCK_FILE),
        JSON.stringify({
          command: 'tally serve',
          pid,
          host: hostname(),
          pid_start: pidStart,
          since: 'yesterday',
        }),
      );
    stale(dead, null);
    const afterDeath = await runCli(dataDir, env, 'users', 'list');
    expect(afterDeath.code, afterDeath.stderr).toBe(0);
    expect(afterDeath.stderr).toContain(`took over the lock on ${dataDir}: \`tally serve\` (pid ${dead}`);
    expect(JSON.parse(afterDeath.stdout).items).toHaveLength(1);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    // This test's own pid is alive, but the lock names another start time: a pid reused after a restart.
    stale(process.pid, '1');
    const reused = await runCli(dataDir, env, 'users', 'list');
    expect(reused.code, reused.stderr).toBe(0);
    expect(reused.stderr).toContain('took over the lock');
  }, 60_000);

  it('refuses a second open in the same process too, until the first handle closes', async () => {
    const held = lockDataDir(dataDir, 'tally serve');
    await expect(openDb({ dataDir })).rejects.toBeInstanceOf(DataDirInUse);
    const refused = await runCli(dataDir, env, 'users', 'list');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`(pid ${process.pid}`);
    held.release();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const db = await openDb({ dataDir });
    await db.close();
  }, 60_000);
});

describe.runIf(testEngine === 'postgres')('a PostgreSQL database shared by the server and the CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-many-writers-'));
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    env = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: database.url };
  });
  afterAll(async () => drop?.());

  it('lets CLI commands write beside the server, and a token revoked by the CLI is refused at once', async () => {
    const server = await startServerProcess(dataDir, env);
    try {
      const cli = async (...args: string[]) => {
        const result = await runCli(dataDir, env, ...args);
        expect(result.code, result.stderr).toBe(0);
        return JSON.parse(result.stdout);
      };
      await cli('users', 'add', 'beside', '--role', 'analyst');
      const { token, id: tokenId } = await cli('users', 'token', 'beside', '--name', 'desk');
      const { id: sourceId } = await cli('sources', 'add', '--kind', 'activist', '--pseudonym', 'beside');
      expect((await cli('import', reportsFile(sourceId, 3))).imported).toBe(3);
      const asDesk = { headers: { authorization: `Bearer ${token}` } };
      const page = await fetch(`${server.url}/api/v1/reports?source=${sourceId}`, asDesk).then((r) =>
        r.json(),
      );
      expect(page.items).toHaveLength(3);
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

      await cli('users', 'revoke-token', 'beside', tokenId, '--reason', 'phone lost');
      expect((await fetch(`${server.url}/api/v1/auth/me`, asDesk)).status).toBe(401);
      const [listed] = (await cli('users', 'tokens', 'beside')).items;
      expect(listed).toMatchObject({ id: tokenId, revoked_at: expect.any(String) });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 120_000);
});
