import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { ephemeralKeyring } from '../src/core/keyring.ts';
import type { Db } from '../src/db/client.ts';
import { accountWithRole } from './app.ts';
import { freshDb } from './db.ts';
import { buildSource } from './factories.ts';
import { type FuzzRequest, malformedRequests, type Operation } from './route-fuzz.cases.ts';

/**
 * Every route in the OpenAPI document, as an admin and as nobody, with malformed bodies, query
 * strings and path parameters: none may answer 5xx, and every 400 is the API's JSON error.
 */
let db: Db;
let app: FastifyInstance;
let adminToken: string;
let operations: Operation[];
let sourceId: string;

beforeAll(async () => {
  db = await freshDb();
  app = await buildApp({
    db,
    keyring: ephemeralKeyring(),
    dataDir: mkdtempSync(join(tmpdir(), 'tally-fuzz-')),
    webDist: false,
  });
  adminToken = (await accountWithRole(db, 'admin')).token;
  sourceId = (await buildSource(db)).id;
  const spec = (await app.inject({ url: '/api/openapi.json' })).json();
  operations = Object.entries(spec.paths as Record<string, Record<string, OpenApiOperation>>).flatMap(
    ([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: (op.parameters ?? []).filter((p) => p.in === 'query'),
      })),
  );
});
afterAll(async () => {
  await app.close();
  await db.close();
});

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: Operation['body'] }> };
  parameters?: { in: string; name: string; schema: NonNullable<Operation['body']> }[];
}

const sample = (value: string | Buffer | undefined, length = 160) =>
  value === undefined ? '' : String(value).slice(0, length).replaceAll('\n', ' ');

describe('route fuzz', () => {
  it('answers every malformed request on every route with a 4xx (or 2xx), never 5xx', {
    timeout: 120_000,
  }, async () => {
    const started = Date.now();
    const failures: string[] = [];
    let sent = 0;
    const perRoute = new Map<string, number>();
    for (const op of operations) {
      const requests = malformedRequests(op, { sourceId });
      perRoute.set(`${op.method} ${op.path}`, requests.length);
      for (const token of [adminToken, undefined]) {
        for (const request of requests) {
          sent += 1;
          const failure = await send(request, token);
          if (failure) failures.push(`${token ? 'admin' : 'anonymous'} ${failure}`);
        }
      }
    }
    console.info(
      `route fuzz: ${operations.length} routes, ${sent} requests, ${failures.length} failures, ${Date.now() - started} ms`,
    );
    expect(operations.length).toBeGreaterThan(80);
    expect(Math.min(...perRoute.values())).toBeGreaterThanOrEqual(20);
    expect(failures.slice(0, 30), `${failures.length} failures`).toEqual([]);
  });
});

/** Sends one request; a description of what went wrong, or null when the answer is acceptable. */
async function send(request: FuzzRequest, token: string | undefined): Promise<string | null> {
  const headers = { ...(request.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
  const where = `${request.method} ${sample(request.url, 120)} [${request.label}] body ${sample(request.payload)}`;
  if (response.statusCode >= 500) return `${where} → ${response.statusCode} ${sample(response.body, 300)}`;
  if (response.statusCode === 400) {
    let parsed: { error?: unknown; message?: unknown } | null = null;
    try {
      parsed = response.json();
    } catch {
      parsed = null;
    }
    if (typeof parsed?.error !== 'string' || typeof parsed?.message !== 'string') {
      return `${where} → 400 without {error, message}: ${sample(response.body, 300)}`;
    }
    if (response.body.length > 20_000) return `${where} → 400 of ${response.body.length} bytes`;
  }
  return null;
}
