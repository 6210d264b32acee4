// Service worker of the KAM workspace.
// pwa/stamp-sw.sh (a Trunk post-build hook) fills in BUILD_ID and PRECACHE, so every
// build is a new worker with a new cache, and the old cache is dropped on activation.
// Hashed build output: cache first (its name changes when its content does).
// The page: network first, so a new build is seen as soon as the server is reachable;
// the cached page when it is not.
const BUILD_ID = "__KAM_BUILD_ID__";
const PRECACHE = ["__KAM_PRECACHE__"];
const CACHE = "kam-shell-" + BUILD_ID;
const INDEX = "/index.html";
const PRECACHED = new Set(PRECACHE);
const HASHED = /-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // The page has just loaded these files: take them from the HTTP cache instead of
      // downloading the app a second time. A hashed name is this build's content, so any
      // cached copy is right ("force-cache"); any other file is asked again with its
      // validator ("no-cache": a short 304 when unchanged), so the precache is this
      // build's files.
      await cache.addAll(
        PRECACHE.map((url) => new Request(url, { cache: HASHED.test(url) ? "force-cache" : "no-cache" })),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("kam-shell-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirstPage(request));
  } else if (PRECACHED.has(url.pathname) || HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
  // Anything else (health checks, sync) goes to the network untouched.
});

async function networkFirstPage(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(INDEX, response.clone());
    return response;
  } catch (_offline) {
    const cached = await cache.match(INDEX);
    return cached || new Response("Offline and not yet cached.", { status: 503 });
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
