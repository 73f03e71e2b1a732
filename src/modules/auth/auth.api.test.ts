import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('login and sessions', () => {
  it('sets an HttpOnly SameSite session cookie and returns a CSRF token', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/sw_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(res.json().user.csrfToken).toMatch(/.{20,}/);
    expect(res.json().user.role).toBe('admin');
  });

  it('rejects a wrong password with a localised message', async () => {
    const zh = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent_b', password: 'nope' } });
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error).toEqual({ code: 'auth.bad_credentials', message: '用户名或密码错误' });
    const en = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent_b', password: 'nope' }, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().error.message).toBe('Wrong username or password');
    const tw = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent_b', password: 'nope' }, headers: { 'accept-language': 'zh-TW' } });
    expect(tw.json().error.message).toBe('使用者名稱或密碼錯誤');
  });

  it('locks an account out after repeated failures, even with the right password', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push((await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'wrong' } })).statusCode);
    }
    expect(codes.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(codes[4]).toBe(429);
    const right = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: PASSWORD } });
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('auth.locked');
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const s = await login(env.app, 'admin');
    const noToken = await env.app.inject({ method: 'POST', url: '/api/projects', headers: { cookie: s.headers.cookie }, payload: { code: 'X1', name: '新项目', kind: 'residential' } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('auth.csrf');
    const ok = await s.inject('POST', '/api/projects', { code: 'X1', name: '新项目', kind: 'residential' });
    expect(ok.statusCode).toBe(201);
  });

  it('accepts API tokens without CSRF and rejects unknown tokens', async () => {
    const s = await login(env.app, 'admin');
    const tok = (await s.inject('POST', '/api/auth/tokens', { name: 'integration' })).json().token as string;
    const ok = await env.app.inject({ method: 'GET', url: '/api/projects', headers: { authorization: `Bearer ${tok}` } });
    expect(ok.statusCode).toBe(200);
    const bad = await env.app.inject({ method: 'GET', url: '/api/projects', headers: { authorization: 'Bearer sw_nope' } });
    expect(bad.statusCode).toBe(401);
  });

  it('logout ends the session', async () => {
    const s = await login(env.app, 'agent_a');
    expect((await s.inject('GET', '/api/auth/me')).statusCode).toBe(200);
    await s.inject('POST', '/api/auth/logout');
    const after = await s.inject('GET', '/api/auth/me');
    expect(after.statusCode).toBe(200);
    expect(after.json().user).toBeNull();
    expect((await s.inject('GET', '/api/units')).statusCode).toBe(401);
  });
});

describe('data scope', () => {
  it('a resident cannot read another resident\'s unit or party', async () => {
    const r = await login(env.app, 'resident_a1');
    const { unitA1, unitA2, partyA1, partyA2, unitB1 } = env.fx;
    expect((await r.inject('GET', `/api/units/${unitA1}`)).statusCode).toBe(200);
    expect((await r.inject('GET', `/api/parties/${partyA1}`)).statusCode).toBe(200);
    for (const url of [`/api/units/${unitA2}`, `/api/parties/${partyA2}`, `/api/units/${unitB1}`]) {
      const res = await r.inject('GET', url);
      expect([403, 404]).toContain(res.statusCode);
      expect(res.json().error.message).toBeTruthy();
    }
    const list = (await r.inject('GET', '/api/units')).json();
    expect(list.items.map((u: any) => u.id)).toEqual([unitA1]);
    const parties = (await r.inject('GET', '/api/parties')).json();
    expect(parties.items.map((p: any) => p.id)).toEqual([partyA1]);
  });

  it('a resident cannot change the registry', async () => {
    const r = await login(env.app, 'resident_a1');
    const res = await r.inject('PATCH', `/api/units/${env.fx.unitA1}`, { state: 'vacant' });
    expect(res.statusCode).toBe(403);
  });

  it('a staff user outside a project cannot see it', async () => {
    const b = await login(env.app, 'agent_b');
    const { projectA, projectB, unitA1, partyA1 } = env.fx;
    expect((await b.inject('GET', `/api/projects/${projectA}`)).statusCode).toBe(403);
    expect((await b.inject('GET', `/api/projects/${projectB}`)).statusCode).toBe(200);
    expect((await b.inject('GET', `/api/units/${unitA1}`)).statusCode).toBe(403);
    expect((await b.inject('GET', `/api/parties/${partyA1}`)).statusCode).toBe(403);
    const projects = (await b.inject('GET', '/api/projects')).json();
    expect(projects.items.map((p: any) => p.id)).toEqual([projectB]);
    const units = (await b.inject('GET', `/api/units?projectId=${projectA}`)).json();
    expect(units.total).toBe(0);
    const lookup = (await b.inject('GET', '/api/lookup/phone?number=13812345678')).json();
    expect(lookup.parties).toEqual([]);
  });

  it('unauthenticated requests get 401', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/units' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.required');
  });
});
