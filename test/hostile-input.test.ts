import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { buildTestApp } from './app.ts';
import { freshDb } from './db.ts';

let db: Db;
let app: FastifyInstance;
let sourceId: string;

beforeAll(async () => {
  db = await freshDb();
  app = await buildTestApp({ db, bodyLimitBytes: 256 * 1024 });
  sourceId = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      payload: { kind: 'activist', pseudonym: 'x' },
    })
  ).json().id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    "'; DROP TABLE report; --",
    '<script>alert(1)</script>',
    '../../../etc/passwd',
    '\u0000',
    '\uD800',
    '%00',
    '{{7*7}}',
    'ريف دمشق',
    '\n{"level":60,"msg":"forged log line"}',
  ),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
/** Percent-encodes, or sends the bytes of a lone surrogate (invalid UTF-8) when the string cannot be encoded. */
const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
};

describe('hostile input', () => {
  it('answers random and malicious report bodies with 2xx or 4xx, never 500, and stores text as given', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ text: nasty, language: nasty, channel: nasty, extra: anyJson }, { requiredKeys: [] }),
        async (fields) => {
          const payload = { id: crypto.randomUUID(), source_id: sourceId, ...fields };
          const response = await app.inject({ method: 'POST', url: '/api/v1/reports', payload });
          expect(response.statusCode, response.body).toBeLessThan(500);
          if (response.statusCode === 201) expect(response.json().text).toBe(fields.text);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('survives arbitrary JSON on every write route and arbitrary query strings on reads', async () => {
    const spec = (await app.inject({ url: '/api/openapi.json' })).json();
    const routes = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), anyJson, nasty, async (route, body, value) => {
        const url = route.path.replace(/\{[^}]+\}/g, encode(value) || 'x');
        const response = await app.inject({
          method: route.method as 'GET',
          url: route.method === 'GET' ? `${url}?q=${encode(value)}&limit=${encode(value)}` : url,
          ...(route.method === 'GET' || route.method === 'DELETE'
            ? {}
            : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        });
        expect(response.statusCode, `${route.method} ${url}: ${response.body.slice(0, 200)}`).toBeLessThan(
          500,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('refuses malformed JSON, invalid UTF-8 and oversized bodies with JSON errors', async () => {
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'content-type': 'application/json' },
      payload: '{"id": "x",',
    });
    expect(broken.statusCode).toBe(400);
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"text": "'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}'),
    ]);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'content-type': 'application/json' },
      payload: invalidUtf8,
    });
    expect(bad.statusCode).toBe(400);
    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { text: 'x'.repeat(300 * 1024) },
    });
    expect(huge.statusCode).toBe(413);
    for (const response of [broken, bad, huge]) expect(response.json().error).toBeTruthy();
  });
});

describe('text PostgreSQL cannot hold', () => {
  it('refuses a NUL character with a 400 naming the field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { id: crypto.randomUUID(), source_id: sourceId, text: 'before\u0000after' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields?.[0]?.field).toBe('text');
  });

  it('refuses a lone surrogate with a 400 naming the field, and stores a proper pair as given', async () => {
    for (const text of ['\uD800', 'before\uDFFFafter', 'x\uD83D']) {
      const id = crypto.randomUUID();
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: { id, source_id: sourceId, text },
      });
      expect(response.statusCode, JSON.stringify(text)).toBe(400);
      expect(response.json().fields?.[0]?.field).toBe('text');
      expect(response.json().message).toMatch(/unpaired UTF-16 surrogate/);
      expect((await app.inject({ url: `/api/v1/reports/${id}` })).statusCode).toBe(404);
    }
    const pair = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { id: crypto.randomUUID(), source_id: sourceId, text: 'قتلى \uD83D\uDE22 in Aleppo' },
    });
    expect(pair.statusCode).toBe(201);
    expect(pair.json().text).toBe('قتلى 😢 in Aleppo');
  });
});
