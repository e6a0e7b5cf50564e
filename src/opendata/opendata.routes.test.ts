import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole, buildTestApp } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import type { Db } from '../db/client.ts';
import { consolidateIncidents } from '../incidents/consolidate.service.ts';
import { ingestScenario } from '../tolls/test-scenario.ts';
import { defaultTollSettings } from '../tolls/toll-settings.ts';
import { buildCodebook } from './codebook.ts';

let db: Db;
let app: FastifyInstance & { token: string };

beforeAll(async () => {
  db = await freshDb();
  await ingestScenario(db);
  await consolidateIncidents(db, { settings: defaultTollSettings });
  app = await buildTestApp({ db, webDist: false }, { role: 'admin' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const anonymous = { authorization: '' };

describe('open data over HTTP', () => {
  it('streams incidents to anyone as a download that names its codebook', async () => {
    const response = await app.inject({ url: '/api/v1/export/incidents?format=geojson', headers: anonymous });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/geo+json');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="tally-incidents-.*\.geojson"$/,
    );
    expect(response.headers['x-tally-codebook']).toBe(buildCodebook().version);
    expect(JSON.parse(response.body).type).toBe('FeatureCollection');
  });

  it('gives an analyst more than the public', async () => {
    const { token } = await accountWithRole(db, 'analyst');
    const lines = async (headers: Record<string, string>) =>
      (await app.inject({ url: '/api/v1/export/incidents?format=acled', headers })).body.trim().split('\n')
        .length;
    expect(await lines({ authorization: `Bearer ${token}` })).toBeGreaterThan(await lines(anonymous));
  });

  it('refuses the full export to anyone but an admin, and a bad format to everyone', async () => {
    const { token } = await accountWithRole(db, 'editor');
    const editor = await app.inject({
      url: '/api/v1/export/full',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(editor.statusCode).toBe(403);
    const admin = await app.inject({ url: '/api/v1/export/full' });
    expect(admin.statusCode).toBe(200);
    expect(JSON.parse(admin.body.split('\n')[0] as string)).toMatchObject({
      t: 'header',
      format: 'tally-full-export',
    });
    const bad = await app.inject({ url: '/api/v1/export/incidents?format=xlsx', headers: anonymous });
    expect(bad.statusCode).toBe(400);
    const tolls = await app.inject({ url: '/api/v1/export/tolls?from=2012-12-29&to=2012-12-01' });
    expect(tolls.statusCode).toBe(400);
  });

  it('serves the codebook as Markdown at /codebook and as JSON in the API', async () => {
    const page = await app.inject({ url: '/codebook', headers: anonymous });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/markdown/);
    expect(page.body).toContain('# Tally codebook');
    const api = await app.inject({ url: '/api/v1/codebook', headers: anonymous });
    expect(api.json().version).toBe(page.headers['x-tally-codebook']);
  });
});

describe('docs/codebook.md', () => {
  it('is what the code generates (run `npm run codebook` after changing a rule)', () => {
    const committed = readFileSync(new URL('../../docs/codebook.md', import.meta.url), 'utf8');
    expect(committed).toBe(buildCodebook(defaultTollSettings).markdown);
  });

  it('changes version when a setting changes', () => {
    const other = buildCodebook({ ...defaultTollSettings, headlineGrades: ['confirmed'] });
    expect(other.version).not.toBe(buildCodebook(defaultTollSettings).version);
    expect(other.markdown).toContain('count only: `confirmed`.');
  });
});
