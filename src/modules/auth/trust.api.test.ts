/**
 * Issue 10, findings 1, 5 and 6: grants no wider than the grantor's, lock-out that an attacker
 * elsewhere cannot turn against the real user, sessions and API tokens that can be listed,
 * revoked, expire, and carry no more than their creator's rights.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv } from '../../../test/helpers';
import { THROTTLE } from './service';
import { grantRefusal } from './grants';

let env: TestEnv;
let admin: Session;
const NEW_PASSWORD = 'another-password-2';

/** Sign in from a given source address (light-my-request's remoteAddress is what req.ip reads). */
async function loginFrom(app: FastifyInstance, username: string, password: string, address: string) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: address });
}
function sessionOf(app: FastifyInstance, res: Awaited<ReturnType<typeof loginFrom>>): Session {
  const cookie = res.cookies.find((c) => c.name === 'sw_session')!;
  const headers = { cookie: `sw_session=${cookie.value}`, 'x-csrf-token': res.json().user.csrfToken };
  return { headers, inject: (method, url, body, extra = {}) => app.inject({ method: method as any, url, payload: body as any, headers: { ...headers, ...extra } }) };
}
const bearer = (app: FastifyInstance, token: string, method: string, url: string, body?: unknown) =>
  app.inject({ method: method as any, url, payload: body as any, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
  const { projectA } = env.fx;
  // A manager limited to project A, and an organisation-wide manager, both made through the API.
  expect((await admin.inject('POST', '/api/users', { username: 'mgr_a', displayName: '华庭经理', role: 'manager', password: PASSWORD, projectIds: [projectA] })).statusCode).toBe(201);
  expect((await admin.inject('POST', '/api/users', { username: 'mgr_all', displayName: '公司经理', role: 'manager', password: PASSWORD })).statusCode).toBe(201);
}, 60_000);
afterAll(async () => env?.close());

