/**
 * Regression tests for issue 10, findings 7 and 8: inputs that used to answer 5xx, and the safe
 * defaults (listen address, proxy trust, security headers, log redaction, file names).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig, parseTrustProxy } from '../config';
import { createTestEnv, login, multipart, type Session, type TestEnv } from '../../test/helpers';

let env: TestEnv;
let admin: Session;
let agent: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
  agent = await login(env.app, 'agent_a');
});
afterAll(async () => env?.close());

const expectError = (res: { statusCode: number; body: string; json(): any }, status: number, code?: string) => {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  const e = res.json().error;
  expect(typeof e.code).toBe('string');
  if (code) expect(e.code).toBe(code);
  expect(e.message.length).toBeGreaterThan(0);
  expect(e.message).not.toBe(e.code);
  return e;
};

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

async function newOrder(): Promise<string> {
  const res = await agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: '厨房漏水', unitId: env.fx.unitA1, areaScope: 'unit' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe('inputs that used to answer 5xx', () => {
  it('a NUL byte (or another C0 control) in a URL is refused with 400 on every route', async () => {
    for (const url of ['/api/orders?q=a%00b', '/api/parties?q=%01', `/api/units/${env.fx.unitA1}%00`, '/api/orders?q=a%1Fb', '/api/nowhere?x=%00']) {
      expectError(await admin.inject('GET', url), 400, 'validation.control_chars');
    }
    // Tab and newline are ordinary (a pasted search term), and "%2500" is a literal "%00".
    expect((await admin.inject('GET', '/api/orders?q=a%09b%0Ac')).statusCode).toBe(200);
    expect((await admin.inject('GET', '/api/orders?q=%2500')).statusCode).toBe(200);
  });
  it('a NUL byte in a JSON body is refused with 400 on both databases', async () => {
    expectError(await admin.inject('POST', '/api/projects', { code: 'NUL1', name: 'a\u0000b', kind: 'residential' }), 400, 'validation.control_chars');
  });
  it('anonymous callers get 401 before the control-character check or any validation detail', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/orders?q=a%00b' });
    expectError(res, 401, 'auth.required');
    const bad = await env.app.inject({ method: 'POST', url: '/api/projects', payload: { code: '!!', kind: 'nope', timeZone: 'x' } });
    const e = expectError(bad, 401, 'auth.required');
    expect(e.details).toBeUndefined();
    expect(bad.body).not.toMatch(/timeZone|kind|validation/);
  });
  it('impossible calendar dates are refused with 400 by every date field', async () => {
    const plan = await admin.inject('POST', '/api/inspections/plans', { projectId: env.fx.projectA, name: '巡逻', kind: 'patrol', schedule: { type: 'daily', times: ['08:00'] } });
    expect(plan.statusCode, plan.body).toBe(201);
    for (const from of ['2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29']) {
      expectError(await admin.inject('GET', `/api/inspections/plans/${plan.json().id}/preview?from=${from}&to=2026-03-02`), 400, 'validation.failed');
    }
    expect((await admin.inject('GET', `/api/inspections/plans/${plan.json().id}/preview?from=2024-02-29&to=2024-03-02`)).statusCode).toBe(200);
    expectError(await admin.inject('POST', '/api/inspections/tasks/generate', { projectId: env.fx.projectA, from: '2026-02-30', to: '2026-03-01' }), 400);
    expectError(await agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: 'x', areaScope: 'public', dueDate: '2026-04-31' }), 400);
  });
  it('multipart without boundary, truncated, or with too many parts is refused with 4xx', async () => {
    const url = `/api/orders/${await newOrder()}/attachments`;
    const noBoundary = await env.app.inject({ method: 'POST', url, payload: 'abc', headers: { ...agent.headers, 'content-type': 'multipart/form-data' } });
    expectError(noBoundary, 400);
    const whole = multipart({ name: 'a.png', content: Buffer.concat([PNG, Buffer.alloc(4000, 1)]) });
    for (const cut of [10, 120, 300, whole.payload.length - 8]) {
      const truncated = await env.app.inject({ method: 'POST', url, payload: whole.payload.subarray(0, cut), headers: { ...agent.headers, ...whole.headers } });
      expectError(truncated, 400);
    }
    const fields: Record<string, string> = {};
    for (let i = 0; i < 200; i++) fields[`f${i}`] = 'x';
    const many = multipart({ name: 'a.png', content: PNG }, fields);
    const r = await env.app.inject({ method: 'POST', url, payload: many.payload, headers: { ...agent.headers, ...many.headers } });
    expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
    expect(r.statusCode, r.body).toBeLessThan(500);
  });
  it('time zones are checked against the IANA list, and an old bad one does not break task generation', async () => {
    expectError(await admin.inject('POST', '/api/projects', { code: 'TZX', name: '时区', kind: 'residential', timeZone: 'x' }), 400, 'validation.failed');
    expectError(await admin.inject('PATCH', `/api/projects/${env.fx.projectA}`, { timeZone: 'Mars/Olympus' }), 400);
    expect((await admin.inject('POST', '/api/projects', { code: 'TZU', name: '时区', kind: 'residential', timeZone: 'UTC' })).statusCode).toBe(201);
    expect((await admin.inject('PATCH', `/api/projects/${env.fx.projectB}`, { timeZone: 'Asia/Hong_Kong' })).statusCode).toBe(200);
    // A value saved before zones were validated:
    await env.ctx.store.db.updateTable('projects').set({ time_zone: 'x' }).where('id', '=', env.fx.projectA).execute();
    const gen = await admin.inject('POST', '/api/inspections/tasks/generate', { projectId: env.fx.projectA, from: '2026-03-01', to: '2026-03-02' });
    expect(gen.statusCode, gen.body).toBe(200);
    await env.ctx.store.db.updateTable('projects').set({ time_zone: 'Asia/Shanghai' }).where('id', '=', env.fx.projectA).execute();
    // Call queues take a zone too.
    expectError(await admin.inject('POST', '/api/wfm/queues', { name: '热线X', timeZone: 'x' }), 400);
  });
});

describe('safe defaults', () => {
  it('listens on loopback unless HOST is set; trusts no proxy unless told', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy('1')).toBe(true);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('10.0.0.1, 192.168.0.0/16')).toEqual(['10.0.0.1', '192.168.0.0/16']);
  });

  it('the session cookie is Secure behind a trusted https proxy, and only then', async () => {
    const loginVia = async (trustProxy: boolean | string[], headers: Record<string, string>) => {
      const app = await buildApp({ ...env.ctx, config: { ...env.ctx.config, trustProxy } }, { logger: false, serveWeb: false });
      try {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'test-password-1' }, headers, remoteAddress: '10.0.0.1' });
        expect(res.statusCode, res.body).toBe(200);
        return res.cookies.find((c) => c.name === 'sw_session')!;
      } finally {
        await app.close();
      }
    };
    expect((await loginVia(true, { 'x-forwarded-proto': 'https' })).secure).toBe(true);
    expect((await loginVia(['10.0.0.0/8'], { 'x-forwarded-proto': 'https' })).secure).toBe(true);
    // Not trusted: a client cannot talk its way into (or out of) anything with the header.
    expect((await loginVia(false, { 'x-forwarded-proto': 'https' })).secure).toBeFalsy();
    expect((await loginVia(['192.168.0.0/16'], { 'x-forwarded-proto': 'https' })).secure).toBeFalsy();
    expect((await loginVia(true, {})).secure).toBeFalsy();
  });

  it('security headers on API answers and on the HTML page', async () => {
    const api = await env.app.inject({ method: 'GET', url: '/api/health' });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['referrer-policy']).toBe('no-referrer');
    expect(api.headers['x-frame-options']).toBe('DENY');
    const app = await buildApp(env.ctx, { logger: false });
    try {
      const html = await app.inject({ method: 'GET', url: '/' });
      expect(html.statusCode).toBe(200);
      expect(html.headers['content-type']).toMatch(/text\/html/);
      const csp = String(html.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(html.headers['x-content-type-options']).toBe('nosniff');
      const docs = await app.inject({ method: 'GET', url: '/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-security-policy']).toBeDefined();
    } finally {
      await app.close();
    }
  });

  it('phone and ID numbers in request URLs and messages are masked in the log', async () => {
    env.logs.length = 0;
    await admin.inject('GET', '/api/lookup/phone?number=13812345678');
    await admin.inject('GET', '/api/parties?q=11010519491231002X');
    await admin.inject('GET', '/api/parties?q=%31%33%39%38%37%36%35%34%33%32%31');
    await admin.inject('GET', '/api/parties?q=138-1234-5678');
    await admin.inject('GET', '/api/nowhere/13912345678');
    const text = env.logs.join('\n');
    expect(text).toContain('/api/lookup/phone'); // the requests were logged …
    expect(text).toContain('138******78'); // … with the numbers masked
    for (const secret of ['13812345678', '11010519491231002X', '13987654321', '%31%33%39%38', '138-1234-5678', '13912345678', '1234-5678']) expect(text).not.toContain(secret);
  });

  it('file names lose bidi overrides and control characters, and are cut to length', async () => {
    const url = `/api/orders/${await newOrder()}/attachments`;
    const upload = async (name: string) => {
      const m = multipart({ name, content: PNG, type: 'image/png' });
      const res = await agent.inject('POST', url, m.payload, m.headers);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().filename as string;
    };
    expect(await upload('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(await upload('\u2066a\u200Fb\u2069.png')).toBe('ab.png');
    const long = await upload(`${'x'.repeat(300)}.png`);
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith('.png')).toBe(true);
    expect(await upload('照片.png')).toBe('照片.png');
  });
});
