/**
 * The service worker that makes Tally an installable app that opens offline: it keeps the
 * app's page and files on the device. The API is never cached: field reports wait in the
 * page's outbox (IndexedDB) instead, where the reporter can see them.
 */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
const worker = self as unknown as WorkerScope;

const CACHE = 'tally-app-v1';
const PAGE = '/__page';

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const page = await fetch('/field', { cache: 'no-store' });
  if (!page.ok) return;
  const html = await page.clone().text();
  await cache.put(PAGE, page);
  const files = new Set(['/manifest.webmanifest', '/icon.svg']);
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) files.add(match[1] as string);
  // Fonts are named from the stylesheets, not the page.
  for (const css of [...files].filter((f) => f.endsWith('.css'))) {
    const text = await (await fetch(css)).text();
    for (const match of text.matchAll(/url\((\/assets\/[^)]+)\)/g)) files.add(match[1] as string);
  }
  await cache.addAll([...files]);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== worker.location.origin || url.pathname.startsWith('/api/'))
    return;
  if (request.mode === 'navigate') {
    // Network first, so a new version shows at once; the kept page when there is no network.
    event.respondWith(
      fetch(request)
        .then(async (response) => {
          if (response.ok) await (await caches.open(CACHE)).put(PAGE, response.clone());
          return response;
        })
        .catch(async () => (await caches.match(PAGE)) ?? Response.error()),
    );
    return;
  }
  // Hashed files never change; everything else is refreshed in the background.
  event.respondWith(
    caches.match(request).then((cached) => {
      const network = fetch(request).then(async (response) => {
        if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
        return response;
      });
      if (cached && url.pathname.startsWith('/assets/')) return cached;
      if (!cached) return network;
      // Offline, the refresh fails quietly and the cached copy stands.
      network.catch(() => undefined);
      return cached;
    }),
  );
});