describe('grants', () => {
  const body = (username: string, role: string, projectIds?: string[]) => ({ username, displayName: username, role, password: PASSWORD, ...(projectIds ? { projectIds } : {}) });

  it('refuses a project-scoped manager any grant beyond their role or projects', async () => {
    const m = await login(env.app, 'mgr_a');
    const { projectA, projectB } = env.fx;
    const toAdmin = await m.inject('POST', '/api/users', body('evil_admin', 'admin'));
    expect(toAdmin.statusCode).toBe(403);
    expect(toAdmin.json().error.code).toBe('user.grant_role');
    const otherProject = await m.inject('POST', '/api/users', body('evil_mgr_b', 'manager', [projectB]));
    expect(otherProject.statusCode).toBe(403);
    expect(otherProject.json().error.code).toBe('user.grant_scope');
    const both = await m.inject('POST', '/api/users', body('evil_mgr_ab', 'manager', [projectA, projectB]));
    expect(both.statusCode).toBe(403);
    // No projects = organisation-wide: beyond a project-scoped manager.
    const orgWide = await m.inject('POST', '/api/users', body('evil_agent_all', 'agent'));
    expect(orgWide.statusCode).toBe(403);
    expect(orgWide.json().error.code).toBe('user.grant_scope');
    expect((await m.inject('POST', '/api/users', body('agent_a2', 'agent', [projectA]))).statusCode).toBe(201);
    expect((await m.inject('POST', '/api/users', body('mgr_a2', 'manager', [projectA]))).statusCode).toBe(201);
    // None of the refused accounts exists.
    const names = (await admin.inject('GET', '/api/users')).json().items.map((u: any) => u.username);
    for (const n of ['evil_admin', 'evil_mgr_b', 'evil_mgr_ab', 'evil_agent_all']) expect(names).not.toContain(n);
  });

  it('refuses an organisation-wide manager an admin; an admin may make one', async () => {
    const m = await login(env.app, 'mgr_all');
    const r = await m.inject('POST', '/api/users', body('evil_admin2', 'admin'));
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('user.grant_role');
    expect((await m.inject('POST', '/api/users', body('mgr_b', 'manager', [env.fx.projectB]))).statusCode).toBe(201);
    expect((await admin.inject('POST', '/api/users', body('admin2', 'admin'))).statusCode).toBe(201);
  });

  it('refuses raising a role or scope through PATCH, and changing one\'s own grant', async () => {
    const m = await login(env.app, 'mgr_a');
    const { users, projectA, projectB } = env.fx;
    expect((await m.inject('PATCH', `/api/users/${users.agent_a}`, { role: 'admin' })).statusCode).toBe(403);
    expect((await m.inject('PATCH', `/api/users/${users.agent_a}`, { projectIds: [projectA, projectB] })).statusCode).toBe(403);
    expect((await m.inject('PATCH', `/api/users/${users.agent_a}`, { projectIds: [] })).statusCode).toBe(403);
    // An account already beyond the manager (project B; an admin) cannot be touched at all.
    expect((await m.inject('PATCH', `/api/users/${users.agent_b}`, { displayName: '改名' })).statusCode).toBe(403);
    expect((await m.inject('PATCH', `/api/users/${users.admin}`, { active: false })).statusCode).toBe(403);
    expect((await m.inject('POST', `/api/users/${users.admin}/reset-password`, { password: NEW_PASSWORD })).statusCode).toBe(403);
    const me = (await m.inject('GET', '/api/auth/me')).json().user.id;
    const self = await m.inject('PATCH', `/api/users/${me}`, { projectIds: [projectA, projectB] });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('user.self_grant');
    expect((await admin.inject('PATCH', `/api/users/${users.admin}`, { role: 'manager' })).json().error.code).toBe('user.self_grant');
    // Within the manager's reach: allowed.
    expect((await m.inject('PATCH', `/api/users/${users.agent_a}`, { role: 'supervisor', displayName: '升任主管' })).statusCode).toBe(200);
    const row = (await admin.inject('GET', '/api/users')).json().items.find((u: any) => u.id === users.agent_a);
    expect(row).toMatchObject({ role: 'supervisor', displayName: '升任主管', projectIds: [projectA] });
    expect((await m.inject('PATCH', `/api/users/${users.agent_a}`, { role: 'agent' })).statusCode).toBe(200);
  });

  it('the grant rule as a pure function', () => {
    const mgrA = { role: 'manager' as const, projectIds: ['A'] };
    expect(grantRefusal(mgrA, { role: 'admin', projectIds: [] })).toBe('user.grant_role');
    expect(grantRefusal(mgrA, { role: 'agent', projectIds: ['B'] })).toBe('user.grant_scope');
    expect(grantRefusal(mgrA, { role: 'agent', projectIds: [] })).toBe('user.grant_scope');
    expect(grantRefusal(mgrA, { role: 'manager', projectIds: ['A'] })).toBeNull();
    expect(grantRefusal({ role: 'manager', projectIds: 'all' }, { role: 'admin', projectIds: [] })).toBe('user.grant_role');
    expect(grantRefusal({ role: 'admin', projectIds: 'all' }, { role: 'admin', projectIds: [] })).toBeNull();
    expect(grantRefusal({ role: 'supervisor', projectIds: 'all' }, { role: 'agent', projectIds: [] })).toBe('auth.forbidden');
  });

  it('lists users within the caller\'s projects only', async () => {
    const m = await login(env.app, 'mgr_a');
    const items = (await m.inject('GET', '/api/users')).json().items as Array<{ username: string; projectIds: string[] }>;
    const names = items.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['agent_a', 'tech', 'dispatcher', 'supervisor']));
    expect(names).not.toContain('agent_b');
    expect(names).not.toContain('mgr_b');
    // The dispatcher serves A and B: a manager of A is shown only A.
    expect(items.find((u) => u.username === 'dispatcher')!.projectIds).toEqual([env.fx.projectA]);
    const all = (await admin.inject('GET', '/api/users')).json().items.map((u: any) => u.username);
    expect(all).toEqual(expect.arrayContaining(['agent_b', 'mgr_b']));
  });

  it('audits every grant change, visible to admins (all) and managers (their projects)', async () => {
    const list = (await admin.inject('GET', '/api/users/audit')).json().items as any[];
    const created = list.filter((r) => r.action === 'create').map((r) => r.after.username);
    expect(created).toEqual(expect.arrayContaining(['mgr_a', 'mgr_all', 'agent_a2', 'mgr_b', 'admin2']));
    const promoted = list.find((r) => r.action === 'update' && r.targetUserId === env.fx.users.agent_a && r.after.role === 'supervisor');
    expect(promoted).toMatchObject({ before: { role: 'agent' }, after: { role: 'supervisor' }, actorName: '华庭经理' });
    const m = await login(env.app, 'mgr_a');
    const scoped = (await m.inject('GET', '/api/users/audit')).json().items as any[];
    expect(scoped.map((r) => r.after?.username)).toContain('agent_a2');
    expect(scoped.map((r) => r.after?.username)).not.toContain('mgr_b');
    expect(scoped.map((r) => r.after?.username)).not.toContain('admin2');
    const agent = await login(env.app, 'agent_a');
    expect((await agent.inject('GET', '/api/users/audit')).statusCode).toBe(403);
  });
});

