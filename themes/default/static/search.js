// Searching as you type, for both search boxes: find a prison (from /search-index.json)
// and the site's pages (from /search-pages.json). Without JavaScript the find box goes to
// /prisons/find/ (a name index by first letter and postcode) and site search to /search/
// (a list of every page), so nothing depends on this file.
(function () {
  "use strict";
  if (!window.fetch || !document.getElementById || !"".normalize) return;
  // Welsh pages search the Welsh indexes, whose results lead to Welsh pages.
  var LP = document.documentElement.lang === "cy" ? "/cy" : "";

  // Lower case, accents off (Welsh ŵ and ŷ too), "&" read as "and", apostrophes dropped so
  // "Guy's" and "Guys" match.
  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/['\u2019]/g, "").replace(/&/g, " and ");
  }
  function words(s) { return fold(s).split(/[^a-z0-9]+/).filter(Boolean); }

  // Edit distance with swapped letters counting once; gives up (max + 1) past max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, prev = [], cur, i, j, v, best;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      best = i;
      for (j = 1; j <= b.length; j++) {
        v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }
  // Typos forgiven by word length: none in short words, where one letter changes the word.
  function allowed(len) { return len >= 8 ? 2 : len >= 4 ? 1 : 0; }

  // Words families add that are in no prison's name.
  var IGNORE = {};
  ("prison prisons hmp hm hmyoi yoi hmpyoi jail gaol goal visit visits visiting visitor visitors " +
    "the of in at near and to for carchar y").split(" ").forEach(function (w) { IGNORE[w] = true; });
  function meaningful(tokens) {
    return tokens.filter(function (w) {
      return !IGNORE[w] && !(w.length >= 5 && distance(w, "prison", 1) <= 1);
    });
  }

  // ------------------------------------------------------------------ find a prison

  var AREAS = null; // postcode area -> region, from /postcode-areas.json
  var FULL = /^([a-z]{1,2})(\d[a-z\d]?)(\d[a-z]{2})$/;
  var DISTRICT = /^([a-z]{1,2})(\d[a-z\d]?)$/;

  function postcodeParts(code) {
    var c = fold(code).replace(/[^a-z0-9]/g, "");
    var m = FULL.exec(c);
    if (m) return { full: c, district: m[1] + m[2], area: m[1] };
    m = DISTRICT.exec(c);
    if (m) return { full: null, district: c, area: m[1] };
    return null;
  }

  function prepPrison(p) {
    var fields = [{ text: p.name, weight: 10, kind: "name" }];
    if (p.name_cy) fields.push({ text: p.name_cy, weight: 8, kind: "other" });
    (p.other_names || []).forEach(function (n) { fields.push({ text: n, weight: 8, kind: "other" }); });
    if (p.town) fields.push({ text: p.town, weight: 6, kind: "town" });
    fields.forEach(function (f) {
      f.tokens = meaningful(words(f.text));
      f.joined = f.tokens.join("");
    });
    return { p: p, fields: fields, code: p.postcode ? postcodeParts(p.postcode) : null };
  }

  // How well one typed word matches a field: 1 exact, down to 0.4 for a typo mid-word.
  function tokenQuality(q, field, last) {
    var best = 0;
    if (field.joined === q) return 1;
    if (q.length >= 5 && field.joined.indexOf(q) === 0) best = 0.85;
    field.tokens.forEach(function (t) {
      var d;
      if (t === q) { best = 1; return; }
      if (t.indexOf(q) === 0 && (last || q.length >= 3)) best = Math.max(best, 0.8);
      var max = allowed(Math.min(t.length, q.length));
      if (max && (d = distance(q, t, max)) <= max) best = Math.max(best, 0.7 - 0.1 * d);
      // As you type: a typo in the part typed so far.
      if (last && q.length >= 4 && q.length < t.length && distance(q, t.slice(0, q.length), 1) <= 1) {
        best = Math.max(best, 0.5);
      }
    });
    return best;
  }

  function scorePrison(e, tokens, code) {
    var score = 0, why = null;
    if (tokens.length) {
      var perToken = tokens.map(function () { return 0; });
      e.fields.forEach(function (f) {
        var sum = 0, all = true;
        tokens.forEach(function (q, i) {
          var quality = tokenQuality(q, f, i === tokens.length - 1);
          if (!quality) all = false;
          sum += quality;
          perToken[i] = Math.max(perToken[i], quality * f.weight * 0.7);
        });
        if (!all) return;
        // Every word in one name: worth more, and most if it is the whole name.
        var s = f.weight * sum / tokens.length + (f.tokens.length === tokens.length ? 2 : 0);
        if (s > score) { score = s; why = f; }
      });
      var across = perToken.every(Boolean) ? perToken.reduce(function (a, b) { return a + b; }, 0) / tokens.length : 0;
      if (across > score) { score = across; why = null; }
    }
    if (code && e.code) {
      if (code.full && code.full === e.code.full) score += 100;
      else if (code.district === e.code.district) score += 50;
      else if (code.area === e.code.area) score += 20;
      else if (code.regions[e.p.region]) score += 5;
    }
    return { score: score, why: why };
  }

  function findPrisons(entries, query) {
    var all = words(query);
    var code = postcodeParts(query);
    var tokens = code ? [] : meaningful(all);
    // Letters alone may be a postcode area ("LS"): after any name they begin.
    var area = null;
    if (!code && all.length === 1 && /^[a-z]{1,2}$/.test(all[0]) && AREAS && AREAS[all[0].toUpperCase()]) {
      area = all[0];
    }
    if (!tokens.length && !code) return [];
    // The region of the area, and of the prisons in it (an area can cross a border).
    var areaCode = code ? code.area : area;
    var regions = {};
    if (areaCode) {
      if (AREAS && AREAS[areaCode.toUpperCase()]) regions[AREAS[areaCode.toUpperCase()]] = true;
      entries.forEach(function (e) { if (e.code && e.code.area === areaCode) regions[e.p.region] = true; });
      if (code) code.regions = regions;
    }
    var hits = [];
    entries.forEach(function (e, i) {
      var r = scorePrison(e, tokens, code);
      if (area && e.code) {
        if (e.code.area === area) r.score += 5;
        else if (regions[e.p.region]) r.score += 1;
      }
      if (r.score > 0) hits.push({ e: e, score: r.score, why: r.why, order: i });
    });
    hits.sort(function (a, b) {
      return b.score - a.score ||
        (a.e.p.status === "closed") - (b.e.p.status === "closed") ||
        a.order - b.order;
    });
    return hits;
  }

  function renderPrison(h, input) {
    var p = h.e.p;
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = p.url;
    a.textContent = p.name;
    li.appendChild(a);
    // Say which name matched when it is not the prison's own ("HMP Leeds (Armley)").
    if (h.why && h.why.kind === "other") li.appendChild(document.createTextNode(" (" + h.why.text + ")"));
    var about = [p.holds, p.town].filter(Boolean).join(" – ");
    if (about) {
      var note = document.createElement("span");
      note.className = "note";
      note.textContent = about;
      li.appendChild(note);
    }
    if (p.status === "closed") {
      var moved = document.createElement("span");
      moved.className = "note moved";
      if (p.moved_to) {
        moved.appendChild(document.createTextNode(input.getAttribute("data-moved") + " "));
        var to = document.createElement("a");
        to.href = p.moved_to.url;
        to.textContent = p.moved_to.name;
        moved.appendChild(to);
      } else {
        moved.textContent = input.getAttribute("data-moved").split(".")[0] + ".";
      }
      li.appendChild(moved);
    }
    return li;
  }

  // ------------------------------------------------------------------ site search

  // Families' words for what the pages call something else.
  var ALSO = {
    dress: ["wear", "clothes", "clothing"], code: ["rules", "rule"],
    id: ["identification", "identity"], kids: ["children", "child"], child: ["children"],
    call: ["calls", "phone"], phone: ["call", "calls"], money: ["cash"], jail: ["prison"], gaol: ["prison"]
  };

  function prepPage(p) {
    function set(list) { var s = {}; list.forEach(function (w) { s[w] = true; }); return s; }
    return {
      p: p,
      title: set(words(p.title)),
      headings: set(words((p.headings || []).join(" "))),
      summary: set(words(p.summary)),
      body: set(words(p.words))
    };
  }

  // Short words ("ID") match whole words only; longer ones also the start of a word.
  function inSet(set, q) {
    if (set[q]) return true;
    if (q.length <= 3) return false;
    for (var w in set) if (w.indexOf(q) === 0) return true;
    return false;
  }

  // 5 in the title, 3 in a heading, 2 in the summary, 1 in the text; a word the family used
  // counts more than one it stands for.
  function pageQuality(e, q) {
    var forms = [q].concat(ALSO[q] || []);
    var best = 0;
    forms.forEach(function (f, i) {
      var s = inSet(e.title, f) ? 5 : inSet(e.headings, f) ? 3 : inSet(e.summary, f) ? 2 : inSet(e.body, f) ? 1 : 0;
      if (i > 0) s *= 0.9;
      best = Math.max(best, s);
    });
    return best;
  }

  // Prisons whose name (or other name, or town) the query is, for the site search: a family
  // may type "leeds" there too. Loaded with the pages; without it only pages are searched.
  var PRISONS = null;

  function findPages(entries, query) {
    var tokens = words(query);
    if (!tokens.length) return [];
    var hits = [];
    if (PRISONS) {
      findPrisons(PRISONS, query).filter(function (h) { return h.score >= 6 && h.score < 20; }).slice(0, 3)
        .forEach(function (h, i) { hits.push({ prison: h, tier: -1, score: h.score, order: i }); });
    }
    entries.forEach(function (e, i) {
      var score = 0, strong = false;
      for (var k = 0; k < tokens.length; k++) {
        var s = pageQuality(e, tokens[k]);
        if (!s) return;
        if (s > 1) strong = true;
        score += s;
      }
      // The entry's rank is its kind's tier, from the kind's definition (src/kinds): guides
      // and prison notices first, then support and prison words, then policy and evidence;
      // pages for editors last. A page that has the words only in its text (not its title,
      // headings or summary) drops below the next tier's good matches. An index without
      // ranks (an old copy) ranks every entry as a page.
      var tier = typeof e.p.rank === "number" ? e.p.rank : 3;
      hits.push({ e: e, score: score, tier: strong ? tier : tier + 1.5, order: i });
    });
    hits.sort(function (a, b) { return a.tier - b.tier || b.score - a.score || a.order - b.order; });
    return hits;
  }

  function renderPage(h, input) {
    if (h.prison) return renderPrison(h.prison, input);
    var p = h.e.p;
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = p.url;
    a.textContent = p.title;
    li.appendChild(a);
    var note = document.createElement("span");
    note.className = "note";
    note.textContent = (p.kind_name || p.kind) + (p.summary ? ": " + p.summary : "");
    li.appendChild(note);
    return li;
  }

  // ------------------------------------------------------------------ the boxes

  function loadJson(url, ms) {
    // A slow connection gets a message, not silence: give up after ms.
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
      fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (d) { clearTimeout(timer); resolve(d); }, function (e) { clearTimeout(timer); reject(e); });
    });
  }

  function setup(cfg) {
    var input = document.getElementById(cfg.id);
    var list = document.getElementById(cfg.id + "-results");
    var status = document.getElementById(cfg.id + "-status");
    if (!input || !list || !status) return;
    var form = input.form;
    var index = null;
    var latest = 0;
    function load() {
      if (!index) {
        index = Promise.all([loadJson(cfg.url, 10000), cfg.extra ? cfg.extra() : null]).then(function (r) {
          return r[0].map(cfg.prep);
        });
        // A failed load is tried again at the next key press.
        index.catch(function () { index = null; });
      }
      return index;
    }
    function say(text) { status.textContent = text; }
    function show(q, then) {
      var mine = ++latest;
      if (!q.trim()) { list.textContent = ""; say(""); return; }
      var waiting = setTimeout(function () { if (mine === latest) say(input.getAttribute("data-loading")); }, 300);
      load().then(function (entries) {
        clearTimeout(waiting);
        // Only the latest query's results: an older, slower search must not overwrite them.
        if (mine !== latest) return;
        var hits = cfg.find(entries, q);
        list.textContent = "";
        var shown = hits.slice(0, cfg.max);
        shown.forEach(function (h) { list.appendChild(cfg.render(h, input)); });
        if (hits.length > shown.length) {
          var li = document.createElement("li");
          var more = document.createElement("button");
          more.type = "button";
          more.className = "show-all";
          more.textContent = (input.getAttribute("data-all") || "Show all") + " (" + hits.length + ")";
          more.addEventListener("click", function () {
            list.removeChild(li);
            hits.slice(cfg.max).forEach(function (h) { list.appendChild(cfg.render(h, input)); });
            var next = list.children[cfg.max] && list.children[cfg.max].querySelector("a");
            if (next) next.focus();
          });
          li.appendChild(more);
          list.appendChild(li);
        }
        say(hits.length ? hits.length + " " + input.getAttribute("data-found") : input.getAttribute("data-none"));
        if (then) then(hits);
      }, function () {
        clearTimeout(waiting);
        if (mine === latest) say(input.getAttribute("data-failed"));
      });
    }
    input.addEventListener("input", function () { show(input.value); });
    if (form) {
      form.addEventListener("submit", function (ev) {
        // Without the index the form's own page is the way on.
        if (!index) return;
        ev.preventDefault();
        show(input.value, function (hits) {
          var first = list.querySelector("a");
          if (hits.length && first) first.focus();
        });
      });
    }
    var nojs = document.getElementById(cfg.id + "-nojs") || document.getElementById("find-nojs");
    if (nojs && cfg.id === "find-prison") nojs.hidden = true;
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; show(q); }
    // Fetched when the family starts, not on every page view: it costs their data.
    input.addEventListener("focus", function () { load().catch(function () {}); });
  }

  setup({
    id: "find-prison",
    url: LP + "/search-index.json",
    max: 12,
    extra: function () {
      // Postcode areas are a nicety: without them postcodes still match by district.
      return loadJson("/postcode-areas.json", 10000).then(function (a) { AREAS = a; }, function () {});
    },
    prep: prepPrison,
    find: findPrisons,
    render: renderPrison
  });
  setup({
    id: "site-search",
    url: LP + "/search-pages.json",
    max: 20,
    extra: function () {
      return loadJson(LP + "/search-index.json", 10000).then(function (d) { PRISONS = d.map(prepPrison); }, function () {});
    },
    prep: prepPage,
    find: findPages,
    render: renderPage
  });
})();
