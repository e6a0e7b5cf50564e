import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole } from '../../test/app.ts';
import { freshDb, testEngine } from '../../test/db.ts';
import { reportBody } from '../../test/factories.ts';
import { buildApp } from '../api/app.ts';
import { systemActor } from '../core/actor.ts';
import { loadKeyring } from '../core/keyring.ts';
import { createLogger } from '../core/log.ts';
import { type Db, openDb } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { rotateKeys } from './keys.service.ts';

// Strings planted in requests; none may be found in plaintext in the database or the logs.
const plantedName = 'Abu Khaled Planted-7731';
const plantedContact = '+963 944 771 731';
const plantedIps = ['203.0.113.77', '198.51.100.23'];
const plantedDevice = 'PlantedDevice/7731';
const planted = [plantedName, plantedContact, ...plantedIps, plantedDevice];

let db: Db;
let app: FastifyInstance;
let logs = '';
const dataDir = mkdtempSync(join(tmpdir(), 'tally-protect-'));
const keyringPath = join(dataDir, 'keys', 'keyring.json');
const tokens: Record<string, string> = {};
let sourceId: string;

beforeAll(async () => {
  // On PGlite the database lives on disk here, so its files can be scanned byte by byte.
  db = testEngine === 'pglite' ? await openDb({ dataDir }) : await freshDb();
  if (testEngine === 'pglite') await migrate(db);
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  app = await buildApp({ db, keyring: loadKeyring(keyringPath), logger: createLogger('trace', sink) });
  for (const role of ['reporter', 'analyst', 'admin'] as const)
    tokens[role] = (await accountWithRole(db, role)).token;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const as = (role: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${tokens[role]}`,
  ...extra,
});

describe('source protection', () => {
  it('seals a real name so that only an admin can open it, with the reading audited', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: as('admin'),
      payload: { kind: 'activist', pseudonym: 'Homs 7' },
    });
    sourceId = created.json().id;
    const sealed = await app.inject({
      method: 'PUT',
      url: `/api/v1/sources/${sourceId}/identity`,
      headers: as('admin'),
      payload: { real_name: plantedName, contact: plantedContact },
    });
    expect(sealed.statusCode).toBe(204);
    const opened = await app.inject({
      url: `/api/v1/sources/${sourceId}/identity?reason=court%20request`,
      headers: as('admin'),
    });
    expect(opened.json().identity).toEqual({ real_name: plantedName, contact: plantedContact });
    const analyst = await app.inject({
      url: `/api/v1/sources/${sourceId}/identity?reason=curious`,
      headers: as('analyst'),
    });
    expect(analyst.statusCode).toBe(403);
    const plain = await app.inject({ url: `/api/v1/sources/${sourceId}`, headers: as('analyst') });
    expect(plain.body).not.toContain(plantedName);
    const audit = await db.query<{ action: string; reason: string | null }>(
      "SELECT action, reason FROM audit_log WHERE entity = 'source' AND entity_id = $1 ORDER BY chain_seq",
      [sourceId],
    );
    expect(audit).toEqual(
      expect.arrayContaining([{ action: 'source.identity_view', reason: 'court request' }]),
    );
  });

  it('stores no address or device of the reporter who submits a report', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      remoteAddress: plantedIps[1],
      headers: as('reporter', { 'x-forwarded-for': plantedIps[0] as string, 'user-agent': plantedDevice }),
      payload: reportBody(sourceId),
    });
    expect(response.statusCode).toBe(201);
  });

  it('re-seals everything under a new key when keys rotate', async () => {
    const before = (
      await db.query<{ s: string }>('SELECT identity_sealed AS s FROM source WHERE id = $1', [sourceId])
    )[0]?.s;
    const result = await rotateKeys(db, systemActor, keyringPath);
    const after = (
      await db.query<{ s: string }>('SELECT identity_sealed AS s FROM source WHERE id = $1', [sourceId])
    )[0]?.s;
    expect(result.resealed).toBeGreaterThanOrEqual(1);
    expect(before?.split('.')[1]).toBe('k1');
    expect(after?.split('.')[1]).toBe(result.key);
    expect(JSON.parse(loadKeyring(keyringPath).open(after as string)).real_name).toBe(plantedName);
  });

  it('leaves no planted name, contact, address or device in plaintext in the database or the logs', async () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of planted) expect(logs).not.toContain(secret);

    const tables = await db.query<{ schema: string; name: string }>(
      "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'",
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables) {
      const rows = await db.query<{ text: string | null }>(
        `SELECT string_agg(t::text, E'\\n') AS text FROM "${table.schema}"."${table.name}" t`,
      );
      for (const secret of planted)
        expect(rows[0]?.text ?? '', `${table.schema}.${table.name}`).not.toContain(secret);
    }

    if (testEngine === 'pglite') {
      await db.query('CHECKPOINT');
      const files = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? files(path) : [path];
        });
      const all = files(join(dataDir, 'pglite'));
      expect(all.length).toBeGreaterThan(100);
      for (const file of all) {
        const bytes = readFileSync(file);
        for (const secret of planted) expect(bytes.includes(Buffer.from(secret)), file).toBe(false);
      }
    }
  });
});
