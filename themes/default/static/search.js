// Searching as you type, for both search boxes: find a prison (from /search-index.json)
// and the site's pages (from /search-pages.json). Without JavaScript the forms submit to
// pages that list everything, so nothing depends on this file.
(function () {
  "use strict";
  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function setup(cfg) {
    var input = document.getElementById(cfg.id);
    var list = document.getElementById(cfg.id + "-results");
    var status = document.getElementById(cfg.id + "-status");
    if (!input || !list || !window.fetch) return;
    var index = null;
    function load() {
      if (index) return Promise.resolve(index);
      // Welsh pages name their own index, which leads to Welsh pages.
      return fetch(input.getAttribute("data-index") || cfg.url).then(function (r) { return r.json(); }).then(function (data) {
        index = data.map(function (p) {
          return { p: p, title: fold(cfg.title(p)), hay: fold(cfg.words(p).join(" | ")) };
        });
        return index;
      });
    }
    function add(li) { list.appendChild(li); }
    function show(q) {
      load().then(function (entries) {
        var words = fold(q).split(/[^a-z0-9]+/).filter(Boolean);
        list.textContent = "";
        if (!words.length) { status.textContent = ""; return; }
        var hits = entries.filter(function (e) {
          return words.every(function (w) { return e.hay.indexOf(w) !== -1; });
        }).map(function (e) {
          // Pages whose title has the words come first.
          var score = words.filter(function (w) { return e.title.indexOf(w) !== -1; }).length;
          return { e: e, score: score };
        }).sort(function (a, b) { return b.score - a.score; }).slice(0, cfg.max);
        hits.forEach(function (h) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = h.e.p.url;
          a.textContent = cfg.title(h.e.p);
          li.appendChild(a);
          var extra = cfg.describe(h.e.p);
          if (extra) li.appendChild(document.createTextNode(" – " + extra));
          add(li);
        });
        status.textContent = hits.length ? hits.length + " " + (input.getAttribute("data-found") || "found") : input.getAttribute("data-none");
        if (!hits.length) {
          var none = document.createElement("li");
          none.textContent = input.getAttribute("data-none");
          add(none);
        }
      });
    }
    input.addEventListener("input", function () { show(input.value); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; show(q); }
  }
  setup({
    id: "find-prison",
    url: "/search-index.json",
    max: 12,
    title: function (p) { return p.name; },
    words: function (p) {
      return [p.name, p.name_cy, p.town, p.postcode, (p.postcode || "").replace(" ", "")].concat(p.other_names || []);
    },
    describe: function (p) {
      var closed = document.getElementById("find-prison").getAttribute("data-closed") || "closed";
      return [p.town, p.status === "closed" ? closed : ""].filter(Boolean).join(", ");
    }
  });
  setup({
    id: "site-search",
    url: "/search-pages.json",
    max: 20,
    title: function (p) { return p.title; },
    words: function (p) { return [p.title, p.summary, (p.headings || []).join(" "), p.words]; },
    describe: function (p) { return (p.kind_name || p.kind) + (p.summary ? ": " + p.summary : ""); }
  });
})();
