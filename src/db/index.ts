import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
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
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // A 64 MiB page cache (the default is 2 MiB): the working set of a busy desk stays in memory.
    sqlite.pragma('cache_size = -65536');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    store = { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
  }
  if (opts.migrate !== false) await migrateToLatest(store);
  return store;
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
