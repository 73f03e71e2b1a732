import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { expect } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/core/context';
import { Secrets } from '../src/core/secrets';
import { openStore } from '../src/db';
import { newId, nowIso } from '../src/db/ids';
import { createUser } from '../src/modules/auth/service';
import { insertParty, linkPartyUnit } from '../src/modules/registry/queries';
import type { Role } from '../src/modules/auth/schema';

export const PASSWORD = 'test-password-1';
export const dialectUnderTest = process.env.DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestEnv {
  app: FastifyInstance;
  ctx: AppContext;
  logs: string[];
  fx: Fixture;
  close(): Promise<void>;
}

/** A fresh database (temp SQLite file, or a schema of its own on PostgreSQL) with migrations applied. */
export async function openTestContext(): Promise<{ ctx: AppContext; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-test-'));
  const url = process.env.DATABASE_URL;
  const schema = url ? `t_${newId().slice(-12)}` : undefined;
  const store = await openStore({ databaseUrl: url, pgSchema: schema, sqliteFile: path.join(dir, 'test.db') });
  const config = { ...loadConfig({}), dataDir: dir, attachmentsDir: path.join(dir, 'attachments'), databaseUrl: url };
  const ctx: AppContext = { store, config, secrets: new Secrets('test-secret') };
  return {
    ctx,
    cleanup: async () => {
      await store.close();
      if (url && schema) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createTestEnv(): Promise<TestEnv> {
  const { ctx, cleanup } = await openTestContext();
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const app = await buildApp(ctx, { logger: { level: 'debug', stream }, serveWeb: false });
  await app.ready();
  const fx = await seedFixture(ctx);
  return {
    app,
    ctx,
    logs,
    fx,
    close: async () => {
      await app.close();
      await cleanup();
    },
  };
}

export interface Fixture {
  orgId: string;
  projectA: string;
  projectB: string;
  buildingA: string;
  buildingB: string;
  unitA1: string;
  unitA2: string;
  unitB1: string;
  partyA1: string;
  partyA2: string;
  partyB1: string;
  users: Record<string, string>;
}

/**
 * Two projects; two residents in project A (different units); staff: admin, an agent scoped to
 * project A, an agent scoped to project B, a technician and a dispatcher.
 */
export async function seedFixture(ctx: AppContext): Promise<Fixture> {
  const db = ctx.store.db;
  const ts = nowIso();
  const orgId = newId();
  await db.insertInto('organisations').values({ id: orgId, name: '测试物业', code: `t${orgId.slice(-6)}`, created_at: ts, updated_at: ts }).execute();
  const projectA = newId();
  const projectB = newId();
  await db
    .insertInto('projects')
    .values([
      { id: projectA, org_id: orgId, code: 'PA', name: '阳光花园', kind: 'residential', address: null, time_zone: 'Asia/Shanghai', created_at: ts, updated_at: ts },
      { id: projectB, org_id: orgId, code: 'PB', name: '星河大厦', kind: 'office', address: null, time_zone: 'Asia/Shanghai', created_at: ts, updated_at: ts },
    ])
    .execute();
  const buildingA = newId();
  const buildingB = newId();
  await db
    .insertInto('buildings')
    .values([
      { id: buildingA, org_id: orgId, project_id: projectA, phase_id: null, name: '1号楼', floors: 18, created_at: ts, updated_at: ts },
      { id: buildingB, org_id: orgId, project_id: projectB, phase_id: null, name: 'A座', floors: 30, created_at: ts, updated_at: ts },
    ])
    .execute();
  const unit = (id: string, project: string, building: string, number: string) => ({
    id, org_id: orgId, project_id: project, building_id: building, number, floor: 12, area_centi_m2: 8935, type: 'residence' as const, state: 'occupied' as const, created_at: ts, updated_at: ts,
  });
  const unitA1 = newId();
  const unitA2 = newId();
  const unitB1 = newId();
  await db.insertInto('units').values([unit(unitA1, projectA, buildingA, '1-1201'), unit(unitA2, projectA, buildingA, '1-1202'), unit(unitB1, projectB, buildingB, 'A-1501')]).execute();
  const partyA1 = await insertParty(db, ctx.secrets, orgId, { kind: 'person', name: '张伟', phones: ['13812345678'], idNumber: '11010519491231002X' });
  const partyA2 = await insertParty(db, ctx.secrets, orgId, { kind: 'person', name: '李娜', phones: ['021-62345678 转 801'] });
  const partyB1 = await insertParty(db, ctx.secrets, orgId, { kind: 'company', name: '星河科技有限公司', phones: ['0755-86001234'] });
  await linkPartyUnit(db, orgId, partyA1, unitA1, 'owner', '2020-05-01');
  await linkPartyUnit(db, orgId, partyA2, unitA2, 'owner', '2021-03-15');
  await linkPartyUnit(db, orgId, partyB1, unitB1, 'company', null);

  const users: Record<string, string> = {};
  const add = async (username: string, role: Role, extra: { projectIds?: string[]; partyId?: string; skills?: string[]; onDuty?: boolean } = {}) => {
    users[username] = await createUser(db, { orgId, username, displayName: username, role, password: PASSWORD, ...extra });
  };
  await add('admin', 'admin');
  await add('agent_a', 'agent', { projectIds: [projectA] });
  await add('agent_b', 'agent', { projectIds: [projectB] });
  await add('dispatcher', 'dispatcher', { projectIds: [projectA, projectB] });
  await add('tech', 'technician', { projectIds: [projectA], skills: ['水电'], onDuty: true });
  await add('supervisor', 'supervisor');
  await add('resident_a1', 'resident', { partyId: partyA1 });
  await add('resident_a2', 'resident', { partyId: partyA2 });
  return { orgId, projectA, projectB, buildingA, buildingB, unitA1, unitA2, unitB1, partyA1, partyA2, partyB1, users };
}

export interface Session {
  headers: Record<string, string>;
  inject(method: string, url: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Sign in through the API and return headers that carry the session cookie and CSRF token. */
export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'sw_session')!;
  const headers = { cookie: `sw_session=${cookie.value}`, 'x-csrf-token': res.json().user.csrfToken };
  return {
    headers,
    inject: (method, url, body, extraHeaders = {}) =>
      app.inject({ method: method as any, url, payload: body as any, headers: { ...headers, ...extraHeaders } }),
  };
}

/** A multipart/form-data body with one file and text fields, for app.inject. */
export function multipart(file: { name: string; content: Buffer; type?: string }, fields: Record<string, string> = {}) {
  const boundary = `----shouwen${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Assert an API answer's status (showing its body when it differs) and return its JSON. */
export async function ok(res: { statusCode: number; body: string; json(): any }, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return status === 204 ? null : res.json();
}
