import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newId } from '../../db/ids';
import { createTestEnv, login, multipart, type Session, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
let admin: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
});
afterAll(async () => env?.close());

const ROUTES: Array<[string, string]> = [
  ['POST', '/api/projects'],
  ['PATCH', '/api/projects/:id'],
  ['POST', '/api/projects/:id/phases'],
  ['GET', '/api/buildings'],
  ['POST', '/api/buildings'],
  ['PATCH', '/api/buildings/:id'],
  ['GET', '/api/units'],
  ['POST', '/api/units'],
  ['PATCH', '/api/units/:id'],
  ['GET', '/api/units/:id'],
  ['GET', '/api/parties'],
  ['POST', '/api/parties'],
  ['PATCH', '/api/parties/:id'],
  ['POST', '/api/parties/:id/units'],
  ['PATCH', '/api/party-units/:id'],
  ['GET', '/api/lookup/phone'],
  ['POST', '/api/parking-spaces'],
  ['DELETE', '/api/units/:id'],
  ['POST', '/api/registry/import'],
];

/** Values of the wrong type or out of range for the registry's fields. */
const badScalar = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', '-1', '12.345', '1e9', 'NaN', '9'.repeat(40), '<script>', "'; drop table units; --", '２０２４-０１-０１', '\u0000'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);
const fields = ['code', 'name', 'kind', 'projectId', 'phaseId', 'buildingId', 'number', 'floor', 'areaM2', 'type', 'state', 'phones', 'idNumber', 'units', 'unitId', 'role', 'moveInDate', 'moveOutDate', 'plate', 'seq', 'floors'];
const badBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...fields), badScalar, { maxKeys: 6 }),
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 50 }),
);
const badQuery = fc.dictionary(fc.constantFrom('page', 'pageSize', 'projectId', 'state', 'type', 'q', 'number', 'kind'), fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('-1', '0', '999999999', 'abc', '1.5')), { maxKeys: 4 });
const badId = fc.oneof(fc.string({ minLength: 1, maxLength: 60 }).map(encodeURIComponent), fc.constantFrom('0', 'x'.repeat(41), '%00', '..%2F..'));

