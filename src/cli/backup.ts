import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { AppContext } from '../core/context';

const JSON_MAGIC = '{"format":"shouwen-backup"';

/**
 * Consistent online backup. SQLite: the SQLite online-backup API (a page-by-page copy that
 * sees one consistent snapshot while the server keeps writing). PostgreSQL: every table read
 * in one REPEATABLE READ transaction into a JSON file.
 */
export async function backup(ctx: AppContext, file: string, onProgress?: (done: number, total: number) => void): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (ctx.store.sqlite) {
    await ctx.store.sqlite.backup(file, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 200;
      },
    });
    return;
  }
  const tables = await tableOrder(ctx);
  await ctx.store.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const out = fs.createWriteStream(file);
    out.write(`${JSON_MAGIC},"version":1,"tables":{`);
    let i = 0;
    for (const t of tables) {
      const rows = await sql<any>`select * from ${sql.table(t)}`.execute(trx);
      out.write(`${i ? ',' : ''}${JSON.stringify(t)}:${JSON.stringify(rows.rows)}`);
      onProgress?.(++i, tables.length);
    }
    out.write('}}');
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  });
}

/** Tables in foreign-key order (parents first), from the catalogue. */
async function tableOrder(ctx: AppContext): Promise<string[]> {
  const tables = (await ctx.store.db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
  const deps = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  if (ctx.store.dialect === 'postgres') {
    const r = await sql<{ child: string; parent: string }>`
      select tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(ctx.store.db);
    for (const { child, parent } of r.rows) if (child !== parent) deps.get(child)?.add(parent);
  } else {
    for (const t of tables) {
      const r = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${t})`.execute(ctx.store.db);
      for (const { table } of r.rows) if (table !== t) deps.get(t)?.add(table);
    }
  }
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const p of deps.get(t) ?? []) visit(p);
    order.push(t);
  };
  tables.sort().forEach(visit);
  return order;
}

/**
 * Restore a backup. SQLite file backups replace the database file (the server must be stopped);
 * JSON backups replace every table's rows in one transaction.
 */
export async function restore(ctx: AppContext, file: string, sqliteTarget: string | null): Promise<void> {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(32);
  fs.readSync(fd, head, 0, 32, 0);
  fs.closeSync(fd);
  if (head.toString('latin1', 0, 15) === 'SQLite format 3') {
    if (!sqliteTarget || ctx.store.dialect !== 'sqlite') throw new Error('SQLite backups restore into the embedded database only');
    await ctx.store.close();
    for (const suffix of ['-wal', '-shm']) fs.rmSync(sqliteTarget + suffix, { force: true });
    fs.copyFileSync(file, sqliteTarget);
    return;
  }
  if (!head.toString('utf8').startsWith(JSON_MAGIC)) throw new Error('not a Shouwen backup file');
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { tables: Record<string, any[]> };
  const order = await tableOrder(ctx);
  await ctx.store.db.transaction().execute(async (trx) => {
    for (const t of [...order].reverse()) await sql`delete from ${sql.table(t)}`.execute(trx);
    for (const t of order) {
      const rows = data.tables[t] ?? [];
      for (let i = 0; i < rows.length; i += 300) await trx.insertInto(t as any).values(rows.slice(i, i + 300)).execute();
    }
  });
}
