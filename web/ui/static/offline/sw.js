// The offline app's service worker, hand-written (no Workbox: it would
// load its modules from a public CDN). Scope /offline/. It keeps the app
// shell (the page and the static files it names) so the app opens with
// no network; it never keeps answers of the API, which hold personal data
// (the app keeps those itself, sealed, in IndexedDB).
'use strict';
const CACHE = 'shuangbai-offline-v1';
const PAGE = '/offline/';

async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch(PAGE, { credentials: 'same-origin' });
  if (!res.ok || res.redirected) return; // not logged in: nothing to keep yet
  const html = await res.clone().text();
  await cache.put(PAGE, res);
  const urls = [...html.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  await cache.addAll(urls);
}

self.addEventListener('install', (e) => {
  e.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const k of await caches.keys()) if (k !== CACHE) await caches.delete(k);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === PAGE && req.mode === 'navigate') {
    // Network first, so a new version shows at once; the kept copy offline.
    e.respondWith((async () => {
      try {
        const res = await fetch(req);
        if (res.ok && !res.redirected) (await caches.open(CACHE)).put(PAGE, res.clone());
        return res;
      } catch (err) {
        const hit = await caches.match(PAGE);
        if (hit) return hit;
        throw err;
      }
    })());
    return;
  }
  if (url.pathname.startsWith('/static/')) {
    // Static files carry their fingerprint in ?v=: any kept copy of the
    // same file will do offline; online the fingerprinted one is fetched.
    e.respondWith((async () => {
      const cache = await caches.open(CACHE);
      const exact = await cache.match(req);
      if (exact) return exact;
      try {
        const res = await fetch(req);
        if (res.ok) cache.put(req, res.clone());
        return res;
      } catch (err) {
        const any = await cache.match(req, { ignoreSearch: true });
        if (any) return any;
        throw err;
      }
    })());
  }
});
