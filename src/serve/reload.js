// Added to every page by `familyties serve` (never by `build`). Reloads the page when the
// site is rebuilt, and shows what is wrong, over the page, when a rebuild fails.
(function () {
  "use strict";
  var me = document.currentScript;
  // The build this page came from; the server compares it with the newest build.
  var generation = (me && me.getAttribute("data-generation")) || "";
  var ID = "familyties-build-errors";

  function hide() {
    var old = document.getElementById(ID);
    if (old) old.parentNode.removeChild(old);
  }

  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text) e.textContent = text;
    return e;
  }

  function show(errors) {
    hide();
    var box = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(11,12,12,.6);padding:1rem;box-sizing:border-box;");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", ID + "-title");
    var panel = el("div", "max-width:60rem;margin:0 auto;background:#fff;color:#0b0c0c;" +
      "border-top:8px solid #d4351c;padding:1.5rem;font:1.1875rem/1.5 system-ui,sans-serif;");
    var title = el("h2", "margin:0 0 .5rem;font-size:1.5rem;color:#0b0c0c;",
      "The site could not be rebuilt");
    title.id = ID + "-title";
    var help = el("p", "margin:0 0 1rem;", "Fix the mistake below and save the file: " +
      "this page reloads by itself. Until then you are seeing the last version that worked.");
    // textContent, never innerHTML: the text comes from the editor's files. Not wrapped, so
    // the ^^^ stay under the words they point at; it scrolls sideways instead (and can be
    // reached with the keyboard to do so).
    var text = el("pre", "margin:0 0 1rem;padding:1rem;background:#f3f2f1;color:#0b0c0c;" +
      "white-space:pre;overflow-x:auto;font:1rem/1.5 ui-monospace,Menlo,Consolas,monospace;",
      errors);
    text.tabIndex = 0;
    var close = el("button", "font:inherit;padding:.5rem 1rem;border:2px solid #0b0c0c;" +
      "background:#fff;color:#0b0c0c;cursor:pointer;", "Hide this message");
    close.type = "button";
    close.addEventListener("click", hide);
    panel.appendChild(title);
    panel.appendChild(help);
    panel.appendChild(text);
    panel.appendChild(close);
    box.appendChild(panel);
    // First in the page, so it is the first thing the keyboard reaches.
    document.body.insertBefore(box, document.body.firstChild);
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });

  // A page opened while the build is broken shows the errors straight away.
  if (window.fetch) {
    fetch("/__familyties/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) { if (!s.ok) show(s.errors); })
      .catch(function () {});
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__familyties/events?since=" + encodeURIComponent(generation));
  events.addEventListener("reload", function () {
    events.close();
    location.reload();
  });
  // Our `error` events carry data; the browser's own connection errors do not (it
  // reconnects by itself).
  events.addEventListener("error", function (e) {
    if (typeof e.data === "string") show(e.data);
  });
})();
