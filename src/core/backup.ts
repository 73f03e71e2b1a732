/**
 * Backups that restore everything: one gzip'd tar archive holding a consistent copy of the
 * database, the secret key that protects ID numbers, the attachments, and a manifest (versions,
 * per-table row counts, SHA-256 of every file). `restoreBackup` verifies the archive before it
 * touches anything, refuses while a server uses the target, and restores into an empty target.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config';
import { openStore, type Store } from '../db';
import { migrateToLatest } from '../db/migrations';
import { ArchiveWriter, readArchive, type ArchiveEntry } from './backupArchive';
import { assertNoServer } from './backupLock';
import './backupMessages';
import type { AppContext } from './context';
import { AppError } from './errors';

const run = promisify(execFile);

export const FORMAT = 'shouwen-backup';
export const FORMAT_VERSION = 1;
const SQLITE_ENTRY = 'database/shouwen.db';
const PGDUMP_ENTRY = 'database/shouwen.pgdump';
const JSON_ENTRY = 'database/shouwen.json';
const KEY_ENTRY = 'secret.key';
const ATTACHMENTS = 'attachments/';

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  appVersion: string;
  dialect: 'sqlite' | 'postgres';
  createdAt: string;
  /** How the database is stored: a SQLite file, a pg_dump custom-format file, or the JSON dump. */
  database: { kind: 'sqlite' | 'pg_dump' | 'json'; entry: string; schema?: string; pgDumpVersion?: string; extensions?: { name: string; schema: string }[] };
  /** `file`: secret.key is in the archive; `external`: the key came from SHOUWEN_SECRET and is not. */
  secret: { kind: 'file' | 'external' | 'missing' };
  tables: Record<string, number>;
  attachments: { files: number; bytes: number };
  files: Record<string, { size: number; sha256: string }>;
}

export type Progress = (done: number, total: number) => void;

export interface BackupOptions {
  onProgress?: Progress;
  log?: (message: string) => void;
  /** PostgreSQL: write the JSON dump even when pg_dump is available. */
  json?: boolean;
}

function appVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** A PostgreSQL client tool: on PATH, else the newest Debian install under /usr/lib/postgresql. */
export function findPgTool(name: 'pg_dump' | 'pg_restore'): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(path.join(base, v, 'bin', name))) return path.join(base, v, 'bin', name);
  return null;
}

/** Files under a folder, relative with forward slashes; a missing folder is empty. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const d of dirents) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(r);
      else if (d.isFile()) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/**
 * SQLite: `VACUUM INTO` on a connection of its own in a worker thread. It is one read
 * transaction, so it sees one snapshot and finishes however busy the writers are (the online
 * backup API restarts whenever another connection writes), and the server's event loop keeps
 * serving meanwhile. Row counts are taken from the copy, so they match it exactly.
 */
