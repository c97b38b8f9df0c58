// Browser checks of a built familyties site, in Debian's Chromium through playwright-core.
//
//   node tests/browser/check.mjs SITE_DIR SCREENSHOT_DIR
//
// Serves SITE_DIR on 127.0.0.1, then checks: axe-core (WCAG 2.2 AA tags) on one page of every
// kind, find-a-prison by a former name, the Welsh/English switch, the home page without
// JavaScript, 360px screenshots (no sideways scrolling), and that the print checklist is one A4
// page. Every page checked must also load without script errors or broken links to its own
// stylesheets, scripts and images. Prints every failure, then `N passed, M failed`; exits 1 if anything failed.
// CHROMIUM_PATH overrides /usr/bin/chromium.

import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

const [siteArg, shotsArg] = process.argv.slice(2);
if (!siteArg || !shotsArg) {
  console.error('usage: node check.mjs SITE_DIR SCREENSHOT_DIR');
  process.exit(2);
}
const SITE = path.resolve(siteArg);
const SHOTS = path.resolve(shotsArg);
if (!existsSync(path.join(SITE, 'index.html'))) {
  console.error(`check.mjs: ${SITE}/index.html not found: is this a built site?`);
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// A hung browser must not hang CI.
setTimeout(() => {
  console.error('check.mjs: gave up after 10 minutes');
  process.exit(2);
}, 10 * 60 * 1000).unref();

// ---------------------------------------------------------------- static server

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};

