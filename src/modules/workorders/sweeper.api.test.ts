import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../core/context';
import { Secrets } from '../../core/secrets';
import { openStore } from '../../db';
import { newId } from '../../db/ids';
import { loadConfig } from '../../config';
import { dialectUnderTest, seedFixture, type Fixture } from '../../../test/helpers';
import { loadActor } from '../auth/service';
import { createWorkOrder } from './service';

const ROOT = path.resolve(__dirname, '../../..');
let ctx: AppContext;
let fx: Fixture;
let dir: string;
let childEnv: Record<string, string>;
let schema: string | undefined;
const children: ChildProcess[] = [];
const received: Array<{ key: string; topic: string }> = [];
let hook: http.Server;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-sweep-'));
  const url = process.env.DATABASE_URL;
  schema = url ? `t_${newId().slice(-12)}` : undefined;
  const store = await openStore({ databaseUrl: url, pgSchema: schema, sqliteFile: path.join(dir, 'shouwen.db') });
  ctx = { store, config: { ...loadConfig({}), dataDir: dir }, secrets: new Secrets('sweep-secret') };
  fx = await seedFixture(ctx);
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ key: String(req.headers['idempotency-key']), topic: JSON.parse(body).topic });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  const port = (hook.address() as any).port;
  childEnv = {
    ...(process.env as Record<string, string>),
    SHOUWEN_DATA: dir,
    SHOUWEN_DEMO: '0',
    SHOUWEN_SECRET: 'sweep-secret',
    SHOUWEN_SLA_SWEEP_MS: '100',
    SHOUWEN_OUTBOX_MS: '100',
    SHOUWEN_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
  };
  if (url) childEnv.DATABASE_URL = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
  else delete childEnv.DATABASE_URL;
}, 120_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  hook?.close();
  await ctx?.store.close();
  if (process.env.DATABASE_URL && schema) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function startServer(): Promise<void> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/shouwen.mjs'), 'serve'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('已启动')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

async function count(sql: string, params: unknown[]): Promise<number> {
  if (ctx.store.sqlite) return Number((ctx.store.sqlite.prepare(sql.replace(/\$\d/g, '?')).get(...params) as any).n);
  const r = await ctx.store.pool!.query(sql, params);
  return Number(r.rows[0].n);
}

describe(`SLA escalation with two server processes on ${dialectUnderTest}`, () => {
  it('escalates a breached order exactly once and delivers each notification once', async () => {
    const agent = (await loadActor(ctx.store.db, fx.users.agent_a, 'session'))!;
    // An urgent repair logged two hours ago and never dispatched: every 24×7 target has breached.
    const { id } = await ctx.store.db.transaction().execute((trx) =>
      createWorkOrder(ctx, trx, agent, { projectId: fx.projectA, kind: 'repair', priority: 'urgent', title: '电梯困人', areaScope: 'public', acknowledge: false, at: new Date(Date.now() - 2 * 3600_000) }),
    );
    await Promise.all([startServer(), startServer()]);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await count(`select count(*) as n from sla_firings where order_id = $1 and kind = 'breach'`, [id])) < 3) {
      await new Promise((r) => setTimeout(r, 200));
    }
    // Let both processes sweep and deliver many more times.
    await new Promise((r) => setTimeout(r, 2_000));
    const breaches = await count(`select count(*) as n from sla_firings where order_id = $1 and kind = 'breach'`, [id]);
    expect(breaches).toBe(3); // response, dispatch and on-site have no stop yet; resolution (240 min) has not breached
    const escalations = await count(`select count(*) as n from sla_firings where order_id = $1 and kind like 'escalate:%'`, [id]);
    expect(escalations).toBe(1); // on-site's supervisor step
    const outbox = await count(`select count(*) as n from outbox where topic = 'order.breached'`, []);
    expect(outbox).toBe(3);
    const delivered = received.filter((r) => r.topic === 'order.breached' || r.topic === 'order.escalated');
    expect(delivered).toHaveLength(4);
    expect(new Set(received.map((r) => r.key)).size).toBe(received.length);
    const pending = await count(`select count(*) as n from outbox where status <> 'sent'`, []);
    expect(pending).toBe(0);
  }, 120_000);
});