function sqliteSnapshot(src: string, dest: string): Promise<Record<string, number>> {
  const mod = createRequire(import.meta.url).resolve('better-sqlite3');
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const Database = require(workerData.mod);
    const src = new Database(workerData.src, { readonly: true, fileMustExist: true, timeout: 10000 });
    src.prepare('VACUUM INTO ?').run(workerData.dest);
    src.close();
    const copy = new Database(workerData.dest, { readonly: true });
    const counts = {};
    for (const { name } of copy.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all())
      counts[name] = copy.prepare('select count(*) as n from "' + name.replace(/"/g, '""') + '"').get().n;
    copy.close();
    parentPort.postMessage(counts);`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { mod, src, dest } });
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (c) => (c ? reject(new Error(`database copy stopped (exit ${c})`)) : undefined));
  });
}

/** PostgreSQL: every table of the schema, counted in the transaction whose snapshot pg_dump uses. */
async function pgSnapshot(ctx: AppContext, dir: string, log: (m: string) => void, json = false): Promise<{ database: Manifest['database']; tables: Record<string, number>; file: string }> {
  const client = await ctx.store.pool!.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const schema = (await client.query('select current_schema() as s')).rows[0].s as string;
    const names = (await client.query('select tablename from pg_tables where schemaname = $1 order by tablename', [schema])).rows.map((r) => r.tablename as string);
    const tables: Record<string, number> = {};
    for (const t of names) tables[t] = Number((await client.query(`select count(*) as n from "${t.replace(/"/g, '""')}"`)).rows[0].n);
    // A dump of one schema leaves out extensions living elsewhere (pg_trgm in public): recorded
    // here and created before pg_restore.
    const extensions = (await client.query(`select e.extname as name, n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname <> 'plpgsql' order by 1`)).rows as { name: string; schema: string }[];
    const pgDump = json ? null : findPgTool('pg_dump');
    if (pgDump && ctx.config.databaseUrl) {
      const snapshot = (await client.query('select pg_export_snapshot() as s')).rows[0].s as string;
      const file = path.join(dir, 'shouwen.pgdump');
      try {
        await run(pgDump, ['--format=custom', `--snapshot=${snapshot}`, `--schema=${schema}`, '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${ctx.config.databaseUrl}`], { maxBuffer: 16 << 20 });
        const version = (await run(pgDump, ['--version'])).stdout.trim();
        await client.query('COMMIT');
        return { database: { kind: 'pg_dump', entry: PGDUMP_ENTRY, schema, pgDumpVersion: version, extensions }, tables, file };
      } catch (e) {
        // e.g. pg_dump older than the server: fall back to the JSON dump rather than no backup.
        log(`pg_dump failed, writing the JSON dump instead: ${String((e as { stderr?: string }).stderr || (e as Error).message).trim()}`);
      }
    }
    const file = path.join(dir, 'shouwen.json');
    const out = fs.createWriteStream(file, { mode: 0o600 });
    out.write(`{"format":"${FORMAT}-json","tables":{`);
    let i = 0;
    for (const t of await tableOrder(ctx.store)) {
      const rows = (await client.query(`select * from "${t.replace(/"/g, '""')}"`)).rows;
      if (!out.write(`${i++ ? ',' : ''}${JSON.stringify(t)}:${JSON.stringify(rows)}`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    out.write('}}');
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    await client.query('COMMIT');
    return { database: { kind: 'json', entry: JSON_ENTRY, schema }, tables, file };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Write a backup archive of `ctx` to `file`. The database is copied first and the attachments
 * after: an attachment's file is written before its row, so every row in the copy finds its file
 * (files uploaded later are harmless extras).
 */
export async function createBackup(ctx: AppContext, file: string, opts: BackupOptions = {}): Promise<Manifest> {
  const log = opts.log ?? (() => undefined);
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(target), '.backup-'));
  const writer = new ArchiveWriter(target);
  try {
    let database: Manifest['database'];
    let tables: Record<string, number>;
    let dbFile: string;
    opts.onProgress?.(0, 1);
    if (ctx.store.sqlite) {
      dbFile = path.join(tmp, 'shouwen.db');
      tables = await sqliteSnapshot(ctx.store.sqlite.name, dbFile);
      database = { kind: 'sqlite', entry: SQLITE_ENTRY };
    } else {
      ({ database, tables, file: dbFile } = await pgSnapshot(ctx, tmp, log, opts.json));
    }
    const keyFile = path.join(ctx.config.dataDir, 'secret.key');
    const secret: Manifest['secret'] = { kind: ctx.config.secret ? 'external' : fs.existsSync(keyFile) ? 'file' : 'missing' };
    const attachments = listFiles(ctx.config.attachmentsDir);
    const sizeOf = (f: string) => fs.statSync(f).size;
    const total = sizeOf(dbFile) + attachments.reduce((s, a) => s + sizeOf(path.join(ctx.config.attachmentsDir, a)), 0);
    let done = 0;
    const onBytes = (n: number) => opts.onProgress?.((done += n), total);
    await writer.addFile(database.entry, dbFile, onBytes);
    fs.rmSync(dbFile, { force: true });
    if (secret.kind === 'file') await writer.addFile(KEY_ENTRY, keyFile);
    let bytes = 0;
    for (const a of attachments) bytes += (await writer.addFile(ATTACHMENTS + a, path.join(ctx.config.attachmentsDir, a), onBytes)).size;
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      appVersion: appVersion(),
      dialect: ctx.store.dialect,
      createdAt: new Date().toISOString(),
      database,
      secret,
      tables,
      attachments: { files: attachments.length, bytes },
      files: Object.fromEntries(writer.entries.map((e) => [e.name, { size: e.size, sha256: e.sha256 }])),
    };
    await writer.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    await writer.finish();
    opts.onProgress?.(total, total);
    return manifest;
  } catch (e) {
    writer.abort();
    throw e;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Read the whole archive and check it against its manifest: every listed file present with the
 * right size and SHA-256, nothing unlisted. Throws `backup.corrupt` otherwise. Touches nothing.
 */
export async function verifyArchive(file: string, onProgress?: Progress): Promise<Manifest> {
  let manifestBuf: Buffer[] = [];
  let entries: ArchiveEntry[];
  const total = fs.statSync(file).size;
  let done = 0;
  try {
    entries = await readArchive(
      file,
      (name) => (name === 'manifest.json' ? { write: (c) => manifestBuf.push(Buffer.from(c)) } : null),
      (n) => onProgress?.((done += n), total),
    );
  } catch (e) {
    throw new AppError(422, 'backup.corrupt', { reason: (e as Error).message });
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(Buffer.concat(manifestBuf).toString('utf8'));
  } catch {
    throw new AppError(422, 'backup.corrupt', { reason: 'manifest.json missing or unreadable' });
  }
  manifestBuf = [];
  if (manifest.format !== FORMAT) throw new AppError(422, 'backup.corrupt', { reason: 'not a Shouwen backup' });
  if (manifest.formatVersion > FORMAT_VERSION) throw new AppError(422, 'backup.newer_format', { version: manifest.formatVersion });
  checkEntries(manifest, entries);
  return manifest;
}

function checkEntries(manifest: Manifest, entries: ArchiveEntry[]) {
  const seen = new Set<string>();
  for (const e of entries) {
    if (e.name === 'manifest.json') continue;
    const want = manifest.files[e.name];
    if (!want) throw new AppError(422, 'backup.corrupt', { reason: `unlisted file ${e.name}` });
    if (want.size !== e.size || want.sha256 !== e.sha256) throw new AppError(422, 'backup.corrupt', { reason: `checksum mismatch: ${e.name}` });
    if (seen.has(e.name)) throw new AppError(422, 'backup.corrupt', { reason: `duplicate file ${e.name}` });
    seen.add(e.name);
  }
  for (const name of Object.keys(manifest.files)) if (!seen.has(name)) throw new AppError(422, 'backup.corrupt', { reason: `missing file ${name}` });
  if (!seen.has(manifest.database.entry)) throw new AppError(422, 'backup.corrupt', { reason: 'no database in archive' });
}

export interface RestoreTarget {
  dataDir: string;
  attachmentsDir: string;
  databaseUrl?: string;
  /** SHOUWEN_SECRET of the target, if set (it would override a restored key file). */
  secret?: string;
  /** Tests only: the PostgreSQL schema to restore into. */
  pgSchema?: string;
}

export function restoreTargetOf(config: Config): RestoreTarget {
  return { dataDir: config.dataDir, attachmentsDir: config.attachmentsDir, databaseUrl: config.databaseUrl, secret: config.secret };
}

export interface RestoreResult {
  manifest: Manifest;
  /** Message codes to show the operator (the secret key situation). */
  warnings: string[];
  /** Where the previous contents went when `force` replaced them (SQLite). */
  movedAside?: string;
}

/**
 * Restore an archive into `target`. Order: verify the archive, refuse while a server uses the
 * target, refuse a non-empty target (unless `force`), extract into a staging folder inside the
 * data folder, then put the database, the key and the attachments in place and check the row
 * counts against the manifest.
 */
export async function restoreBackup(archive: string, target: RestoreTarget, opts: { force?: boolean; onProgress?: Progress; log?: (m: string) => void } = {}): Promise<RestoreResult> {
  const log = opts.log ?? (() => undefined);
  log('正在校验备份 (verifying the archive)…');
  const manifest = await verifyArchive(archive, opts.onProgress);
  const warnings: string[] = [];
  const pg = !!target.databaseUrl;
  if (manifest.dialect === 'sqlite' && pg) throw new AppError(409, 'backup.dialect_mismatch', { archive: 'SQLite', target: 'PostgreSQL' });
  if (manifest.dialect === 'postgres' && !pg) throw new AppError(409, 'backup.dialect_mismatch', { archive: 'PostgreSQL', target: 'SQLite' });
  const sqliteFile = path.join(target.dataDir, 'shouwen.db');
  fs.mkdirSync(target.dataDir, { recursive: true });

  let store: Store | null = null;
  try {
    if (pg) store = await openStore({ databaseUrl: target.databaseUrl, pgSchema: target.pgSchema, migrate: false });
    await assertNoServer({ dataDir: target.dataDir, sqliteFile: pg ? undefined : sqliteFile, pgPool: store?.pool });

    // What is there already.
    const existing = [
      ...(pg ? [] : ['shouwen.db', 'shouwen.db-wal'].filter((f) => fs.existsSync(path.join(target.dataDir, f)))),
      ...(fs.existsSync(path.join(target.dataDir, 'secret.key')) ? ['secret.key'] : []),
      ...(listFiles(target.attachmentsDir).length ? ['attachments'] : []),
    ];
    const dbRows = store ? await pgRowCount(store) : 0;
    if (store && manifest.database.kind === 'pg_dump') {
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0].s;
      if (manifest.database.schema !== schema) throw new AppError(409, 'backup.schema_mismatch', { archive: manifest.database.schema ?? '?', target: schema });
      if (!findPgTool('pg_restore')) throw new AppError(409, 'backup.no_pg_restore');
    }
    if ((existing.length || dbRows) && !opts.force) {
      throw new AppError(409, 'backup.target_not_empty', { what: [...existing, ...(dbRows ? [`PostgreSQL: ${dbRows} rows`] : [])].join(', ') });
    }

    log('正在解压 (extracting)…');
    const staging = fs.mkdtempSync(path.join(target.dataDir, '.restore-'));
    try {
      const entries = await readArchive(archive, (name) => {
        if (name === 'manifest.json') return null;
        const dest = path.join(staging, ...name.split('/'));
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        const fd = fs.openSync(dest, 'w', 0o600);
        return { write: (c) => void fs.writeSync(fd, c), end: () => fs.closeSync(fd) };
      });
      // The archive could have changed since it was verified: check what was extracted, too.
      checkEntries(manifest, entries);

      let movedAside: string | undefined;
      if (existing.length) {
        // --force: keep what was there, out of the way, rather than deleting it.
        movedAside = path.join(target.dataDir, `pre-restore-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`);
        fs.mkdirSync(movedAside, { recursive: true });
        for (const f of ['shouwen.db', 'shouwen.db-wal', 'shouwen.db-shm', 'secret.key']) {
          if (fs.existsSync(path.join(target.dataDir, f))) fs.renameSync(path.join(target.dataDir, f), path.join(movedAside, f));
        }
        if (fs.existsSync(target.attachmentsDir)) moveTree(target.attachmentsDir, path.join(movedAside, 'attachments'));
      }

      log('正在恢复数据库 (restoring the database)…');
      if (pg) {
        await restorePg(store!, manifest, path.join(staging, ...manifest.database.entry.split('/')), target, !!opts.force);
      } else {
        for (const s of ['-wal', '-shm']) fs.rmSync(sqliteFile + s, { force: true });
        fs.renameSync(path.join(staging, 'database', 'shouwen.db'), sqliteFile);
      }
      if (manifest.secret.kind === 'file') {
        fs.renameSync(path.join(staging, KEY_ENTRY), path.join(target.dataDir, 'secret.key'));
        fs.chmodSync(path.join(target.dataDir, 'secret.key'), 0o600);
        if (target.secret) warnings.push('backup.secret_env_overrides');
      } else if (manifest.secret.kind === 'external') {
        warnings.push('backup.secret_external');
      }
      if (fs.existsSync(path.join(staging, 'attachments'))) moveTree(path.join(staging, 'attachments'), target.attachmentsDir);

      // Bring an older archive up to this version, and check the rows are all there.
      if (!pg) store = await openStore({ sqliteFile });
      else await migrateToLatest(store!);
      const counts = await tableCounts(store!.db);
      for (const [t, n] of Object.entries(manifest.tables)) {
        if (t.startsWith('kysely_')) continue;
        if (counts[t] !== n) throw new AppError(500, 'backup.count_mismatch', { table: t, expected: n, actual: counts[t] ?? 0 });
      }
      return { manifest, warnings, movedAside };
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    await store?.close();
  }
}

/** Rename a folder into place; across file systems (attachments elsewhere), copy then remove. */
function moveTree(from: string, to: string) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (fs.existsSync(to) && fs.readdirSync(to).length === 0) fs.rmdirSync(to);
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if (!['EXDEV', 'ENOTEMPTY', 'EEXIST'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    fs.cpSync(from, to, { recursive: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

async function pgRowCount(store: Store): Promise<number> {
  const tables = (await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema()`.execute(store.db)).rows;
  let n = 0;
  for (const { t } of tables) {
    if (t.startsWith('kysely_')) continue;
    n += Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(store.db)).rows[0].n);
  }
  return n;
}

export async function tableCounts(db: Kysely<any>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await db.introspection.getTables()) {
    out[t.name] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(db)).rows[0].n);
  }
  return out;
}

async function restorePg(store: Store, manifest: Manifest, dumpFile: string, target: RestoreTarget, force: boolean) {
  if (manifest.database.kind === 'json') {
    await migrateToLatest(store);
    await loadJson(store, dumpFile, force);
    return;
  }
  const pgRestore = findPgTool('pg_restore')!;
  // The target holds no rows (or --force): drop its tables so pg_restore recreates them as they
  // were at backup time; migrations then bring them up to this version.
  const tables = (await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema()`.execute(store.db)).rows;
  if (tables.length && !force && (await pgRowCount(store)) > 0) throw new AppError(409, 'backup.target_not_empty', { what: 'PostgreSQL' });
  for (const { t } of tables) await sql`drop table if exists ${sql.table(t)} cascade`.execute(store.db);
  for (const e of manifest.database.extensions ?? []) {
    await sql`create extension if not exists ${sql.id(e.name)} schema ${sql.id(e.schema)}`.execute(store.db).catch(() => undefined);
  }
  // The schema itself already exists in the target: restore everything but its CREATE SCHEMA.
  const list = (await run(pgRestore, ['--list', dumpFile], { maxBuffer: 64 << 20 })).stdout
    .split('\n')
    .filter((l) => !/^\d+; \d+ \d+ (SCHEMA - |COMMENT - SCHEMA )/.test(l))
    .join('\n');
  const listFile = `${dumpFile}.list`;
  fs.writeFileSync(listFile, list);
  try {
    await run(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--use-list=${listFile}`, `--dbname=${target.databaseUrl}`, dumpFile], { maxBuffer: 16 << 20 });
  } catch (e) {
    throw new Error(`pg_restore failed: ${String((e as { stderr?: string }).stderr || (e as Error).message).trim()}`);
  }
}

/** The JSON dump (PostgreSQL without pg_dump): every table's rows replaced in one transaction. */
async function loadJson(store: Store, file: string, force: boolean) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { tables: Record<string, any[]> };
  const order = await tableOrder(store);
  if (!force && (await pgRowCount(store)) > 0) throw new AppError(409, 'backup.target_not_empty', { what: 'PostgreSQL' });
  await store.db.transaction().execute(async (trx) => {
    for (const t of [...order].reverse()) if (!t.startsWith('kysely_')) await sql`delete from ${sql.table(t)}`.execute(trx);
    for (const t of order) {
      if (t.startsWith('kysely_')) continue;
      const rows = data.tables[t] ?? [];
      for (let i = 0; i < rows.length; i += 300) await trx.insertInto(t as any).values(rows.slice(i, i + 300)).execute();
    }
  });
}

/** Tables in foreign-key order (parents first), from the catalogue. */
async function tableOrder(store: Store): Promise<string[]> {
  const tables = (await store.db.introspection.getTables()).map((t) => t.name);
  const deps = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  if (store.dialect === 'postgres') {
    const r = await sql<{ child: string; parent: string }>`
      select tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(store.db);
    for (const { child, parent } of r.rows) if (child !== parent) deps.get(child)?.add(parent);
  } else {
    for (const t of tables) {
      const r = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${t})`.execute(store.db);
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

/** Archives in a folder, newest first. */
export function listBackups(dir: string): { name: string; size: number; createdAt: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.tar.gz'))
    .map((name) => {
      const st = fs.statSync(path.join(dir, name));
      return { name, size: st.size, createdAt: st.mtime.toISOString() };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Name of a scheduled archive: `shouwen-YYYYMMDD-HHMMSS.tar.gz` in Shanghai time (sorts by date). */
export function archiveName(now = new Date()): string {
  const local = new Date(now.getTime() + 8 * 3600_000).toISOString();
  return `shouwen-${local.slice(0, 10).replace(/-/g, '')}-${local.slice(11, 19).replace(/:/g, '')}.tar.gz`;
}

/** Delete scheduled archives (by their name's date) older than `keepDays`; other files are left alone. */
export function pruneBackups(dir: string, keepDays: number, now = new Date()): string[] {
  const cutoff = archiveName(new Date(now.getTime() - keepDays * 86_400_000)).slice(8, 16);
  const removed: string[] = [];
  for (const { name } of listBackups(dir)) {
    const m = /^shouwen-(\d{8})-\d{6}\.tar\.gz$/.exec(name);
    if (m && m[1] < cutoff) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** Schedule settings from the environment: SHOUWEN_BACKUP_DIR / _AT (HH:MM Shanghai, or off) / _KEEP (days). */
export function backupSettings(config: Config, env: NodeJS.ProcessEnv = process.env): { dir: string; at: { h: number; m: number } | null; keepDays: number } {
  const dir = path.resolve(env.SHOUWEN_BACKUP_DIR || path.join(config.dataDir, 'backups'));
  const raw = (env.SHOUWEN_BACKUP_AT || '03:30').trim().toLowerCase();
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(raw);
  const at = raw === 'off' || !m ? null : { h: Number(m[1]), m: Number(m[2]) };
  if (raw !== 'off' && !m) throw new Error(`SHOUWEN_BACKUP_AT must be HH:MM or off, got ${JSON.stringify(env.SHOUWEN_BACKUP_AT)}`);
  const keep = Number(env.SHOUWEN_BACKUP_KEEP || 14);
  return { dir, at, keepDays: Number.isFinite(keep) && keep >= 1 ? Math.floor(keep) : 14 };
}

