/**
 * The authorisation matrix, generated from the routes themselves: every declared route × every
 * role (and anonymous), with the expected outcome computed from the route's declaration by the
 * same pure `gate()` the server uses — and a leak hunt: users scoped to project B and a second
 * resident call every GET route they may call, with project A's and the first resident's ids
 * substituted, and must find none of those records in any answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, type DeclaredRoute } from '../src/modules/auth/access';
import { renderAccessDoc } from '../src/modules/auth/accessDoc';
import { ROLES } from '../src/modules/auth/permissions';
import type { Role } from '../src/modules/auth/schema';
import { createUser } from '../src/modules/auth/service';
import { newId } from '../src/db/ids';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv, ok } from './helpers';

let env: TestEnv;
const sessions = new Map<string, Session>();
/** Records that only project A's users may see, and those only resident_a1 may see among residents. */
let projectAOnly: string[] = [];
let residentA1Only: string[] = [];
const ids: Record<string, string> = {};
const STAFF = ROLES.filter((r) => r !== 'resident') as Role[];
/** Admins are organisation-wide by definition; every other staff role can be held to one project. */
const SCOPED = STAFF.filter((r) => r !== 'admin');

beforeAll(async () => {
  env = await createTestEnv();
  const { fx } = env;
  const db = env.ctx.store.db;
  for (const role of STAFF) {
    await createUser(db, { orgId: fx.orgId, username: `all_${role}`, displayName: `all_${role}`, role, password: PASSWORD });
    if (role !== 'admin') await createUser(db, { orgId: fx.orgId, username: `b_${role}`, displayName: `b_${role}`, role, password: PASSWORD, projectIds: [fx.projectB] });
  }
  for (const u of [...STAFF.map((r) => `all_${r}`), ...SCOPED.map((r) => `b_${r}`), 'resident_a1', 'resident_a2']) sessions.set(u, await login(env.app, u));

  // Records in both projects: orders, contacts, parking with plates, fee items, liabilities, bills.
  const admin = sessions.get('all_admin')!;
  const agent = sessions.get('all_agent')!;
  const seed = async (project: string, unit: string, party: string, tag: string) => {
    const order = await ok(await agent.inject('POST', '/api/orders', { projectId: project, kind: 'repair', title: `${tag}漏水`, unitId: unit, partyId: party, areaScope: 'unit' }), 201);
    const contact = await ok(await agent.inject('POST', '/api/contacts', { projectId: project, channel: 'phone', category: 'enquiry', partyId: party, unitId: unit, summary: `${tag}咨询停车`, handledOnSpot: true }), 201);
    const space = await ok(await admin.inject('POST', '/api/parking-spaces', { projectId: project, code: `${tag}-001`, kind: 'owned', state: 'occupied', unitId: unit, partyId: party, plate: tag === 'A' ? '沪A12345' : '粤B67890' }), 201);
    const fee = await ok(await admin.inject('POST', '/api/billing/fee-items', { projectId: project, code: 'WY', name: '物业服务费', kind: 'area', category: 'property', unitPrice: '280' }), 201);
    await ok(await admin.inject('POST', '/api/billing/liabilities', { targetId: unit, partyId: party, startDate: '2026-01-01' }), 201);
    await ok(await admin.inject('POST', '/api/billing/runs', { projectId: project, period: '2026-10' }), 201);
    const bills = (await ok(await admin.inject('GET', `/api/billing/bills?projectId=${project}&pageSize=50`))).items as Array<{ id: string }>;
    return { order: order.id as string, contact: contact.id as string, space: space.id as string, fee: fee.id as string, bills: bills.map((b) => b.id) };
  };
  const a = await seed(fx.projectA, fx.unitA1, fx.partyA1, 'A');
  await seed(fx.projectB, fx.unitB1, fx.partyB1, 'B');
  // A quality evaluation of project A's contact (its agent, score and audit must not show to project B users).
  const qa = sessions.get('all_qa')!;
  const card = await ok(await qa.inject('POST', '/api/quality/scorecards', { key: 'matrix', name: '矩阵', definition: { passThreshold: 80, criticalCap: 60, sections: [{ key: 's', label: 's', items: [{ key: 'i', label: 'i', weight: 1, scale: 'yes_no' }] }] } }), 201);
  const evaluation = await ok(await qa.inject('POST', '/api/quality/evaluations', { subjectKind: 'contact', subjectId: a.contact, scorecardId: card.id, answers: { i: { value: 0, evidenceQuote: '未报工号' } } }), 201);
  // resident_a1's own order, made through the resident surface.
  const mine = await ok(await sessions.get('resident_a1')!.inject('POST', '/api/orders', { projectId: fx.projectA, kind: 'repair', title: '卫生间漏水', unitId: fx.unitA1 }), 201);
  Object.assign(ids, { project: fx.projectA, building: fx.buildingA, unit: fx.unitA1, party: fx.partyA1, order: mine.id, contact: a.contact, space: a.space, fee: a.fee, bill: a.bills[0] });
  projectAOnly = [fx.projectA, fx.buildingA, fx.unitA1, fx.unitA2, fx.partyA1, fx.partyA2, a.order, mine.id, a.contact, a.space, a.fee, ...a.bills, evaluation.id, '沪A12345', '13812345678', '62345678'];
  residentA1Only = [fx.unitA1, fx.partyA1, mine.id, a.order, a.contact, a.space, ...a.bills, '沪A12345', '13812345678', '张伟'];
}, 300_000);
afterAll(async () => env?.close());

