#!/usr/bin/env node
/**
 * Web app figures: gzipped size of the initial JavaScript (entry chunk + its static imports, i.e.
 * what index.html loads and preloads) and time to a usable page on loopback, measured in Chromium.
 *
 *   node bench/web-size.mjs               build, start a throw-away server with demo data, measure
 *   node bench/web-size.mjs --no-build    measure the existing web/dist
 *   node bench/web-size.mjs --size-only   sizes only (no server, no browser)
 *   RUNS=9 node bench/web-size.mjs        more timing runs (default 5)
 *
 * Prints a Markdown table; copy the figures into bench/WEB-FIGURES.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'web', 'dist');
const args = new Set(process.argv.slice(2));
const RUNS = Number(process.env.RUNS ?? 5);
const BUDGET_KB = 400;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const kb = (n) => (n / 1024).toFixed(1);
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

function build() {
  const t = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('vite build failed');
  return (performance.now() - t) / 1000;
}

/** The initial JS is what index.html names: the module script and the modulepreload links Vite adds for its static imports. */
function sizes() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const all = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const measure = (rel) => {
    const buf = fs.readFileSync(path.join(DIST, rel.replace(/^\//, '')));
    return { file: rel.replace(/^\/assets\//, ''), raw: buf.length, gzip: gz(buf) };
  };
  const init = initial.map(measure);
  const initialSet = new Set(init.map((x) => x.file));
  const lazy = all.filter((f) => !initialSet.has(f)).map((f) => measure(`/assets/${f}`)).sort((a, b) => b.gzip - a.gzip);
  return { init, css: css.map(measure), lazy };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-webbench-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHOUWEN_DATA: dataDir, SHOUWEN_ADMIN_PASSWORD: 'bench-admin-1', SHOUWEN_DEMO: '1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'shouwen.mjs'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited');
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > until) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 300));
  }
  const stop = async () => {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Each run uses a fresh browser context (empty cache, no cookies), as a first visit would:
 *  - login usable: navigation to / → the username field is focused (session probe answered, form rendered);
 *  - sign-in to desk: Enter in the password field → an agent's landing page, the desk, has the
 *    cursor in its phone-number field (usable: the agent can type the caller's number);
 *  - desk, cold: navigation to /desk with a session but an empty cache → phone field focused;
 *  - units list, cold: navigation to /registry/units with a session but an empty cache → first table row.
 * The JavaScript files fetched for the cold desk are recorded to size what the desk needs.
 */
async function timings(url) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const out = { login: [], signIn: [], desk: [], units: [], deskJs: new Set() };
  const deskReady = (page) => page.waitForFunction(() => document.activeElement?.id === 'desk-phone', null, { polling: 'raf', timeout: 60_000 });
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await ctx.newPage();
      let t = performance.now();
      await page.goto(`${url}/`, { waitUntil: 'commit' });
      await page.waitForFunction(() => document.activeElement?.id === 'username', null, { polling: 'raf' });
      const login = performance.now() - t;
      await page.locator('#username').fill('agent1');
      await page.locator('#password').fill('shouwen-demo');
      t = performance.now();
      await page.locator('#password').press('Enter');
      await deskReady(page);
      const signIn = performance.now() - t;
      const cookies = await ctx.cookies();
      await ctx.close();

      const ctxDesk = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await ctxDesk.addCookies(cookies);
      const pageDesk = await ctxDesk.newPage();
      pageDesk.on('response', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/assets/') && u.pathname.endsWith('.js')) out.deskJs.add(u.pathname);
      });
      t = performance.now();
      await pageDesk.goto(`${url}/desk`, { waitUntil: 'commit' });
      await deskReady(pageDesk);
      const desk = performance.now() - t;
      await ctxDesk.close();

      const ctx2 = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await ctx2.addCookies(cookies);
      const page2 = await ctx2.newPage();
      t = performance.now();
      await page2.goto(`${url}/registry/units`, { waitUntil: 'commit' });
      await page2.locator('.ant-table-row').first().waitFor();
      const units = performance.now() - t;
      await ctx2.close();
      // The first run warms the server (query plans, file cache); it is not counted.
      if (i > 0) {
        out.login.push(login);
        out.signIn.push(signIn);
        out.desk.push(desk);
        out.units.push(units);
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}

async function main() {
  const buildSeconds = args.has('--no-build') ? null : build();
  const s = sizes();
  const initGzip = s.init.reduce((a, x) => a + x.gzip, 0);
  const initRaw = s.init.reduce((a, x) => a + x.raw, 0);
  const lines = [];
  lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`);
  if (buildSeconds !== null) lines.push(`Build (vite build): ${buildSeconds.toFixed(1)} s.`);
  lines.push('', '| initial JS (entry + static imports) | raw | gzip (level 9) |', '|---|---:|---:|');
  for (const x of s.init) lines.push(`| ${x.file} | ${kb(x.raw)} KB | ${kb(x.gzip)} KB |`);
  lines.push(`| **total** | **${kb(initRaw)} KB** | **${kb(initGzip)} KB** (budget ${BUDGET_KB} KB) |`);
  lines.push('', '| largest lazy chunks (loaded by the screens that need them) | raw | gzip |', '|---|---:|---:|');
  for (const x of s.lazy.slice(0, 6)) lines.push(`| ${x.file} | ${kb(x.raw)} KB | ${kb(x.gzip)} KB |`);
  const echarts = s.lazy.find((x) => /echarts/i.test(x.file));
  lines.push('', `ECharts in the initial JS: ${s.init.some((x) => /echarts/i.test(x.file)) ? 'YES (regression)' : `no (own chunk, ${echarts ? kb(echarts.gzip) + ' KB gzip' : 'not found'})`}.`);

  if (!args.has('--size-only')) {
    const server = await startServer();
    try {
      const t = await timings(server.url);
      const row = (name, xs) => `| ${name} | ${median(xs).toFixed(0)} ms | ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms |`;
      lines.push('', `Time to a usable page on loopback (Chromium headless, fresh context per run, ${RUNS} runs after one warm-up):`, '', '| step | median | range |', '|---|---:|---:|');
      lines.push(row('open / → login form ready (field focused)', t.login));
      lines.push(row('sign in as an agent (Enter) → desk usable (phone field focused)', t.signIn));
      lines.push(row('open /desk with a session, empty cache → desk usable', t.desk));
      lines.push(row('open /registry/units with a session, empty cache → first row', t.units));
      const deskFiles = [...t.deskJs].map((p) => ({ file: p.replace(/^\/assets\//, ''), ...(() => { const b = fs.readFileSync(path.join(DIST, p)); return { raw: b.length, gzip: gz(b) }; })() }));
      const deskGzip = deskFiles.reduce((a, x) => a + x.gzip, 0);
      const deskRaw = deskFiles.reduce((a, x) => a + x.raw, 0);
      const initialSet = new Set(s.init.map((x) => x.file));
      lines.push('', `JavaScript fetched to show the desk (cold, ${deskFiles.length} files): ${kb(deskRaw)} KB raw, **${kb(deskGzip)} KB gzip** — initial ${kb(initGzip)} KB + desk chunks ${kb(deskGzip - deskFiles.filter((x) => initialSet.has(x.file)).reduce((a, x) => a + x.gzip, 0))} KB.`);
      lines.push('', '| desk chunk (lazy) | raw | gzip |', '|---|---:|---:|');
      for (const x of deskFiles.filter((f) => !initialSet.has(f.file)).sort((a, b) => b.gzip - a.gzip)) lines.push(`| ${x.file} | ${kb(x.raw)} KB | ${kb(x.gzip)} KB |`);
      const echartsOnDesk = deskFiles.some((x) => /echarts|installCanvasRenderer/i.test(x.file));
      lines.push('', `ECharts fetched for the desk: ${echartsOnDesk ? 'YES (regression)' : 'no'}.`);
    } finally {
      await server.stop();
    }
  }
  console.log(lines.join('\n'));
  if (initGzip / 1024 > BUDGET_KB) {
    console.error(`initial JS ${kb(initGzip)} KB gzip is over the ${BUDGET_KB} KB budget`);
    process.exitCode = 1;
  }
}

await main();