describe('lock-out', () => {
  it('locks the (username, address) pair, not the user: the right password from elsewhere still signs in', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await loginFrom(env.app, 'admin', 'wrong', '203.0.113.7')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429, 429]);
    const sameAddress = await loginFrom(env.app, 'admin', PASSWORD, '203.0.113.7');
    expect(sameAddress.statusCode).toBe(429);
    expect(sameAddress.json().error.code).toBe('auth.locked');
    const elsewhere = await loginFrom(env.app, 'admin', PASSWORD, '198.51.100.20');
    expect(elsewhere.statusCode).toBe(200);
    const events = await env.ctx.store.db.selectFrom('login_events').selectAll().where('username', '=', 'admin').execute();
    const outcomes = events.map((e) => `${e.address} ${e.outcome}`);
    expect(outcomes.filter((o) => o === '203.0.113.7 failure')).toHaveLength(5);
    expect(outcomes).toContain('203.0.113.7 locked');
    expect(outcomes).toContain('198.51.100.20 success');
    // The attempted password is stored nowhere.
    expect(JSON.stringify(events)).not.toContain('wrong');
  });

  it('a parallel burst from one address gets no more guesses than a serial one', async () => {
    const res = await Promise.all(Array.from({ length: 20 }, () => loginFrom(env.app, 'agent_b', 'wrong', '203.0.113.99')));
    expect(res.filter((r) => r.statusCode === 401).length).toBeLessThanOrEqual(4);
    const tried = await env.ctx.store.db.selectFrom('login_events').select('id').where('username', '=', 'agent_b').where('address', '=', '203.0.113.99').where('outcome', '=', 'failure').execute();
    expect(tried.length).toBeLessThanOrEqual(5);
    expect((await loginFrom(env.app, 'agent_b', PASSWORD, '203.0.113.100')).statusCode).toBe(200);
  });

  it('many addresses failing on one name only slow it; a clean address still signs in', async () => {
    const saved = { ...THROTTLE };
    THROTTLE.slowDelayMs = 5;
    try {
      for (let i = 0; i < THROTTLE.globalThreshold; i++) {
        expect((await loginFrom(env.app, 'supervisor', 'wrong', `10.9.${Math.floor(i / 200)}.${i % 200}`)).statusCode).toBe(401);
      }
      // An address that just failed waits a short back-off, even with the right password…
      const again = await loginFrom(env.app, 'supervisor', PASSWORD, '10.9.0.0');
      expect(again.statusCode).toBe(429);
      // …one that has not failed is let in.
      expect((await loginFrom(env.app, 'supervisor', PASSWORD, '192.0.2.55')).statusCode).toBe(200);
    } finally {
      Object.assign(THROTTLE, saved);
    }
  }, 60_000);
});

