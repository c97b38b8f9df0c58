// Browser checks of a built familyties site, in Debian's Chromium through playwright-core.
//
//   node tests/browser/check.mjs SITE_DIR SCREENSHOT_DIR
//
// Serves SITE_DIR on 127.0.0.1, then checks: axe-core (WCAG 2.2 AA tags) on one page of every
// kind, find-a-prison (a table of queries that must each put the right prison first, results
// that tell prisons apart, only the latest query shown, a failed index load), the same box
// without JavaScript (Find, a letter or postcode area, the prison), site search ranking, the
// glossary's jump links, the Welsh/English switch, a prison page saved for offline use,
// the favicon, 360px screenshots (no sideways scrolling), and that the print checklist is one
// A4 page. Every page checked must also load without script errors or broken links to its own
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
// CHECK_ONLY=regex runs only the checks whose names match (for working on one of them).
const ONLY = process.env.CHECK_ONLY ? new RegExp(process.env.CHECK_ONLY, 'i') : null;
async function check(name, fn) {
  if (ONLY && !ONLY.test(name)) return;
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

const prisonSlugs = pageDirs('prisons').filter((s) => s !== 'region' && s !== 'type' && s !== 'find');
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
  ['find without JavaScript', hasPage('prisons/find') ? '/prisons/find/' : undefined, true],
  ['find by letter', firstUnder('prisons/find'), true],
  ['find by postcode', firstUnder('prisons/find/postcode'), true],
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
    if (r.status() >= 400 && u.origin === ORIGIN && r.request().resourceType() !== 'document') {
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

// ---------------------------------------------------------------- find-a-prison queries

// What a family types, and the prison that must come first. Names that are not in the
// prison register (old, local and Welsh names, villages) come from research/names.md.
const FIND_TABLE = [
  // names, with the words families add
  ['leeds prison', '/prisons/leeds/'],
  ['cardiff prison', '/prisons/cardiff/'],
  ['pentonville prison', '/prisons/pentonville/'],
  ['HMP Birmingham', '/prisons/birmingham/'],
  ['prison wandsworth', '/prisons/wandsworth/'],
  ['visiting durham prison', '/prisons/durham/'],
  ['hull jail', '/prisons/hull/'],
  ['isle of wight prison', '/prisons/isle-of-wight/'],
  ['wormwood scrubs', '/prisons/wormwood-scrubs/'],
  ['scrubs wormwood', '/prisons/wormwood-scrubs/'],
  ['the mount', '/prisons/the-mount/'],
  ['new hall', '/prisons/new-hall/'],
  ['doncaster', '/prisons/doncaster/'],
  ['Feltham B', '/prisons/feltham-b/'],
  // as you type: the start of a name
  ['pento', '/prisons/pentonville/'],
  ['caerd', '/prisons/cardiff/'],
  ['strange', '/prisons/manchester/'],
  // former, local and site names
  ['armley', '/prisons/leeds/'],
  ['strangeways', '/prisons/manchester/'],
  ['walton', '/prisons/liverpool/'],
  ['the scrubs', '/prisons/wormwood-scrubs/'],
  ['wolds', '/prisons/humber/'],
  ['everthorpe', '/prisons/humber/'],
  ['parkhurst', '/prisons/isle-of-wight/'],
  ['albany', '/prisons/isle-of-wight/'],
  ['blakenhurst', '/prisons/hewell/'],
  ['highdown', '/prisons/high-down/'],
  // towns and villages a prison is known by
  ['princetown', '/prisons/dartmoor/'],
  ['shaftesbury', '/prisons/guys-marsh/'],
  ['banstead', '/prisons/high-down/'],
  // typos
  ['pentonvile', '/prisons/pentonville/'],
  ['wandswoth', '/prisons/wandsworth/'],
  ['belmash', '/prisons/belmarsh/'],
  ['strangways', '/prisons/manchester/'],
  ['manchster prison', '/prisons/manchester/'],
  // postcodes: full, district, area
  ['LS12 2TJ', '/prisons/leeds/'],
  ['ls122tj', '/prisons/leeds/'],
  ['LS12', '/prisons/leeds/'],
  ['N7', '/prisons/pentonville/'],
  ['SW18', '/prisons/wandsworth/'],
  ['DT5 1EQ', '/prisons/the-verne/'],
  ['LS', '/prisons/leeds/'],
  // Welsh names
  ['Caerdydd', '/prisons/cardiff/'],
  ['Abertawe', '/prisons/swansea/'],
  ['Brynbuga', '/prisons/usk/'],
  ['Wrecsam', '/prisons/berwyn/'],
  ['carchar y berwyn', '/prisons/berwyn/'],
  ['Pont-y-pŵl', '/prisons/prescoed/'],
];

// The path of each result link, in order.
async function resultPaths(page) {
  return page.$$eval('#find-prison-results a[href]', (as) =>
    as.map((a) => new URL(a.href).pathname.replace(/index\.html$/, '')),
  );
}

await check(`find-a-prison: ${FIND_TABLE.length} queries each put the right prison first`, async () => {
  const { page, errors } = await open(desktop, '/');
  const problems = [...errors];
  const input = page.locator('#find-prison');
  for (const [query, want] of FIND_TABLE) {
    await page.evaluate(() => { document.getElementById('find-prison-results').textContent = ''; });
    await input.fill(query);
    const shown = await page
      .waitForFunction(() => document.querySelector('#find-prison-results li'), null, { timeout: 5_000 })
      .then(() => resultPaths(page), () => []);
    if (shown[0] !== want) {
      problems.push(`"${query}": expected ${want} first, got ${shown.length ? shown.slice(0, 3).join(', ') : 'no results'}`);
    }
  }
  await page.close();
  return problems;
});

await check('find-a-prison: results tell the two Felthams apart and say who each holds', async () => {
  const { page, errors } = await open(desktop, '/');
  await page.locator('#find-prison').fill('feltham');
  await page.waitForFunction(() => document.querySelectorAll('#find-prison-results li').length >= 2, null, { timeout: 5_000 });
  const items = await page.$$eval('#find-prison-results li', (lis) => lis.map((li) => li.textContent.replace(/\s+/g, ' ').trim()));
  await page.close();
  const problems = [...errors];
  const felthams = items.filter((t) => /feltham/i.test(t)).slice(0, 2);
  if (felthams.length < 2) problems.push(`expected two Feltham results, got: ${items.join(' | ')}`);
  else if (felthams[0] === felthams[1] || !felthams.every((t) => / – /.test(t))) {
    problems.push(`the Feltham results do not say who they hold: ${felthams.join(' | ')}`);
  }
  if (!felthams.some((t) => /under 18/.test(t))) problems.push(`no Feltham result says it holds children under 18: ${felthams.join(' | ')}`);
  return problems;
});

await check('find-a-prison: only the latest query shows, and a failed index load says so', async () => {
  const problems = [];
  const context = await newContext();
  // The index answers slowly the first time and fails the second.
  let calls = 0;
  await context.route('**/search-index.json', async (route) => {
    calls += 1;
    if (calls === 1) {
      await new Promise((r) => setTimeout(r, 1500));
      return route.continue();
    }
    return route.abort();
  });
  const { page, errors } = await open(context, '/');
  problems.push(...errors.filter((e) => !/search-index/.test(e)));
  // Record every first result the list ever shows, not only the last.
  await page.evaluate(() => {
    window.firstResults = [];
    const list = document.getElementById('find-prison-results');
    // From the records, not the list: two renders in one task would show only the last.
    new MutationObserver((records) => {
      for (const r of records) {
        for (const node of r.addedNodes) {
          const a = node.querySelector && node.querySelector('a[href]');
          if (a) window.firstResults.push(new URL(a.href).pathname);
        }
      }
    }).observe(list, { childList: true });
  });
  const input = page.locator('#find-prison');
  await input.fill('leeds');
  await input.fill('wandsworth');
  // A slow load is not silent.
  const loading = await input.getAttribute('data-loading');
  const waiting = await page
    .waitForFunction((t) => document.getElementById('find-prison-status').textContent === t, loading, { timeout: 1_200 })
    .then(() => true, () => false);
  if (!waiting) problems.push(`while the index loaded slowly the status did not say "${loading}"`);
  await page.waitForFunction(() => document.querySelector('#find-prison-results li'), null, { timeout: 5_000 });
  const seen = await page.evaluate(() => window.firstResults);
  if (!seen.length || seen.includes('/prisons/leeds/')) {
    problems.push(`after typing "leeds" then "wandsworth" while the index loaded, the list showed ${seen.join(', ')}`);
  }
  await page.close();
  // A fresh page: the load fails, and the family is told.
  const second = await context.newPage();
  await second.goto(url('/'));
  await second.locator('#find-prison').fill('leeds');
  const said = await second
    .waitForFunction(() => document.getElementById('find-prison-status').textContent.trim(), null, { timeout: 12_000 })
    .then((h) => h.jsonValue(), () => '');
  const expected = await second.locator('#find-prison').getAttribute('data-failed');
  if (said !== expected) problems.push(`a failed index load shows "${said}", expected "${expected}"`);
  await context.close();
  return problems;
});

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

// Without JavaScript the same box still gets the family to their prison: Find, then the
// first letter of what they typed (or their postcode's letters), then the prison.
const NO_JS = [
  ['strangeways', '/prisons/manchester/'],
  ['princetown', '/prisons/dartmoor/'],
  ['LS12 2TJ', '/prisons/leeds/'],
];
for (const [query, want] of NO_JS) {
  await check(`without JavaScript "${query}" reaches ${want}: Find, a letter or postcode area, the prison`, async () => {
    const { page, errors } = await open(noJs, '/');
    const problems = [...errors];
    await page.locator('#find-prison').fill(query);
    await Promise.all([page.waitForURL((u) => u.pathname !== '/'), page.locator('#find-prison').press('Enter')]);
    const landed = new URL(page.url()).pathname;
    if (landed !== '/prisons/find/') problems.push(`Find went to ${landed}, expected /prisons/find/`);
    const nojs = await page.locator('#find-nojs').isVisible().catch(() => false);
    if (!nojs) problems.push('the landing page does not say that it cannot read what was typed');
    const postcode = /\d/.test(query);
    const first = postcode ? query.replace(/\d.*$/, '').toUpperCase() : query[0].toUpperCase();
    const tap1 = page.locator(`#${postcode ? 'postcodes' : 'letters'} ~ nav a, nav[aria-labelledby="${postcode ? 'postcodes' : 'letters'}"] a`).filter({ hasText: new RegExp(`^${first}$`) });
    if ((await tap1.count()) === 0) {
      problems.push(`no "${first}" link on /prisons/find/`);
      await page.close();
      return problems;
    }
    await Promise.all([page.waitForURL((u) => u.pathname !== '/prisons/find/'), tap1.first().click()]);
    // On the letter page the name typed is a link; on a postcode page the district comes first.
    const tap2 = postcode
      ? page.locator('main ul.find-list a').first()
      : page.locator('main ul.find-list a').filter({ hasText: new RegExp(`^${query}$`, 'i') }).first();
    if ((await tap2.count()) === 0) {
      problems.push(`${new URL(page.url()).pathname} has no link for "${query}"`);
    } else {
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/prisons/find/')), tap2.click()]);
      const at = new URL(page.url()).pathname;
      if (at !== want) problems.push(`ended at ${at}, expected ${want}`);
    }
    await page.close();
    return problems;
  });
}

await check('without JavaScript the A to Z says typing needs JavaScript and links the letters', async () => {
  const { page, errors } = await open(noJs, '/prisons/?q=leeds');
  const said = await page.locator('main').innerText();
  const letters = await page.locator('nav.az a').count();
  await page.close();
  return [
    ...errors,
    ...(/needs JavaScript/.test(said) ? [] : ['/prisons/ does not say that typing a name needs JavaScript']),
    ...(letters >= 20 ? [] : [`/prisons/ has ${letters} letter links`]),
  ];
});
await noJs.close();

// ---------------------------------------------------------------- site search

const SITE_SEARCH = [
  ['ID', '/guides/what-id-to-bring/'],
  ['children', '/guides/visiting-with-children/'],
  ['dress code', '/guides/first-visit/'],
  ['video call', '/guides/keeping-in-touch/'],
  ['canteen', '/glossary/#canteen'],
  ['leeds', '/prisons/leeds/'],
  ['strangeways', '/prisons/manchester/'],
];
await check('site search: families\' pages first, glossary searchable, whole words for short queries, all results reachable', async () => {
  const { page, errors } = await open(desktop, '/search/');
  const problems = [...errors];
  const input = page.locator('#site-search');
  const links = () => page.$$eval('#site-search-results a[href]', (as) => as.map((a) => { const u = new URL(a.href); return u.pathname + u.hash; }));
  for (const [query, want] of SITE_SEARCH) {
    await page.evaluate(() => { document.getElementById('site-search-results').textContent = ''; });
    await input.fill(query);
    const shown = await page
      .waitForFunction(() => document.querySelector('#site-search-results li'), null, { timeout: 5_000 })
      .then(() => links(), () => []);
    if (shown[0] !== want) problems.push(`"${query}": expected ${want} first, got ${shown.slice(0, 3).join(', ') || 'nothing'}`);
    if (shown.some((u) => u.startsWith('/editors/') || u.startsWith('/open-data/'))) {
      const last = shown.filter((u) => !(u.startsWith('/editors/') || u.startsWith('/open-data/')));
      if (shown.slice(0, last.length).some((u) => u.startsWith('/editors/') || u.startsWith('/open-data/'))) {
        problems.push(`"${query}": an editors' page is ranked above a families' page`);
      }
    }
  }
  // "ID" matches the word, not "inside" or "provide".
  await input.fill('ID');
  await page.waitForFunction(() => document.querySelector('#site-search-results li'), null, { timeout: 5_000 });
  const texts = await page.$$eval('#site-search-results li', (lis) => lis.map((li) => li.textContent));
  const index = JSON.parse(readFileSync(path.join(SITE, 'search-pages.json'), 'utf8'));
  const withWord = index.filter((e) => /\bid\b/i.test([e.title, e.summary, (e.headings || []).join(' '), e.words].join(' '))).length;
  if (texts.length !== withWord && !(texts.length === 21 && withWord > 20)) {
    problems.push(`"ID" shows ${texts.length} results; ${withWord} pages have the word "ID"`);
  }
  // A common word has more than 20 results, and all of them can be seen.
  await input.fill('prison');
  await page.waitForFunction(() => document.querySelector('#site-search-results li'), null, { timeout: 5_000 });
  const more = page.locator('#site-search-results button.show-all');
  if ((await more.count()) === 0) {
    problems.push('"prison" shows no "show all" button (expected more than 20 results)');
  } else {
    await more.click();
    const all = await page.locator('#site-search-results li').count();
    if (all <= 20) problems.push(`after "show all", "prison" shows ${all} results`);
  }
  await page.close();
  return problems;
});

await check('glossary: A to Z jump links at the top; search spellings are not shown', async () => {
  const { page, errors } = await open(desktop, '/glossary/');
  const jumps = await page.$$eval('main nav.az a[href^="#"]', (as) => as.map((a) => a.getAttribute('href')));
  const missing = [];
  for (const j of jumps) if ((await page.locator(`main ${j}`).count()) === 0) missing.push(j);
  const text = await page.locator('main').innerText();
  await page.close();
  return [
    ...errors,
    ...(jumps.length >= 10 ? [] : [`only ${jumps.length} jump links`]),
    ...missing.map((j) => `jump link ${j} leads nowhere`),
    ...(/\(also:/.test(text) ? ['the glossary still shows "(also: ...)" spellings'] : []),
  ];
});

// Phone-sized screenshots; no sideways scrolling at 360px.
const phone = await newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1 });
const shots = [
  ['home', pathOf('home')],
  ['find', pathOf('find without JavaScript')],
  ['find-letter', pathOf('find by letter')],
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

// Offline: a prison page opened at home opens again with no signal, saying when it was saved.
if (pathOf('prison page')) {
  const p = pathOf('prison page');
  await check(`offline: ${p} and its checklist, opened once, open again with no signal, with the date saved`, async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', serviceWorkers: 'allow' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(`script error: ${err.message}`));
    await page.goto(url(p), { waitUntil: 'load' });
    const ready = await page.evaluate(() =>
      Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))]),
    );
    if (!ready) {
      await context.close();
      return [...errors, 'no service worker became ready within 5 seconds'];
    }
    // The worker saves a page after answering with it: wait until the copy is there, not
    // for a fixed time (a loaded machine takes longer).
    const saved = (address) =>
      page.evaluate(async (address) => {
        for (let i = 0; i < 100; i++) {
          if (await caches.match(address)) return true;
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      }, address);
    // The first load installed the worker; this one goes through it and is saved.
    await page.reload({ waitUntil: 'load' });
    if (!(await saved(url(p)))) errors.push(`${p} was not saved within 10 seconds`);
    const title = await page.title();
    // The checklist, opened at home too.
    const checklist = pathOf('checklist');
    if (checklist) {
      await page.goto(url(checklist), { waitUntil: 'load' });
      if (!(await saved(url(checklist)))) errors.push(`${checklist} was not saved within 10 seconds`);
      await page.goto(url(p), { waitUntil: 'load' });
    }
    await context.setOffline(true);
    const problems = [...errors];
    if (checklist) {
      try {
        await page.goto(url(checklist), { waitUntil: 'load' });
        if ((await page.locator('#offline-note').count()) === 0) problems.push(`offline, ${checklist} is not the saved copy`);
        await page.goto(url(p), { waitUntil: 'load' });
      } catch (err) {
        problems.push(`offline, ${checklist} did not open: ${String(err.message).split('\n')[0]}`);
      }
    }
    try {
      await page.reload({ waitUntil: 'load' });
      const offlineTitle = await page.title();
      const note = page.locator('#offline-note');
      if (offlineTitle !== title) problems.push(`offline the page title is "${offlineTitle}", expected "${title}"`);
      if ((await note.count()) === 0) problems.push('the saved copy does not say it is a saved copy');
      else {
        const when = await note.locator('time').getAttribute('datetime');
        const today = new Date().toISOString().slice(0, 10);
        if (!when || when.slice(0, 10) !== today) problems.push(`the saved copy is dated ${when}, expected today (${today})`);
      }
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
      if (styled !== 'rgb(11, 12, 12)') problems.push(`offline the stylesheet did not load (header background ${styled})`);
    } catch (err) {
      problems.push(`offline reload failed: ${String(err.message).split('\n')[0]}`);
    }
    await context.setOffline(false);
    // Online again: the fresh page, without the note.
    await page.reload({ waitUntil: 'load' });
    if ((await page.locator('#offline-note').count()) !== 0) problems.push('online again, the page still shows the saved-copy note');
    await context.close();
    return problems;
  });
}

await check('favicon: /favicon.ico is an icon', async () => {
  const r = await fetch(url('/favicon.ico'));
  const ok = r.status === 200 && (r.headers.get('content-type') || '').includes('icon');
  return ok ? [] : [`/favicon.ico answered ${r.status} ${r.headers.get('content-type')}`];
});

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
