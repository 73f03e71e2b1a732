/**
 * Backups that restore everything, on SQLite and PostgreSQL: a backup finishes while a writer
 * inserts at ≥ 200 rows/s; a restore into a new empty folder gives the same row counts, ID numbers
 * that still decrypt (the key travels in the archive) and the attachments' bytes; restore refuses
 * while a server holds the folder or the database, over a non-empty target, and a tampered archive.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { backupSettings, createBackup, pruneBackups, restoreBackup, tableCounts, verifyArchive, type RestoreTarget } from '../core/backup';
import { acquireDataLock, holdPgServerLock } from '../core/backupLock';
import type { AppContext } from '../core/context';
import { Secrets } from '../core/secrets';
import { openStore } from '../db';
import { newId } from '../db/ids';
import { insertParty } from '../modules/registry/queries';
import '../modules/register';
import { scheduledBackup } from '../modules/backups/job';
import { dialectUnderTest, login, multipart, seedFixture, type Fixture } from '../../test/helpers';

const url = process.env.DATABASE_URL;
const schema = `t_${newId().slice(-12)}`;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-backup-'));
const src = path.join(root, 'src');
const extraDbs: string[] = [];
let ctx: AppContext;
let app: FastifyInstance;
let fx: Fixture;
let attachmentId: string;
// A PNG header and a marker the tamper test can find in the archive.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('attachment-bytes-marker-0123456789'.repeat(20))]);

async function admin(client: pg.Client | null, q: string) {
  const c = client ?? new pg.Client({ connectionString: url });
  if (!client) await c.connect();
  try {
    await c.query(q);
  } finally {
    if (!client) await c.end();
  }
}

/** A new empty restore target: a folder, and on PostgreSQL a database of its own (same schema name). */
async function newTarget(name: string): Promise<RestoreTarget> {
  const dataDir = path.join(root, name);
  const t: RestoreTarget = { dataDir, attachmentsDir: path.join(dataDir, 'attachments') };
  if (url) {
    const db = `r_${newId().slice(-10).toLowerCase()}`;
    await admin(null, `CREATE DATABASE "${db}"`);
    extraDbs.push(db);
    const u = new URL(url);
    u.pathname = `/${db}`;
    t.databaseUrl = u.toString();
    t.pgSchema = schema;
  }
  return t;
}

/** Open a restored target as the server would: its own store, config and key file. */
async function openRestored(t: RestoreTarget): Promise<{ ctx: AppContext; app: FastifyInstance }> {
  const store = await openStore({ databaseUrl: t.databaseUrl, pgSchema: t.pgSchema, sqliteFile: path.join(t.dataDir, 'shouwen.db') });
  const c: AppContext = { store, config: { ...loadConfig({}), dataDir: t.dataDir, attachmentsDir: t.attachmentsDir, databaseUrl: t.databaseUrl }, secrets: Secrets.load(undefined, t.dataDir) };
  const a = await buildApp(c, { logger: false, serveWeb: false });
  await a.ready();
  return { ctx: c, app: a };
}

