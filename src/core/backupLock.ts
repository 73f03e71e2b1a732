/**
 * "A server is using this data folder": a lock file each server process creates when it starts and
 * removes when it closes, plus the database's own signals (SQLite: an exclusive file lock cannot be had
 * while another connection has the database open; PostgreSQL: every server holds a shared
 * advisory lock). `restore` refuses while any of them says a server is there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import type { AppContext } from './context';
import { AppError } from './errors';

/** One lock file per server process (several processes may share a data folder): `shouwen.<host>.<pid>.lock`. */
const LOCK_RE = /^shouwen\..+\.\d+\.lock$/;

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

/** Lock files this process holds (a lock with our pid that is not one of these is a dead predecessor's). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Live locks in `dataDir`. A lock of this host whose process is gone is stale and removed; one
 * from another host (a shared folder) cannot be checked and counts as live.
 */
export function readDataLocks(dataDir: string): LockInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(dataDir).filter((n) => LOCK_RE.test(n));
  } catch {
    return [];
  }
  const live: LockInfo[] = [];
  for (const n of names) {
    let info: LockInfo;
    try {
      info = JSON.parse(fs.readFileSync(path.join(dataDir, n), 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      // Half-written: a server is creating it right now.
      live.push({ pid: 0, host: '?', startedAt: '?' });
      continue;
    }
    // After a crash and restart (a container's pid 1), the dead server's pid may be our own.
    const ours = held.has(path.join(dataDir, n));
    if (info.host === os.hostname() && !ours && (info.pid === process.pid || !alive(info.pid))) {
      fs.rmSync(path.join(dataDir, n), { force: true });
      continue;
    }
    live.push(info);
  }
  return live;
}

/**
 * Mark the data folder as used by this server: a lock file of its own, created exclusively (`wx`),
 * removed by `release()` when the server closes. Stale locks of dead processes are cleared.
 */
export function acquireDataLock(dataDir: string): { release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  readDataLocks(dataDir);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const file = path.join(dataDir, `shouwen.${mine.host.replace(/[^\w.-]/g, '_')}.${mine.pid}.lock`);
  try {
    fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: 0o644 });
  } catch (e) {
    // Only a previous process with our pid (now dead: we are alive with it) can have left it.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    fs.writeFileSync(file, JSON.stringify(mine), { mode: 0o644 });
  }
  held.add(file);
  return {
    release() {
      held.delete(file);
      fs.rmSync(file, { force: true });
    },
  };
}

/** The advisory-lock key of a PostgreSQL schema (one database may hold several deployments' schemas). */
function pgLockKey(schema: string) {
  return `shouwen-server:${schema}`;
}

/**
 * The server's signal on PostgreSQL, for servers on other hosts: a dedicated connection holding a
 * shared advisory lock for as long as the server runs. Restore asks for the exclusive one.
 */
export async function holdPgServerLock(ctx: AppContext): Promise<() => Promise<void>> {
  if (ctx.store.dialect !== 'postgres' || !ctx.config.databaseUrl) return async () => undefined;
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.store.db)).rows[0].s;
  const client = new pg.Client({ connectionString: ctx.config.databaseUrl, application_name: 'shouwen-server-lock' });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('select pg_advisory_lock_shared(hashtext($1))', [pgLockKey(schema)]);
  return async () => {
    await client.end().catch(() => undefined);
  };
}

/**
 * Refuse (409, `backup.server_running`) while a server uses the target: the lock file, then the
 * database's own lock. For SQLite, `locking_mode=EXCLUSIVE` + `BEGIN EXCLUSIVE` with no wait fails
 * while any other connection has the database open, even idle, in WAL mode.
 */
export async function assertNoServer(target: { dataDir: string; sqliteFile?: string; pgPool?: pg.Pool }): Promise<void> {
  const [held] = readDataLocks(target.dataDir);
  if (held) throw new AppError(409, 'backup.server_running', { pid: held.pid, host: held.host });
  if (target.sqliteFile && fs.existsSync(target.sqliteFile)) {
    let probe: Database.Database | null = null;
    try {
      probe = new Database(target.sqliteFile, { fileMustExist: true, timeout: 0 });
      probe.pragma('locking_mode = EXCLUSIVE');
      probe.exec('BEGIN EXCLUSIVE');
      probe.prepare('select count(*) from sqlite_master').get();
      probe.exec('ROLLBACK');
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY' || (e as { code?: string }).code === 'SQLITE_LOCKED') {
        throw new AppError(409, 'backup.server_running', { pid: '?', host: os.hostname() });
      }
      throw e;
    } finally {
      probe?.close();
    }
  }
  if (target.pgPool) {
    const c = await target.pgPool.connect();
    try {
      const schema = (await c.query('select current_schema() as s')).rows[0].s as string;
      const got = (await c.query('select pg_try_advisory_lock(hashtext($1)) as ok', [pgLockKey(schema)])).rows[0].ok;
      if (!got) throw new AppError(409, 'backup.server_running', { pid: '?', host: 'PostgreSQL' });
      await c.query('select pg_advisory_unlock(hashtext($1))', [pgLockKey(schema)]);
    } finally {
      c.release();
    }
  }
}
