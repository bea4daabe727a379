/* The chair app's service worker (issue 19), served at /sw.js behind static/pwa/queue.js. Her pages (home,
   her activity list, the activity form) network-first with the last synced copy as the fallback; our static
   files from the cache first. Only GETs of this site; never the API, the admin or uploaded files. The queue
   is sent by Background Sync where the browser has it (else by the pages: on "online" and on the next open). */
var CACHE = "wf-chair-v1";
var PAGES = ["/", "/activities/", "/activities/new/"];
var SKIP = /^\/(api|admin|media|sw\.js|logout|login|i18n)(\/|$)/;

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(PAGES.map(function (path) {
      return fetch(path, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) { return cache.put(path, response); }
        return undefined;
      }).catch(function () { return undefined; });
    }));
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () { return self.clients.claim(); }));
});

function pageKey(url) {
  return PAGES.indexOf(url.pathname) >= 0 ? url.pathname : null;
}

function networkFirst(request, key) {
  return fetch(request).then(function (response) {
    if (key && response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(key || request, { ignoreSearch: !!key }).then(function (hit) {
      return hit || Response.error();
    });
  });
}

function cacheFirst(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || SKIP.test(url.pathname)) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" || pageKey(url)) {
    event.respondWith(networkFirst(request, pageKey(url)));
  }
});

// The page names the static files it loaded before the worker controlled it: kept for her next offline open.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "wf-cache" && Array.isArray(data.urls)) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return Promise.all(data.urls.filter(function (href) {
        var url = new URL(href, self.location.origin);
        return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
      }).map(function (href) {
        return cache.match(href).then(function (hit) { return hit || cache.add(href).catch(function () {}); });
      }));
    }));
  } else if (data.type === "wf-forget") {
    event.waitUntil(caches.delete(CACHE));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === self.WFQueue.TAG) { event.waitUntil(self.WFQueue.flush()); }
});