beforeAll(async () => {
  const store = await openStore({ databaseUrl: url, pgSchema: url ? schema : undefined, sqliteFile: path.join(src, 'shouwen.db') });
  // The key file in the data folder, as in a real installation without SHOUWEN_SECRET.
  ctx = { store, config: { ...loadConfig({}), dataDir: src, attachmentsDir: path.join(src, 'attachments'), databaseUrl: url }, secrets: Secrets.load(undefined, src) };
  app = await buildApp(ctx, { logger: false, serveWeb: false });
  await app.ready();
  fx = await seedFixture(ctx);
  const s = await login(app, 'agent_a');
  const order = (await s.inject('POST', '/api/orders', { projectId: fx.projectA, kind: 'repair', title: '厨房漏水', unitId: fx.unitA1, partyId: fx.partyA1, areaScope: 'unit' })).json();
  const m = multipart({ name: 'leak.png', content: PNG, type: 'image/png' });
  const up = await s.inject('POST', `/api/orders/${order.id}/attachments`, m.payload, m.headers);
  expect(up.statusCode).toBe(201);
  attachmentId = up.json().id;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await ctx?.store.close();
  if (url) {
    await admin(null, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    for (const db of extraDbs) await admin(null, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }
  fs.rmSync(root, { recursive: true, force: true });
});

describe(`backup and restore on ${dialectUnderTest}`, () => {
  let archive: string;

  it('restores into a new empty folder: same row counts, ID numbers decrypt, attachments served', async () => {
    archive = path.join(root, 'out', 'quiet.tar.gz');
    const before = await tableCounts(ctx.store.db);
    const manifest = await createBackup(ctx, archive);
    expect(manifest.secret.kind).toBe('file');
    expect(manifest.database.kind).toBe(url ? 'pg_dump' : 'sqlite');
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['secret.key', expect.stringMatching(/^attachments\/.+\.png$/)]));
    expect(manifest.tables.parties).toBe(before.parties);

    const target = await newTarget('restored');
    const r = await restoreBackup(archive, target);
    expect(r.warnings).toEqual([]);
    const restored = await openRestored(target);
    try {
      expect(await tableCounts(restored.ctx.store.db)).toEqual(before);
      // The ID number written with the source's key decrypts with the restored key file.
      const row = await restored.ctx.store.db.selectFrom('parties').select(['id_number_cipher', 'id_number_hash', 'id_number_masked']).where('id', '=', fx.partyA1).executeTakeFirstOrThrow();
      expect(restored.ctx.secrets.decrypt(row.id_number_cipher!)).toBe('11010519491231002X');
      expect(restored.ctx.secrets.lookupHash('11010519491231002x')).toBe(row.id_number_hash);
      const s = await login(restored.app, 'agent_a');
      const party = await s.inject('GET', `/api/parties/${fx.partyA1}`);
      expect(party.json().idNumberMasked).toBe(row.id_number_masked);
      const file = await s.inject('GET', `/api/attachments/${attachmentId}`);
      expect(file.statusCode).toBe(200);
      expect(Buffer.compare(file.rawPayload, PNG)).toBe(0);
    } finally {
      await restored.app.close();
      await restored.ctx.store.close();
    }
  }, 60_000);

  it('finishes while a writer inserts ≥ 200 rows/s, and the copy is one consistent snapshot', async () => {
    let stop = false;
    let written = 0;
    const startedAt = Date.now();
    // Paced at 250 rows/s: each round inserts (in parallel, as from several clients) what the pace
    // asks for by now, so a slow round is made up in the next.
    const writer = (async () => {
      while (!stop) {
        const due = Math.min(50, Math.ceil(((Date.now() - startedAt) / 1000) * 250) - written);
        await Promise.all(
          Array.from({ length: Math.max(0, due) }, async () => {
            await insertParty(ctx.store.db, ctx.secrets, fx.orgId, { kind: 'person', name: `写入${written}`, phones: [] });
            written++;
          }),
        );
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const atStart = written;
    const busy = path.join(root, 'out', 'busy.tar.gz');
    const manifest = await createBackup(ctx, busy);
    const duringBackup = written - atStart;
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await writer;
    const rate = written / ((Date.now() - startedAt) / 1000);
    expect(rate).toBeGreaterThanOrEqual(200);
    expect(duringBackup).toBeGreaterThan(0);
    const after = (await tableCounts(ctx.store.db)).parties;
    expect(manifest.tables.parties).toBeGreaterThan(after - written + atStart - 1);
    expect(manifest.tables.parties).toBeLessThan(after);

    // The restored copy holds exactly what the manifest counted (restore checks every table).
    const target = await newTarget('restored-busy');
    await restoreBackup(busy, target);
    const restored = await openStore({ databaseUrl: target.databaseUrl, pgSchema: target.pgSchema, sqliteFile: path.join(target.dataDir, 'shouwen.db') });
    try {
      expect((await tableCounts(restored.db)).parties).toBe(manifest.tables.parties);
    } finally {
      await restored.close();
    }
  }, 60_000);

  it('refuses while a server holds the data folder or the database', async () => {
    const target = await newTarget('served');
    const lock = acquireDataLock(target.dataDir);
    try {
      await expect(restoreBackup(archive, target)).rejects.toMatchObject({ code: 'backup.server_running', status: 409 });
    } finally {
      lock.release();
    }
    expect(fs.readdirSync(target.dataDir).filter((f) => !f.startsWith('.'))).toEqual([]);

    // Without a lock file: the source database is open in this process (SQLite), or a server holds
    // the shared advisory lock of the schema (PostgreSQL) — restore over the source refuses.
    const srcTarget: RestoreTarget = { dataDir: path.join(root, 'no-lock-file'), attachmentsDir: path.join(root, 'no-lock-file', 'att') };
    let release = async () => undefined as void;
    if (url) {
      Object.assign(srcTarget, { databaseUrl: url, pgSchema: schema });
      release = await holdPgServerLock(ctx);
    } else {
      srcTarget.dataDir = src;
    }
    try {
      await expect(restoreBackup(archive, srcTarget, { force: true })).rejects.toMatchObject({ code: 'backup.server_running' });
    } finally {
      await release();
    }
    expect((await tableCounts(ctx.store.db)).users).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a non-empty target without --force', async () => {
    const target = await newTarget('full');
    await restoreBackup(archive, target);
    await expect(restoreBackup(archive, target)).rejects.toMatchObject({ code: 'backup.target_not_empty', status: 409 });
    // With --force (and no server) it replaces the contents.
    const r = await restoreBackup(archive, target, { force: true });
    if (!url) expect(fs.existsSync(path.join(r.movedAside!, 'shouwen.db'))).toBe(true);
  }, 60_000);

  it('refuses a tampered archive before touching anything', async () => {
    const tar = zlib.gunzipSync(fs.readFileSync(archive));
    const at = tar.indexOf('attachment-bytes-marker');
    expect(at).toBeGreaterThan(0);
    tar[at] ^= 0x20;
    const bad = path.join(root, 'out', 'tampered.tar.gz');
    fs.writeFileSync(bad, zlib.gzipSync(tar));
    await expect(verifyArchive(bad)).rejects.toMatchObject({ code: 'backup.corrupt' });
    const target = await newTarget('tampered');
    await expect(restoreBackup(bad, target)).rejects.toMatchObject({ code: 'backup.corrupt', status: 422 });
    expect(fs.existsSync(path.join(target.dataDir, 'shouwen.db'))).toBe(false);
    expect(fs.existsSync(path.join(target.dataDir, 'secret.key'))).toBe(false);
    // A truncated archive too.
    const cut = path.join(root, 'out', 'cut.tar.gz');
    fs.writeFileSync(cut, fs.readFileSync(archive).subarray(0, 2000));
    await expect(verifyArchive(cut)).rejects.toMatchObject({ code: 'backup.corrupt' });
  }, 60_000);

  it('lets admins start a backup through the API and list the archives', async () => {
    const s = await login(app, 'admin');
    const started = await s.inject('POST', '/api/system/backups');
    expect(started.statusCode).toBe(202);
    let job = started.json();
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await s.inject('GET', `/api/system/backups/jobs/${job.id}`)).json();
    }
    expect(job.state).toBe('done');
    const list = (await s.inject('GET', '/api/system/backups')).json();
    expect(list.items.map((b: { name: string }) => b.name)).toContain(job.file);
    expect(list.items[0].size).toBeGreaterThan(0);
    expect((await (await login(app, 'supervisor')).inject('POST', '/api/system/backups')).statusCode).toBe(403);
  }, 60_000);
  it.runIf(!!url)('PostgreSQL without pg_dump: the JSON dump restores too', async () => {
    const file = path.join(root, 'out', 'json.tar.gz');
    const before = await tableCounts(ctx.store.db);
    const m = await createBackup(ctx, file, { json: true });
    expect(m.database.kind).toBe('json');
    const target = await newTarget('restored-json');
    await restoreBackup(file, target);
    const restored = await openRestored(target);
    try {
      const after = await tableCounts(restored.ctx.store.db);
      for (const [t, n] of Object.entries(before)) if (!t.startsWith('kysely_')) expect([t, after[t]]).toEqual([t, n]);
      const row = await restored.ctx.store.db.selectFrom('parties').select('id_number_cipher').where('id', '=', fx.partyA1).executeTakeFirstOrThrow();
      expect(restored.ctx.secrets.decrypt(row.id_number_cipher!)).toBe('11010519491231002X');
    } finally {
      await restored.app.close();
      await restored.ctx.store.close();
    }
  }, 60_000);

  it('the daily backup runs once per day after its time and prunes old archives', async () => {
    const dir = path.join(root, 'daily');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'shouwen-20200101-033000.tar.gz'), 'old');
    fs.writeFileSync(path.join(dir, 'keep-me.tar.gz'), 'not a scheduled archive');
    const settings = { ...backupSettings(ctx.config, { SHOUWEN_BACKUP_DIR: dir, SHOUWEN_BACKUP_AT: '03:30', SHOUWEN_BACKUP_KEEP: '7' }) };
    expect(settings.at).toEqual({ h: 3, m: 30 });
    // 03:29 Shanghai (19:29 UTC the day before): not yet.
    expect(await scheduledBackup(ctx, settings, new Date('2026-12-05T19:29:00Z'))).toBeNull();
    const first = await scheduledBackup(ctx, settings, new Date('2026-12-05T19:31:00Z'));
    expect(path.basename(first!.file)).toBe('shouwen-20261206-033100.tar.gz');
    expect(first!.removed).toEqual(['shouwen-20200101-033000.tar.gz']);
    // Another process (or a restart) the same day: the day is taken.
    expect(await scheduledBackup(ctx, settings, new Date('2026-12-06T02:00:00Z'))).toBeNull();
    expect(fs.readdirSync(dir).sort()).toEqual(['keep-me.tar.gz', 'shouwen-20261206-033100.tar.gz']);
    expect(backupSettings(ctx.config, { SHOUWEN_BACKUP_AT: 'off' }).at).toBeNull();
    expect(() => backupSettings(ctx.config, { SHOUWEN_BACKUP_AT: '25:00' })).toThrow();
    expect(pruneBackups(dir, 7, new Date('2026-12-20T00:00:00Z'))).toEqual(['shouwen-20261206-033100.tar.gz']);
  }, 60_000);
});
