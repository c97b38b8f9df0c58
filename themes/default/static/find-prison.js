// Find a prison as you type, from /search-index.json. Without JavaScript the form
// submits to /prisons/ and the A–Z does the same job.
(function () {
  "use strict";
  var input = document.getElementById("find-prison");
  var list = document.getElementById("find-prison-results");
  var status = document.getElementById("find-prison-status");
  if (!input || !list || !window.fetch) return;
  var index = null;
  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9 ]+/g, " ");
  }
  function load() {
    if (index) return Promise.resolve(index);
    return fetch("/search-index.json").then(function (r) { return r.json(); }).then(function (data) {
      index = data.map(function (p) {
        var hay = [p.name, p.name_cy, p.town, p.postcode, (p.postcode || "").replace(" ", "")].concat(p.other_names || []);
        return { p: p, hay: fold(hay.join(" | ")) };
      });
      return index;
    });
  }
  function show(q) {
    load().then(function (entries) {
      var words = fold(q).split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) { status.textContent = ""; return; }
      var hits = entries.filter(function (e) {
        return words.every(function (w) { return e.hay.indexOf(w) !== -1; });
      }).slice(0, 12);
      hits.forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = e.p.url;
        a.textContent = e.p.name;
        li.appendChild(a);
        var extra = [e.p.town, e.p.status === "closed" ? "closed" : ""].filter(Boolean).join(", ");
        if (extra) li.appendChild(document.createTextNode(" – " + extra));
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
