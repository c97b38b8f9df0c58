// Full-text search over /search-pages.json; without JavaScript the page lists every page.
(function () {
  "use strict";
  var input = document.getElementById("site-search");
  var list = document.getElementById("site-search-results");
  var status = document.getElementById("site-search-status");
  if (!input || !list || !window.fetch) return;
  var index = null;
  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function load() {
    if (index) return Promise.resolve(index);
    return fetch("/search-pages.json").then(function (r) { return r.json(); }).then(function (data) {
      index = data.map(function (p) {
        return { p: p, title: fold(p.title + " " + (p.headings || []).join(" ")), hay: fold([p.title, p.summary, (p.headings || []).join(" "), p.words].join(" ")) };
      });
      return index;
    });
  }
  function show(q) {
    load().then(function (entries) {
      var words = fold(q).split(/[^a-z0-9]+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) { status.textContent = ""; return; }
      var hits = entries.filter(function (e) {
        return words.every(function (w) { return e.hay.indexOf(w) !== -1; });
      }).map(function (e) {
        var score = words.reduce(function (s, w) { return s + (e.title.indexOf(w) !== -1 ? 2 : 0); }, 0);
        return { e: e, score: score };
      }).sort(function (a, b) { return b.score - a.score; }).slice(0, 20);
      hits.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = h.e.p.url;
        a.textContent = h.e.p.title;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" – " + h.e.p.kind + (h.e.p.summary ? ": " + h.e.p.summary : "")));
        list.appendChild(li);
      });
      status.textContent = hits.length ? hits.length + " found" : input.getAttribute("data-none");
      if (!hits.length) {
        var li = document.createElement("li");
        li.textContent = input.getAttribute("data-none");
        list.appendChild(li);
      }
    });
  }
  input.addEventListener("input", function () { show(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; show(q); }
})();
