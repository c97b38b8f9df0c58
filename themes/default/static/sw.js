// Keeps a copy of each page a family opens, so that at the prison gate, with no signal,
// the prison's page and checklist they opened at home still open. Network first: the saved
// copy is shown only when the network fails, with the date it was saved, because visiting
// times and rules change. The site works the same without this file.
"use strict";
var CACHE = "familyties-v1";
var MAX_PAGES = 40;
var MAX_ASSETS = 8;
// Stylesheets and scripts live under /assets/ with a content hash in their names.
var ASSET = /^\/(assets\/.+\.(css|js)|favicon\.(ico|svg))$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// The address a page is saved under: without "?q=...", so one copy per page.
function key(request) {
  var url = new URL(request.url);
  url.search = "";
  url.hash = "";
  return url.href;
}

function save(request, response) {
  return response.clone().blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set("x-saved", new Date().toISOString());
    return caches.open(CACHE).then(function (cache) {
      return cache.put(key(request), new Response(body, { status: 200, headers: headers })).then(function () {
        return cache.keys();
      }).then(function (keys) {
        // Oldest first: forget all but the newest MAX_PAGES pages and the newest copies of
        // the stylesheets and scripts (old hashed names are never asked for again).
        var pages = keys.filter(function (k) { return !ASSET.test(new URL(k.url).pathname); });
        var assets = keys.filter(function (k) { return ASSET.test(new URL(k.url).pathname); });
        var old = pages.slice(0, Math.max(0, pages.length - MAX_PAGES))
          .concat(assets.slice(0, Math.max(0, assets.length - MAX_ASSETS)));
        return Promise.all(old.map(function (k) { return cache.delete(k); }));
      });
    });
  });
}

function two(n) { return (n < 10 ? "0" : "") + n; }

// The saved page, with a note at the top of its main content saying when it was saved, in
// the page's language (the Welsh wants checking by a Welsh speaker).
function labelled(saved) {
  var when = new Date(saved.headers.get("x-saved") || Date.now());
  return saved.text().then(function (html) {
    var welsh = /<html[^>]*lang="cy/.test(html);
    var lang = welsh ? "cy-GB" : "en-GB";
    var day;
    try {
      day = when.toLocaleDateString(lang, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
    } catch (e) {
      day = when.toISOString().slice(0, 10);
    }
    var time = two(when.getHours()) + ":" + two(when.getMinutes());
    var stamp = '<time datetime="' + when.toISOString() + '">' + day + (welsh ? " am " : " at ") + time + "</time>";
    var text = welsh
      ? "Dim signal: dyma'r copi a gadwyd ar y ffôn hwn ar " + stamp + ". Efallai fod amseroedd a rheolau wedi newid ers hynny. Holwch y carchar pan allwch chi."
      : "No signal: this is the copy saved on this phone on " + stamp + ". Times and rules may have changed since. Check with the prison when you can.";
    var note = '<p class="offline-note" id="offline-note" role="status">' + text + "</p>";
    var at = html.search(/<main[^>]*>/);
    if (at !== -1) {
      var end = html.indexOf(">", at) + 1;
      html = html.slice(0, end) + note + html.slice(end);
    }
    return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var page = request.mode === "navigate";
  if (!page && !ASSET.test(url.pathname)) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") event.waitUntil(save(request, response));
    return response;
  }).catch(function (error) {
    return caches.match(key(request)).then(function (saved) {
      if (!saved) throw error;
      return page ? labelled(saved) : saved;
    });
  }));
});
