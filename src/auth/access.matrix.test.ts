import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole } from '../../test/app.ts';
import { freshDb } from '../../test/db.ts';
import { reportBody } from '../../test/factories.ts';
import { buildApp } from '../api/app.ts';
import type { Role } from '../core/actor.ts';
import { ephemeralKeyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import type { Access } from './access.ts';

/**
 * The access policy, written out independently of the routes: every route in
 * the OpenAPI document must appear here, so a new route cannot ship without a
 * decision about who may call it.
 */
const policy: Record<string, Access> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'reporter',
  'GET /api/v1/auth/me': 'reporter',
  'POST /api/v1/auth/password': 'reporter',
  'POST /api/v1/auth/totp/enroll': 'reporter',
  'POST /api/v1/auth/totp/confirm': 'reporter',
  'GET /api/v1/users': 'admin',
  'POST /api/v1/users': 'admin',
  'POST /api/v1/users/{username}/disable': 'admin',
  'POST /api/v1/users/{username}/reset': 'admin',
  'POST /api/v1/users/{username}/tokens': 'admin',
  'GET /api/v1/users/{username}/tokens': 'admin',
  'POST /api/v1/users/{username}/tokens/{id}/revoke': 'admin',
  'POST /api/v1/sources': 'analyst',
  'GET /api/v1/sources': 'analyst',
  'GET /api/v1/sources/{id}': 'analyst',
  'PUT /api/v1/sources/{id}/identity': 'admin',
  'GET /api/v1/sources/{id}/identity': 'admin',
  'POST /api/v1/reports': 'reporter',
  'GET /api/v1/reports': 'reporter',
  'GET /api/v1/reports/{id}': 'reporter',
  'POST /api/v1/reports/{id}/claims': 'analyst',
  'GET /api/v1/reports/{id}/claims': 'analyst',
  'GET /api/v1/claims': 'analyst',
  'POST /api/v1/claims/{id}/accept': 'analyst',
  'POST /api/v1/claims/{id}/reject': 'analyst',
  'PATCH /api/v1/claims/{id}': 'analyst',
  'POST /api/v1/incidents': 'analyst',
  'GET /api/v1/incidents': 'analyst',
  'GET /api/v1/incidents/{id}': 'analyst',
  'PATCH /api/v1/incidents/{id}': 'analyst',
  'DELETE /api/v1/incidents/{id}': 'analyst',
  'POST /api/v1/incidents/{id}/claims': 'analyst',
  'DELETE /api/v1/incidents/{id}/claims/{claimId}': 'analyst',
  'GET /api/v1/incidents/{id}/claims': 'analyst',
  'GET /api/v1/incidents/{id}/history': 'analyst',
  'GET /api/v1/incidents/{id}/victims': 'analyst',
  'POST /api/v1/incidents/{id}/victims': 'analyst',
  'DELETE /api/v1/incidents/{id}/victims/{recordId}': 'analyst',
  'POST /api/v1/incidents/consolidate': 'analyst',
  'POST /api/v1/incidents/merge': 'analyst',
  'POST /api/v1/incidents/{id}/split': 'analyst',
  'POST /api/v1/incidents/{id}/grade': 'analyst',
  'GET /api/v1/tolls': 'analyst',
  'GET /api/v1/tolls/running': 'analyst',
  'POST /api/v1/tolls/publish': 'editor',
  'POST /api/v1/tolls/closures': 'analyst',
  'GET /api/v1/tolls/disruptions': 'analyst',
  'POST /api/v1/tolls/disruptions': 'analyst',
  'POST /api/v1/tolls/disruptions/{id}/end': 'analyst',
  'GET /api/v1/bulletins/draft': 'analyst',
  'POST /api/v1/bulletins/publish': 'editor',
  'GET /api/v1/publications': 'analyst',
  'GET /api/v1/publications/{id}': 'analyst',
  'GET /api/v1/public/publications': 'public',
  'GET /api/v1/public/publications/{id}': 'public',
  'GET /api/v1/public/publications/{id}/incidents': 'public',
  'GET /api/v1/public/bulletins/{date}': 'public',
  'GET /api/v1/places/resolve': 'public',
  'GET /api/v1/dashboard/map': 'analyst',
  'GET /api/v1/places': 'public',
  'POST /api/v1/places': 'analyst',
  'GET /api/v1/places/{id}': 'public',
  'POST /api/v1/evidence/uploads': 'reporter',
  'GET /api/v1/evidence/uploads/{id}': 'reporter',
  'PATCH /api/v1/evidence/uploads/{id}': 'reporter',
  'GET /api/v1/evidence': 'analyst',
  'GET /api/v1/evidence/{id}': 'analyst',
  'GET /api/v1/evidence/{id}/custody': 'analyst',
  'GET /api/v1/evidence/{id}/original': 'editor',
  'POST /api/v1/evidence/{id}/derivatives': 'analyst',
  'GET /api/v1/evidence/{id}/derivatives': 'analyst',
  'GET /api/v1/evidence/{id}/derivatives/{derivativeId}/content': 'analyst',
  'POST /api/v1/evidence/{id}/checks': 'analyst',
  'GET /api/v1/evidence/{id}/checks': 'analyst',
  'POST /api/v1/evidence/{id}/status': 'editor',
  'POST /api/v1/evidence/{id}/links': 'analyst',
  'GET /api/v1/export/incidents': 'public',
  'GET /api/v1/export/tolls': 'analyst',
  'GET /api/v1/export/victims': 'analyst',
  'GET /api/v1/export/full': 'admin',
  'GET /api/v1/codebook': 'public',
  'POST /api/v1/victims': 'analyst',
  'GET /api/v1/victims': 'analyst',
  'GET /api/v1/victims/{id}': 'analyst',
  'GET /api/v1/persons': 'analyst',
  'GET /api/v1/persons/{id}': 'analyst',
  'POST /api/v1/persons/merge': 'editor',
  'POST /api/v1/persons/split': 'editor',
  'POST /api/v1/links/runs': 'editor',
  'GET /api/v1/links/runs/{id}': 'analyst',
  'GET /api/v1/links/review': 'analyst',
  'POST /api/v1/links/review/{id}': 'editor',
  'GET /api/v1/demo': 'reporter',
  'POST /api/v1/demo': 'admin',
};

