// Starts the service worker (/sw.js) that keeps a copy of each page a family opens, for the
// prison gate with no signal. A separate file because the site's Content-Security-Policy
// allows no inline script; without it, or in a browser without service workers, the site
// works the same.
if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(function () {});
