/**
 * Browser-test setup: build the web app when its sources changed since the build, start the
 * real server (`node bin/shouwen.mjs serve`) on a free loopback port with a fresh data folder and
 * demo data, wait for /api/health, and stop it all at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ensureWebBuild, webBuildState } from '../../scripts/builds.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
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

/** Build when there is no build or the sources changed since it (a stale bundle would test old code). */
function buildWebIfNeeded(): void {
  if (webBuildState(ROOT).fresh) return;
  console.log('[e2e] building the web app…');
  if (ensureWebBuild(ROOT, { quiet: true }) === 'failed') throw new Error('web build failed');
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
