#!/usr/bin/env node
/**
 * The web app as a first-time browser gets it from this server (brotli, cache headers): bytes of
 * JavaScript transferred for the login page, and time to a usable login form and a usable desk
 * with an empty cache, in Chromium with the CPU throttled ×4 (CDP Emulation.setCPUThrottlingRate).
 *
 *   node bench/web-load.mjs        (uses the current web build; `npm run build:web` first)
 *   RUNS=5 THROTTLE=4 node bench/web-load.mjs
 *
 * To compare builds on one machine state (the wall times swing with the load more than with most
 * changes), DISTS=dirA,dirB serves each listed build folder in turn, run by run, by intercepting the
 * browser's non-API requests (uncompressed, so the byte rows then count raw sizes); the API is still
 * this server's. PROFILE=dir also writes a CPU profile (CDP Profiler) of every timed /desk open;
 * TIMELINE=1 prints when each resource of a /desk open arrived.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 3);
const THROTTLE = Number(process.env.THROTTLE ?? 4);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DISTS = (process.env.DISTS ?? '').split(',').filter(Boolean).map((d) => path.resolve(d));
const PROFILE = process.env.PROFILE ? path.resolve(process.env.PROFILE) : null;
if (PROFILE) fs.mkdirSync(PROFILE, { recursive: true });

const port = await new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-webload-'));
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHOUWEN_DATA: dataDir, SHOUWEN_ADMIN_PASSWORD: 'bench-admin-1', SHOUWEN_DEMO: '1', LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'shouwen.mjs'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
const url = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(`${url}/api/health`)).ok) break;
  } catch {
    // starting
  }
  await new Promise((r) => setTimeout(r, 200));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'], headless: true });
const results = new Map((DISTS.length ? DISTS : ['']).map((d) => [d, { login: [], desk: [], loginJs: [], loginAll: [] }]));
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.json': 'application/json', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };
/** Answer the page's own (non-API) requests from a build folder, as the server would: SPA paths get index.html. */
async function serveDist(ctx, dist) {
  await ctx.route(`${url}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname.startsWith('/api/')) return route.continue();
    let file = path.join(dist, path.normalize(pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file) || !fs.statSync(file).isFile()) file = pathname.startsWith('/assets/') ? null : path.join(dist, 'index.html');
    if (!file) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, body: fs.readFileSync(file), headers: { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' } });
  });
}
async function throttledPage(ctx, bytes, dist) {
  if (dist) await serveDist(ctx, dist);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const types = new Map();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => bytes?.push({ type: types.get(e.requestId), n: e.encodedDataLength }));
  return { page, cdp };
}
try {
  let cookies = null;
  // With DISTS, each run opens every build in turn (interleaved, so the load drifts on all alike).
  for (let i = 0; i <= RUNS; i++) for (const [dist, res] of results) {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const bytes = [];
    const { page } = await throttledPage(ctx, bytes, dist);
    let t = performance.now();
    await page.goto(`${url}/login`, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.activeElement?.id === 'username', null, { polling: 'raf', timeout: 60_000 });
    const login = performance.now() - t;
    await page.waitForLoadState('networkidle');
    if (!cookies) {
      await page.locator('#username').fill('agent1');
      await page.locator('#password').fill('shouwen-demo');
      await page.locator('#password').press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'desk-phone', null, { polling: 'raf', timeout: 60_000 });
      cookies = await ctx.cookies();
    }
    await ctx.close();
    const ctxDesk = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await ctxDesk.addCookies(cookies);
    const { page: pageDesk, cdp: cdpDesk } = await throttledPage(ctxDesk, null, dist);
    if (PROFILE) {
      await cdpDesk.send('Profiler.enable');
      await cdpDesk.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdpDesk.send('Profiler.start');
    }
    t = performance.now();
    await pageDesk.goto(`${url}/desk`, { waitUntil: 'commit' });
    await pageDesk.waitForFunction(() => document.activeElement?.id === 'desk-phone', null, { polling: 'raf', timeout: 60_000 });
    const desk = performance.now() - t;
    if (process.env.TIMELINE && i > 0) {
      // Where the time went: when each script, stylesheet and API answer arrived, against the focus.
      const tl = await pageDesk.evaluate(() => ({
        focus: performance.now(),
        res: performance.getEntriesByType('resource').map((r) => [r.name.replace(/^.*\/(assets\/)?/, ''), Math.round(r.startTime), Math.round(r.responseEnd)]),
      }));
      console.log(`${path.basename(dist || 'server')} run ${i}: phone field focused at ${Math.round(tl.focus)} ms (name start end)`);
      for (const r of tl.res) console.log(`    ${r.join(' ')}`);
    }
    if (PROFILE) {
      const { profile } = await cdpDesk.send('Profiler.stop');
      fs.writeFileSync(path.join(PROFILE, `desk-${DISTS.indexOf(dist) + 1}-${i}.cpuprofile`), JSON.stringify(profile));
    }
    await ctxDesk.close();
    if (i > 0) {
      res.login.push(login);
      res.desk.push(desk);
      res.loginJs.push(bytes.filter((b) => b.type === 'Script').reduce((a, b) => a + b.n, 0));
      res.loginAll.push(bytes.reduce((a, b) => a + b.n, 0));
    }
  }
} finally {
  await browser.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os.loadavg()[0].toFixed(1)}, Chromium headless, CPU throttled ×${THROTTLE}, fresh context (empty cache) per run, median of ${RUNS} after one warm-up.\n`);
for (const [dist, res] of results) {
  if (dist) console.log(`\n${dist} (served by interception, uncompressed):\n`);
  console.log('| figure | median | range |\n|---|---:|---:|');
  const row = (n, xs, f) => console.log(`| ${n} | ${f(median(xs))} | ${f(Math.min(...xs))}–${f(Math.max(...xs))} |`);
  row('JavaScript transferred for /login (KB, brotli over the wire)', res.loginJs, kb);
  row('everything transferred for /login (KB)', res.loginAll, kb);
  row('open /login → form usable (ms)', res.login, (x) => x.toFixed(0));
  row('open /desk with a session, empty cache → phone field focused (ms)', res.desk, (x) => x.toFixed(0));
}
