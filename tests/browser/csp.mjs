// Every page of a built familyties site, loaded in Chromium with the response headers the
// build wrote to `_headers` applied as a static host applies them. Fails on any
// Content-Security-Policy violation (`securitypolicyviolation` events and the console's
// CSP reports), on a page without the security headers, and on a Cache-Control header
// that two rules both set (hosts merge those differently).
//
//   node tests/browser/csp.mjs SITE_DIR
//
// Prints every failure, then `N passed, M failed`; exits 1 if anything failed.

import { createServer } from 'node:http';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const SITE = path.resolve(process.argv[2] || '');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
setTimeout(() => {
  console.error('csp.mjs: gave up after 10 minutes');
  process.exit(2);
}, 10 * 60 * 1000).unref();

// `_headers`: a line starting with `/` opens a rule, indented `Name: value` lines follow.
function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (/^\s/.test(line)) {
      const i = line.indexOf(':');
      rules.at(-1).headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    } else {
      rules.push({ pattern: line.trim(), headers: [] });
    }
  }
  return rules;
}
const RULES = parseHeaders(readFileSync(path.join(SITE, '_headers'), 'utf8'));
const matches = (pattern, p) => (pattern.endsWith('*') ? p.startsWith(pattern.slice(0, -1)) : p === pattern);

// Like Cloudflare Pages: every matching rule applies, repeated headers are joined.
function headersFor(p) {
  const out = {};
  const setBy = {};
  for (const rule of RULES.filter((r) => matches(r.pattern, p))) {
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      (setBy[key] ||= []).push(rule.pattern);
      out[key] = out[key] ? `${out[key]}, ${value}` : value;
    }
  }
  return { headers: out, setBy };
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json',
};
const isFile = (p) => { try { return statSync(p).isFile(); } catch { return false; } };

const server = createServer((req, res) => {
  const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  let file = path.join(SITE, pathname);
  if (!file.startsWith(SITE)) { res.writeHead(404); return res.end(); }
  if (pathname.endsWith('/')) file = path.join(file, 'index.html');
  if (!isFile(file)) { res.writeHead(404); return res.end(); }
  const { headers } = headersFor(pathname);
  res.writeHead(200, { ...headers, 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const ORIGIN = `http://127.0.0.1:${server.address().port}`;

function pages(dir, prefix = '/') {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) out.push(...pages(path.join(dir, entry.name), `${prefix}${entry.name}/`));
    else if (entry.name === 'index.html') out.push(prefix);
    else if (entry.name.endsWith('.html')) out.push(prefix + entry.name);
  }
  return out;
}

let passed = 0;
let failed = 0;
const fail = (what) => { failed += 1; console.log(`FAIL ${what}`); };

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  let consoleReports = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) consoleReports.push(m.text());
  });
  for (const p of pages(SITE)) {
    consoleReports = [];
    const { setBy } = headersFor(p);
    const problems = [];
    for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy']) {
      if (!setBy[name]) problems.push(`no ${name} header`);
    }
    if ((setBy['cache-control'] || []).length !== 1) {
      problems.push(`Cache-Control set by ${JSON.stringify(setBy['cache-control'] || [])}`);
    }
    const response = await page.goto(ORIGIN + p, { waitUntil: 'load' });
    if (!response || response.status() !== 200) problems.push(`status ${response && response.status()}`);
    const events = await page.evaluate(() => window.__csp || []);
    problems.push(...events, ...consoleReports);
    if (problems.length) fail(`${p}: ${problems.join('; ')}`);
    else passed += 1;
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