/** Path parameters filled from the records above by the collection they name. */
const BY_COLLECTION: Record<string, string> = {
  projects: 'project', buildings: 'building', units: 'unit', parties: 'party', orders: 'order', contacts: 'contact',
  'parking-spaces': 'space', 'fee-items': 'fee', bills: 'bill', accounts: 'unit',
};
function fill(url: string): string {
  const parts = url.split('/');
  return parts
    .map((seg, i) => {
      if (!seg.startsWith(':')) return seg;
      const name = seg.slice(1);
      if (name === 'projectId') return ids.project;
      if (name === 'unitId') return ids.unit;
      if (name === 'token') return 'x'.repeat(32);
      if (name === 'action') return 'accept';
      if (name === 'code') return 'answer_rate';
      const key = BY_COLLECTION[parts[i - 1]];
      return key && ids[key] ? ids[key] : newId();
    })
    .join('/')
    .replace(/\*$/, 'x');
}

const routes = (): DeclaredRoute[] => env.app.routeAccess;

describe('authorisation matrix', () => {
  it('covers every route of the OpenAPI document, and docs/ACCESS.md is the current table', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const declared = new Set(routes().map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.length).toBeGreaterThan(150);
    expect(documented.filter((d) => !declared.has(d))).toEqual([]);

    const file = path.resolve(__dirname, '../docs/ACCESS.md');
    const rendered = renderAccessDoc(routes());
    if (process.env.UPDATE_ACCESS_DOC === '1') fs.writeFileSync(file, rendered);
    expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', 'docs/ACCESS.md is stale: UPDATE_ACCESS_DOC=1 npx vitest run test/access-matrix.api.test.ts').toBe(rendered);
  });

  it('every role gets exactly what the declarations say, on every route', async () => {
    const wrong: string[] = [];
    const identities: Array<{ name: string; role: Role | null }> = [{ name: 'anonymous', role: null }, ...STAFF.map((r) => ({ name: `all_${r}`, role: r })), { name: 'resident_a1', role: 'resident' as Role }];
    for (const r of routes()) {
      const url = fill(r.url);
      for (const who of identities) {
        const expected = gate(who.role ? { role: who.role, via: 'session' } : null, r.access);
        const headers = who.role ? sessions.get(who.name)!.headers : {};
        // Writes carry a body no route parses: passing the gate shows as 415 before any handler runs,
        // so the matrix changes nothing. Reads run for real.
        const res =
          r.method === 'GET'
            ? await env.app.inject({ method: 'GET', url, headers })
            : await env.app.inject({ method: r.method as 'POST', url, headers: { ...headers, 'content-type': 'application/x-matrix-probe' }, payload: 'probe' });
        const got = res.statusCode;
        const code = got >= 400 ? res.json()?.error?.code : undefined;
        const line = `${who.name} ${r.method} ${r.url} → ${got} ${code ?? ''}`;
        if (got >= 500) wrong.push(`${line} (server error)`);
        else if (!expected.allowed) {
          if (got !== expected.status) wrong.push(`${line} (expected ${expected.status})`);
        } else if (r.method !== 'GET') {
          if (got !== 415) wrong.push(`${line} (expected to pass the gate)`);
        } else if (got === 401 || (got === 403 && code === 'auth.forbidden')) {
          // The handler refused a role the declaration lets in: the declaration does not tell the truth.
          wrong.push(`${line} (declared allowed)`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('users scoped to project B find nothing of project A in any answer', async () => {
    const leaks: string[] = [];
    for (const role of SCOPED) {
      const s = sessions.get(`b_${role}`)!;
      for (const r of routes()) {
        if (r.method !== 'GET' || !gate({ role, via: 'session' }, r.access).allowed || r.access.scope === 'none') continue;
        const base = fill(r.url);
        for (const url of [base, `${base}${base.includes('?') ? '&' : '?'}projectId=${ids.project}`]) {
          const res = await s.inject('GET', url);
          if (res.statusCode >= 500) leaks.push(`b_${role} GET ${url} → ${res.statusCode}`);
          if (res.statusCode >= 300) continue;
          const found = projectAOnly.filter((x) => res.body.includes(x));
          if (found.length) leaks.push(`b_${role} GET ${url} shows ${found.join(', ')}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  }, 300_000);

  it("a resident finds nothing of another resident's in any answer", async () => {
    const s = sessions.get('resident_a2')!;
    const leaks: string[] = [];
    for (const r of routes()) {
      if (r.method !== 'GET' || !gate({ role: 'resident', via: 'session' }, r.access).allowed) continue;
      const base = fill(r.url);
      for (const url of [base, `${base}${base.includes('?') ? '&' : '?'}projectId=${ids.project}&unitId=${ids.unit}`]) {
        const res = await s.inject('GET', url);
        if (res.statusCode >= 500) leaks.push(`GET ${url} → ${res.statusCode}`);
        if (res.statusCode >= 300) continue;
        const found = residentA1Only.filter((x) => res.body.includes(x));
        if (found.length) leaks.push(`GET ${url} shows ${found.join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
  }, 120_000);
});