function isFile(p) {
  try { return statSync(p).isFile(); } catch { return false; }
}
function isDir(p) {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

function serveFile(req, res, status, file) {
  res.writeHead(status, {
    'content-type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'content-length': statSync(file).size,
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

function notFound(req, res) {
  const page = path.join(SITE, '404.html');
  if (isFile(page)) return serveFile(req, res, 404, page);
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('404 not found\n');
}

const server = createServer((req, res) => {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return notFound(req, res);
  }
  let file = path.join(SITE, pathname);
  if (file !== SITE && !file.startsWith(SITE + path.sep)) return notFound(req, res);
  if (isDir(file)) {
    // Like a real static host: /prisons -> /prisons/, so relative links resolve the same.
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { location: encodeURI(pathname) + '/' });
      return res.end();
    }
    file = path.join(file, 'index.html');
  }
  if (!isFile(file)) return notFound(req, res);
  serveFile(req, res, 200, file);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const ORIGIN = `http://127.0.0.1:${server.address().port}`;
const url = (p) => new URL(p, ORIGIN + '/').href;

// ---------------------------------------------------------------- results

const results = [];
const warnings = [];

// fn returns a list of problems (empty: passed) or throws.
async function check(name, fn) {
  let problems;
  try {
    problems = (await fn()) || [];
  } catch (err) {
    problems = [String(err && err.message ? err.message : err).split('\n').slice(0, 6).join('\n    ')];
  }
  results.push({ name, problems });
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}`);
  for (const p of problems) console.log(`     - ${p}`);
}

// ---------------------------------------------------------------- pages to check

// Sorted names of the subfolders of SITE/rel that hold an index.html.
function pageDirs(rel) {
  const dir = path.join(SITE, rel);
  if (!isDir(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isFile(path.join(dir, d.name, 'index.html')))
    .map((d) => d.name)
    .sort();
}
const hasPage = (rel) => isFile(path.join(SITE, rel, 'index.html'));

const prisonSlugs = pageDirs('prisons').filter((s) => s !== 'region' && s !== 'type');
const checklistSlug = prisonSlugs.find((s) => hasPage(`prisons/${s}/checklist`));
const firstUnder = (rel) => pageDirs(rel).map((s) => `/${rel}/${s}/`)[0];

// [kind, url path or undefined, required]
const wanted = [
  ['home', '/', true],
  ['prison list', hasPage('prisons') ? '/prisons/' : undefined, true],
  ['region list', firstUnder('prisons/region'), true],
  ['type list', firstUnder('prisons/type'), true],
  ['prison page', prisonSlugs[0] && `/prisons/${prisonSlugs[0]}/`, true],
  ['second prison page', prisonSlugs[1] && `/prisons/${prisonSlugs[1]}/`, true],
  ['checklist', checklistSlug && `/prisons/${checklistSlug}/checklist/`, true],
  ['guide', firstUnder('guides'), true],
  ['policy page', firstUnder('policy'), true],
  ['evidence page', firstUnder('evidence'), true],
  ['glossary', hasPage('glossary') ? '/glossary/' : undefined, true],
  ['search', hasPage('search') ? '/search/' : undefined, false],
  ['Welsh home', hasPage('cy') ? '/cy/' : undefined, false],
  ['Welsh guide', firstUnder('cy/guides'), false],
  ['Welsh prison list', hasPage('cy/prisons') ? '/cy/prisons/' : undefined, false],
  ['Welsh prison page', prisonSlugs[0] && hasPage(`cy/prisons/${prisonSlugs[0]}`) ? `/cy/prisons/${prisonSlugs[0]}/` : undefined, false],
  ['Welsh checklist', checklistSlug && hasPage(`cy/prisons/${checklistSlug}/checklist`) ? `/cy/prisons/${checklistSlug}/checklist/` : undefined, false],
  ['Welsh glossary', hasPage('cy/glossary') ? '/cy/glossary/' : undefined, false],
  ['Welsh search', hasPage('cy/search') ? '/cy/search/' : undefined, false],
  ['404 page', isFile(path.join(SITE, '404.html')) ? '/404.html' : undefined, false],
];
const pages = wanted.filter(([, p]) => p).map(([kind, p]) => ({ kind, path: p }));
const missingKinds = wanted.filter(([, p, required]) => !p && required).map(([kind]) => kind);
const pathOf = (kind) => pages.find((p) => p.kind === kind)?.path;

// ---------------------------------------------------------------- browser

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  // Playwright adds --headless and a fresh temporary --user-data-dir itself. The network
  // flags stop Chromium calling out: this machine's closed network refuses those calls.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

async function newContext(options = {}) {
  const context = await browser.newContext({
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  context.setDefaultTimeout(15_000);
  // Only our server is reachable; anything else is blocked and noted.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(ORIGIN + '/') || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    warnings.push(`blocked request to an outside address: ${u}`);
    return route.abort();
  });
  return context;
}

// Opens a page and collects what went wrong while loading it: script errors, and requests
// to our own server that failed (a broken stylesheet, script or image link).
async function open(context, p) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`script error: ${err.message}`));
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (r.status() >= 400 && u.origin === ORIGIN && u.pathname !== '/favicon.ico' && r.request().resourceType() !== 'document') {
      errors.push(`${r.status()} for ${u.pathname} (${r.request().resourceType()})`);
    }
  });
  const response = await page.goto(url(p), { waitUntil: 'load' });
  if (!response || response.status() !== 200) errors.push(`${p} answered ${response ? response.status() : 'nothing'}`);
  return { page, errors };
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  }, AXE_TAGS);
}

// Page count of a PDF: count page objects; fall back to the page tree's /Count.
function pdfPageCount(buf) {
  const text = buf.toString('latin1');
  const pageObjects = (text.match(/\/Type\s*\/Page(?![A-Za-z])/g) || []).length;
  if (pageObjects) return pageObjects;
  const counts = [...text.matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 0;
}

// Elements wider than the viewport, for a sideways-scrolling report.
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const describe = (el) =>
      el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(-3)
      .map(describe);
    return `page is ${document.documentElement.scrollWidth}px wide at a ${width}px viewport; widest: ${wide.join(', ')}`;
  });
}

// ---------------------------------------------------------------- checks

console.log(`Checking ${SITE} at ${ORIGIN} in ${CHROMIUM}`);

await check('a page of every kind is in the site', () =>
  missingKinds.map((k) => `no ${k} found (looked for its index.html in ${SITE})`),
);

const desktop = await newContext();

for (const { kind, path: p } of pages) {
  await check(`load+axe ${p} (${kind})`, async () => {
    const { page, errors } = await open(desktop, p);
    const violations = await axe(page);
    await page.close();
    return [
      ...errors,
      ...violations.map(
        (v) => `${v.id} [${v.impact}] ${v.help} — ${v.count} element(s), e.g. ${v.targets.join(' | ')}`,
      ),
    ];
  });
}

// find-a-prison by a former name, on the home page and the A–Z.
let indexEntry;
let indexProblem;
try {
  const index = JSON.parse(readFileSync(path.join(SITE, 'search-index.json'), 'utf8'));
  if (!Array.isArray(index)) throw new Error('search-index.json is not a JSON array');
  indexEntry = index.find((e) => Array.isArray(e.other_names) && e.other_names.some((n) => String(n).trim()));
  if (!indexEntry) indexProblem = 'no entry in search-index.json has a non-empty other_names';
} catch (err) {
  indexProblem = `search-index.json: ${err.message}`;
}

for (const p of ['/', '/prisons/']) {
  const term = indexEntry && indexEntry.other_names.find((n) => String(n).trim());
  await check(`find-a-prison on ${p}: former name "${term ?? '?'}" finds ${indexEntry?.url ?? '?'}`, async () => {
    if (indexProblem) return [indexProblem];
    const { page, errors } = await open(desktop, p);
    const input = page.locator('#find-prison');
    if ((await input.count()) === 0) return [...errors, `${p} has no #find-prison`];
    if ((await page.locator('#find-prison-results').count()) === 0) return [...errors, `${p} has no #find-prison-results`];
    await input.click();
    await input.pressSequentially(term, { delay: 20 });
    const want = new URL(indexEntry.url, ORIGIN + '/').pathname.replace(/index\.html$/, '');
    const found = await page
      .waitForFunction(
        (want) =>
          [...document.querySelectorAll('#find-prison-results a[href]')].some(
            (a) => new URL(a.href).pathname.replace(/index\.html$/, '') === want && a.getClientRects().length > 0,
          ),
        want,
        { timeout: 5_000 },
      )
      .then(() => true, () => false);
    const problems = [...errors];
    if (!found) {
      const shown = await page.$$eval('#find-prison-results a[href]', (as) =>
        as.slice(0, 5).map((a) => `${a.textContent.trim()} -> ${a.getAttribute('href')}`),
      );
      problems.push(
        `no visible link to ${want} in #find-prison-results after typing "${term}"; it shows: ${shown.length ? shown.join('; ') : 'no links'}`,
      );
    }
    await page.close();
    return problems;
  });
}