describe('sessions', () => {
  it('change password needs the old one and ends the other sessions', async () => {
    const s1 = sessionOf(env.app, await loginFrom(env.app, 'tech', PASSWORD, '192.0.2.1'));
    const s2 = sessionOf(env.app, await loginFrom(env.app, 'tech', PASSWORD, '192.0.2.2'));
    const wrong = await s1.inject('POST', '/api/auth/password', { oldPassword: 'not-it', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('auth.wrong_password');
    const short = await s1.inject('POST', '/api/auth/password', { oldPassword: PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect((await s1.inject('POST', '/api/auth/password', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await s1.inject('GET', '/api/orders')).statusCode).toBe(200);
    expect((await s2.inject('GET', '/api/orders')).statusCode).toBe(401);
    expect((await loginFrom(env.app, 'tech', PASSWORD, '192.0.2.3')).statusCode).toBe(401);
    expect((await loginFrom(env.app, 'tech', NEW_PASSWORD, '192.0.2.3')).statusCode).toBe(200);
  });

  it('lists one\'s own sessions with the current one marked, and revokes another', async () => {
    const a = sessionOf(env.app, await loginFrom(env.app, 'dispatcher', PASSWORD, '192.0.2.10'));
    const b = await loginFrom(env.app, 'dispatcher', PASSWORD, '192.0.2.11');
    const other = sessionOf(env.app, b);
    const items = (await a.inject('GET', '/api/auth/sessions')).json().items as any[];
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items.find((s) => s.current).address).toBe('192.0.2.10');
    const target = items.find((s) => !s.current);
    expect(target.address).toBe('192.0.2.11');
    // The session reference is not the cookie nor its stored hash.
    expect(b.cookies.find((c) => c.name === 'sw_session')!.value).not.toContain(target.id);
    // Someone else's session reference is not found.
    const stranger = await login(env.app, 'agent_b');
    expect((await stranger.inject('DELETE', `/api/auth/sessions/${target.id}`)).statusCode).toBe(404);
    expect((await other.inject('GET', '/api/orders')).statusCode).toBe(200);
    expect((await a.inject('DELETE', `/api/auth/sessions/${target.id}`)).statusCode).toBe(200);
    expect((await other.inject('GET', '/api/orders')).statusCode).toBe(401);
    expect((await a.inject('GET', '/api/auth/sessions')).json().items).toHaveLength(1);
  });

  it('deactivation stops the account\'s sessions and tokens at once; reset-password revokes them', async () => {
    const s = await login(env.app, 'agent_a2');
    const token = (await s.inject('POST', '/api/auth/tokens', { name: 'crm' })).json().token as string;
    expect((await s.inject('GET', '/api/orders')).statusCode).toBe(200);
    expect((await bearer(env.app, token, 'GET', '/api/orders')).statusCode).toBe(200);
    const id = (await s.inject('GET', '/api/auth/me')).json().user.id;
    expect((await admin.inject('PATCH', `/api/users/${id}`, { active: false })).statusCode).toBe(200);
    expect((await s.inject('GET', '/api/orders')).statusCode).toBe(401);
    expect((await bearer(env.app, token, 'GET', '/api/orders')).statusCode).toBe(401);
    expect((await admin.inject('PATCH', `/api/users/${id}`, { active: true })).statusCode).toBe(200);
    // Reactivating does not bring the old credentials back.
    expect((await bearer(env.app, token, 'GET', '/api/orders')).statusCode).toBe(401);

    const m = await login(env.app, 'mgr_a');
    const s2 = await login(env.app, 'agent_a2');
    const t2 = (await s2.inject('POST', '/api/auth/tokens', { name: 'crm2' })).json().token as string;
    expect((await m.inject('POST', `/api/users/${id}/reset-password`, { password: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await s2.inject('GET', '/api/orders')).statusCode).toBe(401);
    expect((await bearer(env.app, t2, 'GET', '/api/orders')).statusCode).toBe(401);
    expect((await loginFrom(env.app, 'agent_a2', NEW_PASSWORD, '192.0.2.30')).statusCode).toBe(200);
    const audit = (await admin.inject('GET', `/api/users/audit?targetUserId=${id}`)).json().items.map((r: any) => r.action);
    expect(audit).toEqual(expect.arrayContaining(['create', 'update', 'reset_password']));
  });
});

describe('API tokens', () => {
  it('have a name and an expiry (90 days by default, 365 at most), are listed and revoked', async () => {
    const s = await login(env.app, 'agent_b');
    const made = await s.inject('POST', '/api/auth/tokens', { name: '工单同步' });
    expect(made.statusCode).toBe(201);
    const { id, token, expiresAt } = made.json();
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    expect((await s.inject('POST', '/api/auth/tokens', { name: 'x', expiresInDays: 366 })).statusCode).toBe(400);
    expect((await s.inject('POST', '/api/auth/tokens', { name: 'x', expiresInDays: 0 })).statusCode).toBe(400);
    const list = (await s.inject('GET', '/api/auth/tokens')).json().items as any[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, name: '工单同步', status: 'active', permissions: null });
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await bearer(env.app, token, 'GET', '/api/orders')).statusCode).toBe(200);
    // Logout leaves tokens alone.
    await s.inject('POST', '/api/auth/logout');
    expect((await bearer(env.app, token, 'GET', '/api/orders')).statusCode).toBe(200);
    const s2 = await login(env.app, 'agent_b');
    // Someone else cannot revoke it.
    expect((await (await login(env.app, 'dispatcher')).inject('DELETE', `/api/auth/tokens/${id}`)).statusCode).toBe(404);
    expect((await s2.inject('DELETE', `/api/auth/tokens/${id}`)).statusCode).toBe(200);
    expect((await bearer(env.app, token, 'GET', '/api/orders')).statusCode).toBe(401);
    expect((await s2.inject('GET', '/api/auth/tokens')).json().items[0].status).toBe('revoked');
  });

  it('expire', async () => {
    const s = await login(env.app, 'dispatcher');
    const { id, token } = (await s.inject('POST', '/api/auth/tokens', { name: 'old', expiresInDays: 1 })).json();
    await env.ctx.store.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
    const res = await bearer(env.app, token, 'GET', '/api/orders');
    expect(res.statusCode).toBe(401);
    expect((await s.inject('GET', '/api/auth/tokens')).json().items.find((t: any) => t.id === id).status).toBe('expired');
  });

  it('may be narrower than their creator, never wider', async () => {
    const s = await login(env.app, 'dispatcher');
    const wide = await s.inject('POST', '/api/auth/tokens', { name: 'wide', permissions: ['orders.read', 'users.manage'] });
    expect(wide.statusCode).toBe(403);
    expect(wide.json().error.code).toBe('token.scope_too_wide');
    const { token } = (await s.inject('POST', '/api/auth/tokens', { name: 'read-only', permissions: ['registry.read'] })).json();
    expect((await bearer(env.app, token, 'GET', '/api/projects')).statusCode).toBe(200);
    const orders = await bearer(env.app, token, 'GET', '/api/orders');
    expect(orders.statusCode).toBe(403);
  });

  it('residents cannot mint them, and a token cannot mint or manage tokens or credentials', async () => {
    const r = await login(env.app, 'resident_a1');
    expect((await r.inject('POST', '/api/auth/tokens', { name: 'mine' })).statusCode).toBe(403);
    expect((await r.inject('GET', '/api/auth/tokens')).statusCode).toBe(403);
    const s = await login(env.app, 'admin');
    const { token } = (await s.inject('POST', '/api/auth/tokens', { name: 'ci' })).json();
    const again = await bearer(env.app, token, 'POST', '/api/auth/tokens', { name: 'child' });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('auth.session_required');
    expect((await bearer(env.app, token, 'GET', '/api/auth/tokens')).statusCode).toBe(403);
    expect((await bearer(env.app, token, 'POST', '/api/auth/password', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(403);
    expect((await bearer(env.app, token, 'POST', '/api/users', { username: 'via_token', displayName: 'x', role: 'admin', password: PASSWORD })).statusCode).toBe(403);
  });
});
