// kill -9 durability on SQLite: the real server runs as a child process on loopback, concurrent writers
// record every id whose 201 came back, the server is SIGKILLed mid-write and restarted on the same data
// folder N times (DURABILITY_ROUNDS, default 5), and at the end every acknowledged row must be in the file.
// Named *.sqlite.test.ts so that the PostgreSQL pass (only *.api/*.db tests) leaves it out.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = Math.max(1, Number(process.env.DURABILITY_ROUNDS || 5));
const WRITERS = 4;
const PASSWORD = 'durability-admin-pass';
const START_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 5_000;

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
  output: () => string;
}
interface Session {
  base: string;
  cookie: string;
  csrf: string;
}
interface Ack {
  id: string;
  name: string;
  round: number;
}

let dir: string;
let current: Server | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port the kernel just handed out on loopback; the child binds it right after (a rare race is retried). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function spawnServer(port: number): Server {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    SHOUWEN_DATA: dir,
    SHOUWEN_DEMO: '0',
    SHOUWEN_ADMIN_PASSWORD: PASSWORD,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  // This test is about the SQLite file; a DATABASE_URL in the caller's shell must not redirect it.
  delete env.DATABASE_URL;
  delete env.SHOUWEN_ATTACHMENTS;
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/shouwen.mjs'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, base: `http://127.0.0.1:${port}`, exited, output: () => out };
}

/** Start the server and wait until /api/health answers; retried on a new port if the port was taken. */
async function startServer(): Promise<Server> {
  for (let attempt = 1; ; attempt++) {
    const s = spawnServer(await freePort());
    current = s;
    let gone = false;
    void s.exited.then(() => (gone = true));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!gone && Date.now() < deadline) {
      try {
        const res = await fetch(`${s.base}/api/health`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) return s;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    if (!gone) await kill(s);
    if (attempt < 3 && s.output().includes('EADDRINUSE')) continue;
    throw new Error(`server ${gone ? 'exited before answering' : `did not answer within ${START_TIMEOUT_MS} ms`}:\n${s.output()}`);
  }
}

async function kill(s: Server, signal: NodeJS.Signals = 'SIGKILL', waitMs = 10_000): Promise<boolean> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill(signal);
  const done = await Promise.race([s.exited.then(() => true), sleep(waitMs).then(() => false)]);
  if (current === s && done) current = undefined;
  return done;
}

async function login(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('sw_session='));
  expect(cookie).toBeTruthy();
  const body = (await res.json()) as { user: { csrfToken: string } };
  return { base, cookie: cookie!, csrf: body.user.csrfToken };
}

function call(s: Session, method: string, url: string, body?: unknown) {
  return fetch(`${s.base}${url}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}

/**
 * Create buildings back to back until the server goes away. Only a 201 whose body was read in full counts
 * as acknowledged; anything else but a dropped connection is an unexpected answer and fails the test.
 */
async function writer(s: Session, projectId: string, round: number, w: number, acked: Ack[], unexpected: string[]) {
  for (let seq = 0; ; seq++) {
    const name = `r${round}-w${w}-${seq}`;
    let id: string;
    try {
      const res = await call(s, 'POST', '/api/buildings', { projectId, name });
      if (res.status !== 201) {
        unexpected.push(`${name}: ${res.status} ${await res.text()}`);
        return;
      }
      id = ((await res.json()) as { id: string }).id;
    } catch {
      return; // connection refused, reset or cut mid-body: not acknowledged
    }
    acked.push({ id, name, round });
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-durability-'));
});

afterAll(async () => {
  if (current) await kill(current);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 durability (SQLite, loopback)', () => {
  it(
    `loses no acknowledged write across ${ROUNDS} SIGKILLs`,
    async () => {
      const acked: Ack[] = [];
      const unexpected: string[] = [];
      const perRound: { round: number; acked: number; killAfterMs: number; startMs: number }[] = [];

      let t0 = Date.now();
      let server = await startServer();
      let startMs = Date.now() - t0;
      let session = await login(server.base);
      const created = await call(session, 'POST', '/api/projects', { code: 'DUR', name: '持久性测试', kind: 'residential' });
      expect(created.status).toBe(201);
      const projectId = ((await created.json()) as { id: string }).id;

      for (let round = 1; round <= ROUNDS; round++) {
        const before = acked.length;
        const writers = Array.from({ length: WRITERS }, (_, w) => writer(session, projectId, round, w, acked, unexpected));
        // Kill only once writes are flowing, so every round interrupts writes in flight.
        const firstAck = Date.now() + 10_000;
        while (acked.length === before && unexpected.length === 0 && Date.now() < firstAck) await sleep(10);
        const killAfterMs = 300 + Math.floor(Math.random() * 1200);
        await sleep(killAfterMs);
        expect(await kill(server), 'the server survived SIGKILL').toBe(true);
        await Promise.all(writers);
        perRound.push({ round, acked: acked.length - before, killAfterMs, startMs });
        console.log(`durability round ${round}/${ROUNDS}: ${acked.length - before} acknowledged, SIGKILL after ${killAfterMs} ms (start took ${startMs} ms)`);
        expect(unexpected).toEqual([]);
        expect(acked.length - before, `round ${round} acknowledged nothing`).toBeGreaterThan(0);

        // Restart on the same folder (the lock file left by the killed pid must not stop it).
        t0 = Date.now();
        server = await startServer();
        startMs = Date.now() - t0;
        session = await login(server.base);
      }

      // The restarted server sees every row through the API too.
      const list = await call(session, 'GET', `/api/buildings?projectId=${projectId}&pageSize=1`);
      expect(list.status).toBe(200);
      const apiTotal = ((await list.json()) as { total: number }).total;

      // Graceful stop so the WAL is checkpointed, then read the file itself.
      const stopped = await kill(server, 'SIGTERM', 15_000);
      if (!stopped) await kill(server);
      expect(fs.existsSync(path.join(dir, 'shouwen.db'))).toBe(true);
      let db: Database.Database;
      try {
        db = new Database(path.join(dir, 'shouwen.db'), { readonly: true, fileMustExist: true });
      } catch {
        db = new Database(path.join(dir, 'shouwen.db'), { fileMustExist: true }); // a WAL left behind needs a writable open to replay
      }
      try {
        expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const rows = db.prepare('SELECT id, name FROM buildings WHERE project_id = ?').all(projectId) as { id: string; name: string }[];
        const stored = new Map(rows.map((r) => [r.id, r.name]));
        const missing = acked.filter((a) => stored.get(a.id) !== a.name);
        const ackedIds = new Set(acked.map((a) => a.id));
        const unacknowledged = rows.filter((r) => !ackedIds.has(r.id)).length;
        expect(ackedIds.size).toBe(acked.length);
        console.log(
          `durability: ${acked.length} acknowledged over ${ROUNDS} kills (${perRound.map((r) => r.acked).join(', ')}), ` +
            `${rows.length} rows stored (${unacknowledged} committed but unacknowledged), ${missing.length} missing`,
        );
        expect(missing.length, `acknowledged but missing, e.g. ${JSON.stringify(missing.slice(0, 5))}`).toBe(0);
        expect(rows.length, 'rows the restarted server listed').toBe(apiTotal);
      } finally {
        db.close();
      }
    },
    60_000 + ROUNDS * 20_000,
  );
});
