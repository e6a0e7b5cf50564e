import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerWebApp, webPages } from './static.ts';

// web/src/router.ts reads `window` when imported, so its list is read from the source.
const routerPages = () => {
  const source = readFileSync(new URL('../../web/src/router.ts', import.meta.url), 'utf8');
  const list = /export const pages = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  return [...list.matchAll(/'([^']*)'/g)].map((match) => match[1]);
};

describe('registerWebApp', () => {
  it("answers every page of the app's router, and addresses below them, with index.html", async () => {
    expect(routerPages()).toEqual([...webPages]);
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