// Welsh/English switch.
await check('language switch: a[hreflang="cy"] leads to a lang="cy" page that links back in English', async () => {
  let from;
  for (const { path: p } of pages) {
    const { page } = await open(desktop, p);
    const has = (await page.locator('a[hreflang="cy"]').count()) > 0;
    await page.close();
    if (has) {
      from = p;
      break;
    }
  }
  if (!from) return ['no checked page has a link with hreflang="cy"'];
  const { page, errors } = await open(desktop, from);
  const problems = [...errors];
  await Promise.all([page.waitForURL((u) => u.href !== url(from)), page.locator('a[hreflang="cy"]').first().click()]);
  await page.waitForLoadState('load');
  const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  const at = new URL(page.url()).pathname;
  if (!/^cy(-|$)/i.test(lang || '')) problems.push(`${from} -> ${at}: <html lang="${lang}">, expected "cy"`);
  const back = page.locator('a[hreflang="en"]');
  if ((await back.count()) === 0) {
    problems.push(`${at} has no a[hreflang="en"] back to English`);
  } else {
    await Promise.all([page.waitForURL((u) => u.pathname !== at), back.first().click()]);
    await page.waitForLoadState('load');
    const enLang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
    if (!/^en(-|$)/i.test(enLang || '')) {
      problems.push(`${at} -> ${new URL(page.url()).pathname}: <html lang="${enLang}">, expected "en"`);
    }
  }
  await page.close();
  return problems;
});

// Without JavaScript the way in still works.
const noJs = await newContext({ javaScriptEnabled: false });
await check('without JavaScript the home page links to /prisons/', async () => {
  const { page, errors } = await open(noJs, '/');
  const links = await page.$$eval('a[href]', (as) => as.map((a) => new URL(a.href).pathname));
  await page.close();
  const ok = links.some((p) => p === '/prisons/' || p === '/prisons/index.html');
  return [...errors, ...(ok ? [] : ['no link to /prisons/ on the home page with JavaScript off'])];
});
await noJs.close();

// Phone-sized screenshots; no sideways scrolling at 360px.
const phone = await newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1 });
const shots = [
  ['home', pathOf('home')],
  ['prison', pathOf('prison page')],
  ['checklist', pathOf('checklist')],
].filter(([, p]) => p);
for (const [name, p] of shots) {
  await check(`360px ${p}: screenshots, no sideways scrolling`, async () => {
    const { page, errors } = await open(phone, p);
    await page.screenshot({ path: path.join(SHOTS, `${name}-360-full.png`), fullPage: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}-360-viewport.png`) });
    const wide = await overflow(page);
    await page.close();
    return [...errors, ...(wide ? [wide] : [])];
  });
}

// The printable checklist is one A4 page.
if (pathOf('checklist')) {
  const p = pathOf('checklist');
  await check(`print ${p}: checklist.pdf is exactly one A4 page`, async () => {
    const { page, errors } = await open(phone, p);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(SHOTS, 'checklist-print-360-full.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.close();
    writeFileSync(path.join(SHOTS, 'checklist.pdf'), pdf);
    const n = pdfPageCount(pdf);
    return [...errors, ...(n === 1 ? [] : [`checklist.pdf has ${n} pages, expected 1`])];
  });
}

await phone.close();
await desktop.close();
await browser.close();
server.close();

// ---------------------------------------------------------------- summary

const failed = results.filter((r) => r.problems.length);
for (const w of new Set(warnings)) console.log(`warning: ${w}`);
if (failed.length) {
  console.log(`\nFailed checks:`);
  for (const r of failed) {
    console.log(`  ${r.name}`);
    for (const p of r.problems) console.log(`    - ${p}`);
  }
}
console.log(`Screenshots in ${SHOTS}`);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length ? 1 : 0;
