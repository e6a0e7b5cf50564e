import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine } from './db.ts';

/**
 * Nothing acknowledged is lost: `tally serve` is killed with SIGKILL at random
 * moments while clients submit reports; after each restart every report the
 * server answered 201 or 200 for is stored, exactly once (ids are the primary
 * key), and resubmitting the unanswered ones never conflicts.
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

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['bin/tally.js', '--data', dataDir, 'serve', '--port', '0', '--no-worker'],
    {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
      const match = stderr.match(/serving on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

const submit = (url: string, id: string) =>
  fetch(`${url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ id, source_id: sourceId, text: `report ${id}`, claims: [] }),
  }).then((r) => r.status);

describe('a server killed mid-stream', () => {
  it('keeps every acknowledged report exactly once across SIGKILLs', async () => {
    const acknowledged = new Set<string>();
    const unanswered = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const { child, url } = await startServer();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let killed = false;
      const killAt = 300 + Math.floor(Math.random() * 900);
      setTimeout(() => {
        killed = true;
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
    expect(acknowledged.size).toBeGreaterThan(10);

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
      expect(listed.size).toBe(acknowledged.size + unanswered.size);
    } finally {
      child.kill('SIGTERM');
    }
  }, 240_000);
});
