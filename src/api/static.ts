import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build:web` puts the web app (web/dist). */
export const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * The web app's client-side pages. Each answers with index.html so a bookmarked or reloaded
 * address works; anything else outside /api keeps the JSON 404. A new page in web/src/App.tsx
 * is added here too.
 */
export const webPages = [
  '/',
  '/login',
  '/review',
  '/incidents',
  '/field',
  '/pairs',
  '/reports',
  '/bulletin',
] as const;

const mediaTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

// The app is ours alone: no inline scripts, no third-party origins, no framing.
const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'",
};

function sendFile(reply: FastifyReply, file: string, cache: string): FastifyReply {
  const type = mediaTypes[path.extname(file)] ?? 'application/octet-stream';
  return reply
    .headers({ ...securityHeaders, 'content-type': type, 'cache-control': cache })
    .header('content-length', statSync(file).size)
    .send(createReadStream(file));
}

/**
 * Serves the built web app from the same port as the API: hashed files under /assets are
 * cached for a year, everything else is revalidated, and the app's pages fall back to
 * index.html. Without a build, the pages say how to make one.
 */
export function registerWebApp(app: FastifyInstance, distDir: string = defaultWebDist): void {
  const index = path.join(distDir, 'index.html');
  const built = existsSync(index);
  const page = async (_request: unknown, reply: FastifyReply) => {
    if (!built)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build:web` (npm start does it for you).\n');
    return sendFile(reply, index, 'no-cache');
  };
  for (const url of webPages) {
    app.get(url, { schema: { hide: true } }, page);
    if (url !== '/') app.get(`${url}/*`, { schema: { hide: true } }, page);
  }
  if (!built) return;

  const assets = path.join(distDir, 'assets');
  if (existsSync(assets)) {
    app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
      const name = (request.params as { '*': string })['*'];
      const file = path.join(assets, name);
      // Only plain names inside assets/: no traversal, no directories.
      if (!/^[\w.-]+(\/[\w.-]+)*$/.test(name) || !file.startsWith(assets + path.sep) || !existsSync(file))
        return reply.callNotFound();
      if (!statSync(file).isFile()) return reply.callNotFound();
      return sendFile(reply, file, 'public, max-age=31536000, immutable');
    });
  }
  // Top-level files (service worker, manifest, basemap, icons) at their own fixed addresses.
  for (const name of readdirSync(distDir)) {
    const file = path.join(distDir, name);
    if (name === 'index.html' || !statSync(file).isFile()) continue;
    app.get(`/${name}`, { schema: { hide: true } }, async (_request, reply) =>
      sendFile(reply, file, 'no-cache'),
    );
  }
}