describe('malformed requests against the registry', () => {
  it('≥ 1,000 generated requests all get 4xx with a localised message, never 5xx', async () => {
    let fourXX = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        badBody,
        badQuery,
        badId,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'),
        async ([method, route], body, query, id, contentType) => {
          const url = route.replace(':id', id) + (Object.keys(query).length ? '?' + new URLSearchParams(query as Record<string, string>).toString() : '');
          const payload = method === 'GET' || method === 'DELETE' ? undefined : typeof body === 'string' ? body : JSON.stringify(body ?? null);
          const res = await env.app.inject({ method: method as any, url, payload, headers: { ...admin.headers, ...(payload !== undefined && { 'content-type': contentType }) } });
          expect(res.statusCode, `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            fourXX++;
            const e = res.json().error;
            expect(typeof e.code).toBe('string');
            expect(e.message.length).toBeGreaterThan(0);
            expect(e.message).not.toMatch(/^[a-z_.]+$/); // a message, not a bare code
          }
        },
      ),
      { numRuns: 1200, seed: 4242 },
    );
    expect(fourXX).toBeGreaterThanOrEqual(1000);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// Every route: hostile query strings, path parameters, JSON and multipart bodies, as an admin (who
// passes every gate, so the input reaches validation and handlers) and once anonymously.

interface Operation {
  method: string;
  url: string;
  query: Array<{ name: string; schema: any }>;
  body: Record<string, any>;
}

const MB = 'x'.repeat(1 << 20);
/** Query values: NUL bytes, 1 MB, impossible dates, numbers as text, junk. Arrays are sent as repeated keys. */
const QUERY_VALUES: Array<(name: string) => string | string[]> = [
  () => 'a\u0000b',
  () => MB,
  () => '2026-02-30',
  () => '2026-13-01',
  () => '-1e309',
  () => ['1', '2'],
  (n) => (n === 'page' || n === 'pageSize' ? '0' : '%E0%A4%A'),
  () => '\u202Eevil\u2066',
];
/** JSON field values by the same recipes, plus wrong types (arrays where scalars are expected, objects). */
const BODY_VALUES: Array<(schema: any) => unknown> = [
  () => 'a\u0000b',
  () => MB,
  () => '2026-02-30',
  (sch) => (sch?.type === 'integer' || sch?.type === 'number' ? '12' : '2026-13-01'),
  () => ['a', 'b'],
  () => ({ $gt: '' }),
  () => -1e308,
  (sch) => (sch?.type === 'array' ? 'x' : sch?.type === 'boolean' ? 'true' : sch?.type === 'string' ? 123 : null),
];

function operations(doc: any): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  for (const [p, byMethod] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [m, op] of Object.entries(byMethod)) {
      const url = p.replace(/\{(\w+)\}/g, ':$1');
      const schema = op.requestBody?.content?.['application/json']?.schema;
      ops.set(`${m.toUpperCase()} ${url}`, {
        method: m.toUpperCase(),
        url,
        query: (op.parameters ?? []).filter((x: any) => x.in === 'query').map((x: any) => ({ name: x.name, schema: x.schema })),
        body: schema?.properties ?? {},
      });
    }
  }
  return ops;
}

/** Records the handlers can find, by the URL collection that names them (filled by `seedRecords`). */
const byCollection: Record<string, string> = {};

/** A few real records, so that hostile input reaches the code behind the 404 of an unknown id. */
async function seedRecords(): Promise<void> {
  const { fx } = env;
  const agent = await login(env.app, 'agent_a');
  const resident = await login(env.app, 'resident_a1');
  const created = async (s: Session, url: string, body: unknown) => {
    const res = await s.inject('POST', url, body);
    expect(res.statusCode, `${url} ${res.body}`).toBe(201);
    return res.json().id as string;
  };
  Object.assign(byCollection, { projects: fx.projectA, buildings: fx.buildingA, units: fx.unitA1, parties: fx.partyA1, 'billing/accounts': fx.unitA1, users: fx.users.tech });
  byCollection.orders = await created(agent, '/api/orders', { projectId: fx.projectA, kind: 'repair', title: '厨房漏水', unitId: fx.unitA1, areaScope: 'unit' });
  byCollection['inspections/checklists'] = await created(admin, '/api/inspections/checklists', { projectId: fx.projectA, name: '楼层巡查', items: [{ code: 'exit', label: '疏散通道畅通', type: 'check' }] });
  byCollection['inspections/plans'] = await created(admin, '/api/inspections/plans', { projectId: fx.projectA, name: '巡逻', kind: 'patrol', schedule: { type: 'daily', times: ['08:00'] } });
  byCollection['wfm/queues'] = await created(admin, '/api/wfm/queues', { name: '客服热线', timeZone: 'Asia/Shanghai' });
  byCollection['billing/fee-items'] = await created(admin, '/api/billing/fee-items', { projectId: fx.projectA, code: 'WY', name: '物业服务费', kind: 'area', category: 'property', unitPrice: '2.8' });
  byCollection.renovations = await created(resident, '/api/renovations', { projectId: fx.projectA, unitId: fx.unitA1, applicantName: '张伟', applicantPhone: '13812345678', workers: 2, scope: '厨房改造', plannedStart: '2030-01-01', plannedEnd: '2030-02-01' });
}

/** Path parameters: a real record where one exists (so handlers run), else a plausible unknown id. */
function fillPath(url: string, junk?: string): string {
  const { fx } = env;
  const parts = url.split('/');
  return parts
    .map((seg, i) => {
      if (!seg.startsWith(':')) return seg;
      if (junk !== undefined) return junk;
      const name = seg.slice(1);
      if (name === 'projectId') return fx.projectA;
      if (name === 'token') return 'x'.repeat(32);
      if (name === 'action') return 'accept';
      if (name === 'code') return 'satisfaction';
      if (name === 'kind') return 'shifts';
      return byCollection[parts.slice(2, i).join('/')] ?? newId();
    })
    .join('/');
}

function queryString(q: Array<{ name: string }>, make: (name: string) => string | string[]): string {
  const names = q.length ? q.map((x) => x.name) : ['q', 'from', 'page'];
  const sp = new URLSearchParams();
  for (const n of names) {
    const v = make(n);
    for (const one of [v].flat()) sp.append(n, one);
  }
  return sp.toString();
}

describe('every route under hostile input', () => {
  it('never answers 5xx, and every error has a code and a localised message', async () => {
    await seedRecords();
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ops = operations(doc);
    const statuses = new Map<number, number>();
    const routes = env.app.routeAccess;
    expect(routes.length).toBeGreaterThan(150);
    let session = admin;
    const problems: string[] = [];
    const slow: string[] = [];
    let sent = 0;

    const check = async (label: string, req: { method: string; url: string; payload?: string | Buffer; headers?: Record<string, string> }, anonymous = false) => {
      const started = Date.now();
      const res = await env.app.inject({ method: req.method as any, url: req.url, payload: req.payload, headers: { ...(anonymous ? {} : session.headers), ...req.headers } });
      sent++;
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const ms = Date.now() - started;
      if (ms > 2000) slow.push(`${label} ${ms} ms`);
      const where = `${label} → ${res.statusCode} ${res.body.slice(0, 160)}`;
      if (res.statusCode >= 500) return void problems.push(`${where} (server error)`);
      if (res.statusCode < 400) return;
      let e: any;
      try {
        e = res.json().error;
      } catch {
        return void problems.push(`${where} (not JSON)`);
      }
      if (typeof e?.code !== 'string' || typeof e?.message !== 'string' || !e.message.trim() || e.message === e.code) problems.push(`${where} (no code or message)`);
      if (anonymous && res.statusCode === 401 && e?.details !== undefined) problems.push(`${where} (validation details before 401)`);
    };

    for (const r of routes) {
      const op = ops.get(`${r.method} ${r.url}`) ?? { method: r.method, url: r.url, query: [], body: {} };
      const url = fillPath(r.url);
      const label = `${r.method} ${r.url}`;
      const hasBody = r.method !== 'GET' && r.method !== 'DELETE';

      // Anonymous, with hostile input: 401 (or the public answer), never a validation detail.
      await check(`anon ${label}`, { method: r.method, url: `${url}?${queryString(op.query, QUERY_VALUES[0])}`, ...(hasBody && { payload: JSON.stringify({ x: '2026-02-30' }), headers: { 'content-type': 'application/json' } }) }, true);

      // Query strings.
      for (const make of QUERY_VALUES) await check(`${label} ?${make('q').toString().slice(0, 12)}`, { method: r.method, url: `${url}?${queryString(op.query, make)}` });
      // Junk path parameters.
      if (r.url.includes(':')) {
        for (const junk of ['x'.repeat(200), '..%2F..%2Fetc', '%E0%A4%A', "1' OR '1'='1", '2026-02-30']) await check(`${label} path ${junk.slice(0, 10)}`, { method: r.method, url: fillPath(r.url, junk) });
      }
      if (!hasBody && r.method !== 'DELETE') continue;
      // JSON bodies: every declared field set to one hostile value at a time, and non-object bodies.
      const fields = Object.entries(op.body);
      for (const make of BODY_VALUES) {
        const body = Object.fromEntries((fields.length ? fields : [['name', {}], ['projectId', {}]]).map(([k, sch]) => [k, make(sch)]));
        await check(`${label} body`, { method: r.method, url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      }
      for (const raw of ['[]', '"x"', 'null', '{"a":', '{"__proto__":{"x":1}}']) await check(`${label} raw ${raw}`, { method: r.method, url, payload: raw, headers: { 'content-type': 'application/json' } });
      // Multipart: no boundary, cut short, and a file name with controls.
      await check(`${label} multipart no boundary`, { method: r.method, url, payload: 'abc', headers: { 'content-type': 'multipart/form-data' } });
      const mp = multipart({ name: 'a\u202E\u0000.csv', content: Buffer.from('房号,姓名\n1-1201,张三\n'.repeat(50)) }, { dryRun: '1', projectId: env.fx.projectA });
      await check(`${label} multipart truncated`, { method: r.method, url, payload: mp.payload.subarray(0, mp.payload.length - 40), headers: mp.headers });

      // A route may end or change the admin's own session (sign-out, password): sign in again.
      if (!(await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers })).json().user) session = await login(env.app, 'admin');
    }
    if (process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, [...problems, JSON.stringify([...statuses].sort())].join('\n'));
    expect(problems.slice(0, 40), `${problems.length} problems in ${sent} requests`).toEqual([]);
    expect(slow, 'requests slower than 2 s').toEqual([]);
    expect(sent).toBeGreaterThan(3000);
  }, 240_000);
});
