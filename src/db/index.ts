import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import type { DB } from './schema';
import { migrateToLatest } from './migrations';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The raw SQLite handle (backup, pragmas); undefined on PostgreSQL. */
  sqlite?: Database.Database;
  /** The raw pg pool (advisory locks, SKIP LOCKED sweeps); undefined on SQLite. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** SQLite file path, or ':memory:'. */
  sqliteFile?: string;
  databaseUrl?: string;
  /** PostgreSQL schema to use (tests isolate themselves in a schema of their own). */
  pgSchema?: string;
  migrate?: boolean;
}

// pg returns int8 and numeric as strings by default; our int8 columns hold fen and counts
// that stay far below 2^53, so parse them as numbers once here.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openStore(opts: OpenOptions): Promise<Store> {
  let store: Store;
  if (opts.databaseUrl) {
    if (opts.pgSchema) {
      const admin = new pg.Client({ connectionString: opts.databaseUrl });
      await admin.connect();
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${opts.pgSchema}"`);
      await admin.end();
    }
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      options: opts.pgSchema ? `-c search_path="${opts.pgSchema}",public` : undefined,
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    store = { db, dialect: 'postgres', pool, close: () => db.destroy() };
  } else {
    const file = opts.sqliteFile ?? ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('synchronous = NORMAL');
    // A 64 MiB page cache (the default is 2 MiB): the working set of a busy desk stays in memory.
    sqlite.pragma('cache_size = -65536');
    const checkpoints = file === ':memory:' || process.env.SHOUWEN_SQLITE_CHECKPOINTER === '0' ? null : startCheckpointer(sqlite, file);
    const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
    store = {
      db,
      dialect: 'sqlite',
      sqlite,
      close: async () => {
        await checkpoints?.stop();
        await db.destroy();
      },
    };
  }
  if (opts.migrate !== false) await migrateToLatest(store);
  return store;
}

/**
 * How long one SQLite statement waits for another process's lock (the busy handler sleeps in
 * place). The CLI (`shouwen bill-run`, `shouwen dunning`) and the server share the file.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** Total time a transaction keeps retrying to take the write lock before giving up. */
export const SQLITE_BEGIN_RETRY_MS = 60_000;

/**
 * Every transaction takes the write lock up front (`BEGIN IMMEDIATE`). With a plain (deferred)
 * BEGIN a transaction that read first and then writes must upgrade its read snapshot to a write
 * lock; if another process committed in between, SQLite answers SQLITE_BUSY at once, without
 * waiting, and the work is lost ("database is locked"). Taking the lock at BEGIN makes the busy
 * timeout apply, and a BEGIN that still finds the lock held is simply retried with backoff —
 * nothing has been done yet, so retrying is safe. Readers are never blocked (WAL).
 */
export class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await beginImmediate(connection);
  }
}

export async function beginImmediate(connection: DatabaseConnection, budgetMs = SQLITE_BEGIN_RETRY_MS): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      return;
    } catch (e) {
      if (!isSqliteBusy(e) || Date.now() >= deadline) throw e;
      // The busy timeout already waited; back off a little more with jitter before asking again.
      await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random())));
    }
  }
}

export function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Pages in the WAL after which a commit checkpoints by itself (SQLite's default is 1,000). */
export const SQLITE_BACKSTOP_CHECKPOINT_PAGES = 10_000;
/** How often the checkpoint thread copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 100;

/**
 * WAL checkpoints in a worker thread. SQLite checkpoints inside the commit that takes the WAL past
 * 1,000 pages, and with synchronous=NORMAL that ends in an fsync of the database file; the driver
 * being synchronous, the whole server waits. Measured under load (issue 17): the median commit of
 * an order creation took 0.18 ms, the 99th percentile 59 ms and the worst 154 ms — all of it these
 * checkpoints. A connection of its own in a worker thread now copies the WAL into the file every
 * 100 ms (PASSIVE: it never waits for, nor blocks, readers and writers), so its fsyncs happen off
 * the event loop. The commit's own checkpoint stays, at 10,000 pages, as the backstop that lets
 * the WAL start over under a steady stream of writes; by then the pages are mostly copied and
 * flushed already, so it is short. Durability is unchanged: a commit is in the WAL (in WAL mode
 * with synchronous=NORMAL, safe from a process crash) whether or not it was checkpointed yet.
 */
function startCheckpointer(sqlite: Database.Database, file: string): { stop(): Promise<void> } {
  sqlite.pragma(`wal_autocheckpoint = ${SQLITE_BACKSTOP_CHECKPOINT_PAGES}`);
  // A WAL that grew during a burst is cut back to this size when it starts over (bytes).
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const mod = createRequire(import.meta.url).resolve('better-sqlite3');
  const code = `
    const { workerData } = require('node:worker_threads');
    const Database = require(workerData.mod);
    const db = new Database(workerData.file, { fileMustExist: true });
    db.pragma('synchronous = NORMAL');
    setInterval(() => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    }, workerData.interval);`;
  let worker: Worker | undefined;
  // Started after a second, so a short CLI command never pays for a thread it does not need.
  const timer = setTimeout(() => {
    worker = new Worker(code, { eval: true, workerData: { mod, file: path.resolve(file), interval: CHECKPOINT_INTERVAL_MS } });
    // Never keeps the process alive; if it fails, the commit's own checkpoint still bounds the WAL.
    worker.unref();
    worker.on('error', () => undefined);
  }, 1000);
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(timer);
      await worker?.terminate();
    },
  };
}

/** True when the database answers a trivial query. */
export async function isReachable(store: Store): Promise<boolean> {
  try {
    await sql`select 1`.execute(store.db);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a small query.
 * Reuse prepared statements by SQL text (bounded, least recently used first out). Safe because
 * the driver runs one statement at a time on the single connection and never keeps iterators.
 */
function withStatementCache(sqlite: Database.Database, max = 500): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (source: string) => {
          let stmt = cache.get(source);
          if (stmt) {
            cache.delete(source);
          } else {
            stmt = prepare(source);
            if (cache.size >= max) cache.delete(cache.keys().next().value!);
          }
          cache.set(source, stmt);
          return stmt;
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