type Caller = 'anonymous' | 'reporter' | 'other_reporter' | 'analyst' | 'editor' | 'admin';
const callerRole: Record<Caller, Role | null> = {
  anonymous: null,
  reporter: 'reporter',
  other_reporter: 'reporter',
  analyst: 'analyst',
  editor: 'editor',
  admin: 'admin',
};
const rank: Role[] = ['reporter', 'analyst', 'editor', 'admin'];
const allowed = (access: Access, role: Role | null) =>
  access === 'public' || (role !== null && rank.indexOf(role) >= rank.indexOf(access));

let db: Db;
let app: FastifyInstance;
const tokens = {} as Record<Caller, string | undefined>;
let paths: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  db = await freshDb();
  app = await buildApp({
    db,
    keyring: ephemeralKeyring(),
    dataDir: mkdtempSync(join(tmpdir(), 'tally-matrix-')),
  });
  for (const caller of Object.keys(callerRole) as Caller[]) {
    const role = callerRole[caller];
    tokens[caller] = role ? (await accountWithRole(db, role)).token : undefined;
  }
  paths = (await app.inject({ url: '/api/openapi.json' })).json().paths;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const fill = (path: string) =>
  path
    .replace('{username}', 'nobody-here')
    .replace('{claimId}', '00000000-0000-4000-8000-000000000002')
    .replace('{derivativeId}', '00000000-0000-4000-8000-000000000003')
    .replace('{id}', path.includes('/places/') ? 'SY' : '00000000-0000-4000-8000-000000000001');

describe('the route × role matrix', () => {
  it('has a policy for every route in the OpenAPI document, and no stale ones', () => {
    const documented = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((route) => !(route in policy))).toEqual([]);
    expect(Object.keys(policy).filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('answers every route as each role should', async () => {
    const wrong: string[] = [];
    for (const route of Object.keys(policy)) {
      const [method, path] = route.split(' ') as [string, string];
      for (const caller of Object.keys(callerRole) as Caller[]) {
        const token = tokens[caller];
        const response = await app.inject({
          method: method as 'GET',
          url: fill(path),
          headers: token ? { authorization: `Bearer ${token}` } : {},
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        const may = allowed(policy[route] as Access, callerRole[caller]);
        const expected = may ? 'not 401/403' : caller === 'anonymous' ? '401' : '403';
        const ok = may
          ? response.statusCode !== 401 && response.statusCode !== 403
          : response.statusCode === (caller === 'anonymous' ? 401 : 403);
        if (!ok) wrong.push(`${route} as ${caller}: ${response.statusCode}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('hides one reporter’s report from another behind the same 404 as a missing id', async () => {
    const source = await app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: { kind: 'activist', pseudonym: 'matrix source' },
    });
    const body = reportBody(source.json().id);
    const as = (caller: Caller) => ({ authorization: `Bearer ${tokens[caller]}` });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: as('reporter'),
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const own = await app.inject({ url: `/api/v1/reports/${body.id}`, headers: as('reporter') });
    expect(own.statusCode).toBe(200);
    const other = await app.inject({ url: `/api/v1/reports/${body.id}`, headers: as('other_reporter') });
    const missing = await app.inject({
      url: '/api/v1/reports/00000000-0000-4000-8000-00000000beef',
      headers: as('other_reporter'),
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().error).toBe(missing.json().error);
    const list = await app.inject({ url: '/api/v1/reports?limit=500', headers: as('other_reporter') });
    expect(list.json().items.map((r: { id: string }) => r.id)).not.toContain(body.id);
    const analystView = await app.inject({ url: `/api/v1/reports/${body.id}`, headers: as('analyst') });
    expect(analystView.statusCode).toBe(200);
  });
});
