/**
 * The CLI and the server share one database. On SQLite they are two processes on one file: a
 * writing transaction that started with a plain BEGIN and then tried to write after the server
 * committed failed at once with "database is locked". Every transaction now takes the write lock
 * up front (BEGIN IMMEDIATE) and waits/retries for it. Here a spawned `shouwen bill-run` and
 * `shouwen dunning` run while the in-process server takes a payment about every 100 ms: both
 * runs finish, every payment is stored, every bill is created once. On PostgreSQL the same test
 * runs against a schema of its own (row locks, no file lock) and must pass the same way.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/core/context';
import { Secrets } from '../src/core/secrets';
import { openStore } from '../src/db';
import { newId, nowIso } from '../src/db/ids';
import { createUser } from '../src/modules/auth/service';
import { login, PASSWORD, seedFixture, type Fixture, type Session } from './helpers';

const ROOT = path.resolve(__dirname, '..');
const UNITS = 400;
let dir: string;
let schema: string | undefined;
let ctx: AppContext;
let app: FastifyInstance;
let fx: Fixture;
let cliEnv: Record<string, string>;
const units: string[] = [];

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/shouwen.mjs'), ...args], { cwd: ROOT, env: cliEnv });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err, ms: Date.now() - t0 }));
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-conc-'));
  const url = process.env.DATABASE_URL;
  schema = url ? `t_${newId().slice(-12)}` : undefined;
  // The file name the CLI opens from SHOUWEN_DATA, so both processes share it.
  const store = await openStore({ databaseUrl: url, pgSchema: schema, sqliteFile: path.join(dir, 'shouwen.db') });
  ctx = { store, config: { ...loadConfig({}), dataDir: dir, attachmentsDir: path.join(dir, 'attachments'), databaseUrl: url }, secrets: new Secrets('test-secret') };
  app = await buildApp(ctx, { logger: false, serveWeb: false });
  await app.ready();
  fx = await seedFixture(ctx);
  cliEnv = { ...(process.env as Record<string, string>), SHOUWEN_DATA: dir, SHOUWEN_DEMO: '0', SHOUWEN_SECRET: 'test-secret', LOG_LEVEL: 'warn' };
  if (url) cliEnv.DATABASE_URL = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
  else delete cliEnv.DATABASE_URL;

  const db = ctx.store.db;
  const ts = nowIso();
  const rows = [];
  const liabilities = [];
  for (let i = 0; i < UNITS; i++) {
    const id = newId();
    units.push(id);
    rows.push({ id, org_id: fx.orgId, project_id: fx.projectA, building_id: fx.buildingA, number: `C-${i}`, floor: 1, area_centi_m2: 8000 + i, type: 'residence' as const, state: 'occupied' as const, created_at: ts, updated_at: ts });
    liabilities.push({ id: newId(), org_id: fx.orgId, project_id: fx.projectA, target_kind: 'unit' as const, target_id: id, account_id: id, party_id: fx.partyA1, role: 'owner', start_date: '2026-01-01', end_date: null, created_at: ts, updated_at: ts });
  }
  for (let i = 0; i < rows.length; i += 100) {
    await db.insertInto('units').values(rows.slice(i, i + 100)).execute();
    await db.insertInto('fee_liabilities').values(liabilities.slice(i, i + 100)).execute();
  }
  await createUser(db, { orgId: fx.orgId, username: 'mgr', displayName: '经理', role: 'manager', password: PASSWORD });
  const manager = await login(app, 'mgr');
  const r = await manager.inject('POST', '/api/billing/fee-items', { projectId: fx.projectA, code: 'WY', name: '物业服务费', kind: 'area', category: 'property', unitPrice: '250' });
  expect(r.statusCode, r.body).toBe(201);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await ctx?.store.close();
  if (schema && process.env.DATABASE_URL) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('CLI runs and the server write at the same time', () => {
  it('a bill run and the dunning step finish while payments arrive every ~100 ms; nothing is lost', async () => {
    await createUser(ctx.store.db, { orgId: fx.orgId, username: 'cashier', displayName: '收费员', role: 'collector', password: PASSWORD, projectIds: [fx.projectA] });
    const cashier: Session = await login(app, 'cashier');
    let stop = false;
    const results: { status: number; body: string }[] = [];
    const payer = (async () => {
      for (let i = 0; !stop; i++) {
        const res = await cashier.inject('POST', '/api/billing/payments', { accountId: units[i % UNITS], amountFen: 1000 + i, method: 'cash' });
        results.push({ status: res.statusCode, body: res.body });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // Let a few payments land first so the runs start against a file the server is writing.
    await new Promise((r) => setTimeout(r, 300));
    const [run, run2, dunning] = await Promise.all([
      cli(['bill-run', '--project', 'PA', '--period', '2026-03']),
      cli(['bill-run', '--project', 'PA', '--period', '2026-04']),
      cli(['dunning', '--project', 'PA', '--as-of', '2026-04-20']),
    ]);
    // A second run while payments continue: idempotent, creates nothing.
    const again = await cli(['bill-run', '--project', 'PA', '--period', '2026-03']);
    stop = true;
    await payer;

    expect(run.code, run.err + run.out).toBe(0);
    expect(run2.code, run2.err + run2.out).toBe(0);
    expect(dunning.code, dunning.err + dunning.out).toBe(0);
    expect(again.code, again.err + again.out).toBe(0);
    expect(run.out).toContain(`${UNITS} 条新账单`);
    expect(again.out).toContain(`0 条新账单`);
    expect(run2.out).toContain(`${UNITS} 条新账单`);
    expect(run.err + run2.err + dunning.err).not.toMatch(/locked|SQLITE_BUSY/i);

    // Every payment the server accepted while the runs wrote is stored, none refused.
    expect(results.length).toBeGreaterThan(5);
    const failed = results.filter((r) => r.status !== 201);
    expect(failed, JSON.stringify(failed.slice(0, 3))).toEqual([]);
    const stored = await ctx.store.db.selectFrom('payments').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount_fen').as('fen')]).where('project_id', '=', fx.projectA).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(results.length);
    expect(Number(stored.fen)).toBe(results.reduce((s, _r, i) => s + 1000 + i, 0));
    const bills = await ctx.store.db.selectFrom('bills').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', fx.projectA).where('account_month', 'in', ['2026-03', '2026-04']).executeTakeFirstOrThrow();
    expect(Number(bills.n)).toBe(2 * UNITS);
    console.log(`bill-run ${run.ms} ms, dunning ${dunning.ms} ms, second run ${again.ms} ms, ${results.length} payments`);
  }, 240_000);
});
