import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerWebApp, webPages } from './static.ts';

describe('registerWebApp', () => {
  it('answers every page of the app, and addresses below them, with index.html', async () => {
    // Every page the app routes to (web/src/App.tsx) is one the server answers.
    const appSource = readFileSync(new URL('../../web/src/App.tsx', import.meta.url), 'utf8');
    const routed = [...appSource.matchAll(/path(?: ===|\.startsWith\() ?'(\/[a-z]*)/g)].map(
      (m) => m[1]?.replace(/\/$/, '') || '/',
    );
    for (const page of new Set(routed)) expect(webPages, page).toContain(page);
    const dist = mkdtempSync(path.join(tmpdir(), 'tally-web-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Tally</title>');
    const app = Fastify();
    registerWebApp(app, dist);
    for (const url of ['/', '/reports/0bf5604e-0000-4000-8000-000000000000', '/incidents', '/pairs']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<title>Tally</title>');
    }
    expect((await app.inject({ url: '/no-such-page' })).statusCode).toBe(404);
    await app.close();
  });
});
