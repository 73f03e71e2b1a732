/**
 * SQLite write locking between processes sharing the file (server and CLI). Only meaningful on
 * SQLite; on PostgreSQL the concurrency test in test/cli-concurrency.db.test.ts covers the same
 * ground, so this file skips there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './index';

const onPostgres = !!process.env.DATABASE_URL;
let dir: string;
let store: Store | undefined;
let other: Database.Database | undefined;

async function setup() {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-lock-'));
  const file = path.join(dir, 'x.db');
  store = await openStore({ sqliteFile: file, migrate: false });
  await sql`create table t (n integer)`.execute(store.db);
  // A second process, as the CLI would be; no busy wait of its own so a held lock shows at once.
  other = new Database(file, { timeout: 0 });
}

afterEach(async () => {
  other?.close();
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  other = store = undefined;
});

describe.skipIf(onPostgres)('SQLite transactions take the write lock up front', () => {
  it('holds the write lock from BEGIN: another process cannot commit between our read and our write', async () => {
    await setup();
    let blocked: unknown;
    await store!.db.transaction().execute(async (trx) => {
      await sql`select count(*) from t`.execute(trx);
      // With a deferred BEGIN this insert would succeed and our write below would then fail with
      // SQLITE_BUSY_SNAPSHOT ("database is locked") without waiting.
      try {
        other!.prepare('insert into t values (99)').run();
      } catch (e) {
        blocked = e;
      }
      await sql`insert into t values (1)`.execute(trx);
    });
    expect((blocked as { code?: string })?.code).toMatch(/^SQLITE_BUSY/);
    expect(other!.prepare('select n from t').all()).toEqual([{ n: 1 }]);
  });

  it('waits for a lock held by another process and retries BEGIN until it is free', async () => {
    await setup();
    // Make the in-place busy wait short so that the retry with backoff is what gets us through.
    store!.sqlite!.pragma('busy_timeout = 20');
    other!.exec('begin immediate');
    other!.prepare('insert into t values (7)').run();
    setTimeout(() => other!.exec('commit'), 300);
    const t0 = Date.now();
    await store!.db.transaction().execute(async (trx) => {
      const rows = await sql<{ c: number }>`select count(*) as c from t`.execute(trx);
      await sql`insert into t values (${rows.rows[0].c + 1})`.execute(trx);
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    // Our transaction saw the other process's committed row: nothing was lost or duplicated.
    expect(other!.prepare('select n from t order by rowid').all()).toEqual([{ n: 7 }, { n: 2 }]);
  });
});
