/**
 * Browser-test setup: build the web app when its sources are newer than the build, start the
 * real server (`node bin/shouwen.mjs serve`) on a free loopback port with a fresh data folder and
 * demo data, wait for /api/health, and stop it all at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = path.join(ROOT, 'web');
const DIST_INDEX = path.join(WEB, 'dist', 'index.html');
export const ADMIN_PASSWORD = 'e2e-admin-pass-1';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
    /** The stand-in for the SMS/WeChat gateway: GET `${messagesUrl}/rating-link/<orderId>` → { link } once sent. */
    messagesUrl: string;
  }
}

/**
 * Stand-in for the message gateway the server's outbox posts to (SHOUWEN_WEBHOOK_URL): keeps the
 * rating links of return visits so a test can open the link a resident would receive.
 */
async function startGateway(): Promise<{ url: string; close: () => Promise<void> }> {
  const links = new Map<string, string>();
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        try {
          const m = JSON.parse(body) as { topic?: string; payload?: { orderId?: string; ratingLink?: string } };
          if (m.topic === 'visit.due' && m.payload?.orderId && m.payload.ratingLink) links.set(m.payload.orderId, m.payload.ratingLink);
        } catch {
          // not a message; ignore
        }
        res.writeHead(204).end();
      });
      return;
    }
    const m = /^\/rating-link\/([^/?]+)$/.exec(req.url ?? '');
    const link = m ? links.get(decodeURIComponent(m[1])) : undefined;
    res.writeHead(link ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(link ? { link } : { error: 'not yet' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Build when there is no build or any source is newer than it (a stale bundle would test old code). */
function buildWebIfNeeded(): void {
  const sources = Math.max(newestMtime(path.join(WEB, 'src')), fs.statSync(path.join(WEB, 'index.html')).mtimeMs, fs.statSync(path.join(WEB, 'vite.config.ts')).mtimeMs);
  if (fs.existsSync(DIST_INDEX) && fs.statSync(DIST_INDEX).mtimeMs >= sources) return;
  console.log('[e2e] building the web app…');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('web build failed');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < until) {
    if (exited !== null) throw new Error(`server exited with code ${exited} before it was healthy:\n${log()}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${log()}`);
}

export default async function setup(project: TestProject) {
  buildWebIfNeeded();
  const port = await freePort();
  const gateway = await startGateway();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SHOUWEN_DATA: dataDir,
    SHOUWEN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SHOUWEN_DEMO: '1',
    LOG_LEVEL: 'warn',
    SHOUWEN_WEBHOOK_URL: gateway.url,
    SHOUWEN_OUTBOX_MS: '300',
  };
  delete env.DATABASE_URL; // always the embedded database: a fresh file per run
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'shouwen.mjs'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child, () => output, 240_000);
  } catch (e) {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    await gateway.close();
    throw e;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('adminPassword', ADMIN_PASSWORD);
  project.provide('messagesUrl', gateway.url);

  return async () => {
    if (child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
    }
    await gateway.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
