import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, ok, PASSWORD, type Session, type TestEnv } from '../../../test/helpers';
import { createUser } from '../auth/service';

let env: TestEnv;
let admin: Session;
let supA: Session;
let agentA: Session;
let agentB: Session;
let resA1: Session;
let resA2: Session;
let resB1: Session;

const hour = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const draft = (projectId: string | null, extra: Record<string, unknown> = {}) => ({ projectId, title: '停水通知', body: '周六 9:00—15:00 停水', category: 'outage', ...extra });

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.ctx.store.db;
  await createUser(db, { orgId: env.fx.orgId, username: 'sup_a', displayName: '陈主管', role: 'supervisor', password: PASSWORD, projectIds: [env.fx.projectA] });
  await createUser(db, { orgId: env.fx.orgId, username: 'resident_b1', displayName: '星河公司', role: 'resident', password: PASSWORD, partyId: env.fx.partyB1 });
  [admin, supA, agentA, agentB, resA1, resA2, resB1] = await Promise.all(['admin', 'sup_a', 'agent_a', 'agent_b', 'resident_a1', 'resident_a2', 'resident_b1'].map((u) => login(env.app, u)));
});
afterAll(async () => env?.close());

const feedIds = async (s: Session) => (await ok(await s.inject('GET', '/api/announcements/feed'))).items.map((i: any) => i.id);

describe('announcements', () => {
  it('a draft reaches nobody; once published only residents of its project see it', async () => {
    const { projectA } = env.fx;
    const a = await ok(await supA.inject('POST', '/api/announcements', draft(projectA, { pinned: true })), 201);
    expect(a).toMatchObject({ status: 'draft', pinned: true, projectId: projectA, readers: 0, householdsRead: 0, householdsTotal: 2, readPercent: 0 });
    expect(await feedIds(resA1)).not.toContain(a.id);
    expect((await resA1.inject('GET', `/api/announcements/feed/${a.id}`)).statusCode).toBe(404);

    const pub = await ok(await supA.inject('POST', `/api/announcements/${a.id}/publish`));
    expect(pub.status).toBe('published');
    expect(pub.publishedAt).toBeTruthy();
    expect((await supA.inject('POST', `/api/announcements/${a.id}/publish`)).statusCode).toBe(409);

    expect(await feedIds(resA1)).toContain(a.id);
    expect(await feedIds(resA2)).toContain(a.id);
    // The resident of project B never sees an announcement for A only — not in the feed, not by id, not as a receipt.
    expect(await feedIds(resB1)).not.toContain(a.id);
    expect((await resB1.inject('GET', `/api/announcements/feed/${a.id}`)).statusCode).toBe(404);
    expect((await resB1.inject('POST', `/api/announcements/feed/${a.id}/read`)).statusCode).toBe(404);
    // Nor do staff of project B.
    expect((await agentB.inject('GET', `/api/announcements/${a.id}`)).statusCode).toBe(403);
    expect((await ok(await agentB.inject('GET', '/api/announcements'))).items.map((i: any) => i.id)).not.toContain(a.id);
    expect((await ok(await agentA.inject('GET', '/api/announcements'))).items.map((i: any) => i.id)).toContain(a.id);

    const feed = await ok(await resA1.inject('GET', '/api/announcements/feed'));
    expect(feed.items[0]).toMatchObject({ id: a.id, pinned: true, readAt: null, category: 'outage' });
    expect(feed.unread).toBeGreaterThanOrEqual(1);
  });

  it('records a read once, keeps the first time, and counts households', async () => {
    const { projectA } = env.fx;
    const a = await ok(await admin.inject('POST', '/api/announcements', draft(projectA, { title: '消防演练' })), 201);
    await ok(await admin.inject('POST', `/api/announcements/${a.id}/publish`));
    const first = await ok(await resA1.inject('POST', `/api/announcements/feed/${a.id}/read`));
    expect(first.readAt).toBeTruthy();
    await new Promise((r) => setTimeout(r, 15));
    const again = await ok(await resA1.inject('POST', `/api/announcements/feed/${a.id}/read`));
    expect(again.readAt).toBe(first.readAt);
    // Staff opening the feed are not the audience: no receipt.
    expect((await ok(await admin.inject('POST', `/api/announcements/feed/${a.id}/read`))).readAt).toBeNull();

    const detail = await ok(await resA1.inject('GET', `/api/announcements/feed/${a.id}`));
    expect(detail).toMatchObject({ readAt: first.readAt, body: '周六 9:00—15:00 停水', format: 'text' });
    const feed = await ok(await resA2.inject('GET', '/api/announcements/feed'));
    expect(feed.items.find((i: any) => i.id === a.id).readAt).toBeNull();

    const stats = await ok(await supA.inject('GET', `/api/announcements/${a.id}`));
    expect(stats).toMatchObject({ readers: 1, householdsRead: 1, householdsTotal: 2, readPercent: 50 });
    const reads = await ok(await supA.inject('GET', `/api/announcements/${a.id}/reads`));
    expect(reads.total).toBe(1);
    expect(reads.items[0]).toMatchObject({ firstReadAt: first.readAt, units: ['1号楼 1-1201'] });
    // Who read is personal data: agents see the figures, not the names.
    expect((await agentA.inject('GET', `/api/announcements/${a.id}/reads`)).statusCode).toBe(403);
    const rows = await env.ctx.store.db.selectFrom('announcement_reads').selectAll().where('announcement_id', '=', a.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('respects the display window and the withdrawal', async () => {
    const { projectA } = env.fx;
    const later = await ok(await admin.inject('POST', '/api/announcements', draft(projectA, { title: '下周活动', publishFrom: iso(2 * hour) })), 201);
    await ok(await admin.inject('POST', `/api/announcements/${later.id}/publish`));
    expect((await ok(await admin.inject('GET', `/api/announcements/${later.id}`))).windowState).toBe('scheduled');
    expect(await feedIds(resA1)).not.toContain(later.id);

    const past = await ok(await admin.inject('POST', '/api/announcements', draft(projectA, { title: '旧通知', publishFrom: iso(-48 * hour), publishUntil: iso(-hour) })), 201);
    const refused = await admin.inject('POST', `/api/announcements/${past.id}/publish`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('announcements.expired');
    // Expired after publication: gone from the feed.
    await env.ctx.store.db.updateTable('announcements').set({ status: 'published' }).where('id', '=', past.id).execute();
    expect(await feedIds(resA1)).not.toContain(past.id);

    expect((await admin.inject('POST', '/api/announcements', draft(projectA, { publishFrom: iso(hour), publishUntil: iso(0) }))).statusCode).toBe(400);

    const live = await ok(await admin.inject('POST', '/api/announcements', draft(projectA, { title: '即将撤回', publishUntil: iso(24 * hour) })), 201);
    await ok(await admin.inject('POST', `/api/announcements/${live.id}/publish`));
    expect(await feedIds(resA1)).toContain(live.id);
    const w = await ok(await admin.inject('POST', `/api/announcements/${live.id}/withdraw`));
    expect(w.status).toBe('withdrawn');
    expect(await feedIds(resA1)).not.toContain(live.id);
    expect((await admin.inject('PATCH', `/api/announcements/${live.id}`, { version: w.version, title: 'x' })).statusCode).toBe(409);
    expect((await admin.inject('POST', `/api/announcements/${live.id}/withdraw`)).statusCode).toBe(409);
  });

  it('announces to every project only from an organisation-wide account', async () => {
    expect((await supA.inject('POST', '/api/announcements', draft(null))).statusCode).toBe(403);
    const all = await ok(await admin.inject('POST', '/api/announcements', draft(null, { title: '寒潮防冻', category: 'tip' })), 201);
    expect(all.householdsTotal).toBe(3);
    await ok(await admin.inject('POST', `/api/announcements/${all.id}/publish`));
    expect(await feedIds(resB1)).toContain(all.id);
    expect(await feedIds(resA1)).toContain(all.id);
    // A project supervisor sees it but cannot withdraw what speaks for every project.
    expect((await supA.inject('GET', `/api/announcements/${all.id}`)).statusCode).toBe(200);
    expect((await supA.inject('POST', `/api/announcements/${all.id}/withdraw`)).statusCode).toBe(403);
  });

  it('edits with the version read, and refuses those without the right', async () => {
    const { projectA, projectB } = env.fx;
    const a = await ok(await supA.inject('POST', '/api/announcements', draft(projectA)), 201);
    const e = await ok(await supA.inject('PATCH', `/api/announcements/${a.id}`, { version: a.version, title: '停水通知（更正）', format: 'markdown' }));
    expect(e).toMatchObject({ title: '停水通知（更正）', format: 'markdown', version: a.version + 1 });
    // Fields left out of an edit keep their stored values.
    const until = iso(48 * hour);
    const p1 = await ok(await supA.inject('PATCH', `/api/announcements/${a.id}`, { version: e.version, pinned: true, publishUntil: until }));
    const p2 = await ok(await supA.inject('PATCH', `/api/announcements/${a.id}`, { version: p1.version, body: '改为 10:00 开始' }));
    expect(p2).toMatchObject({ pinned: true, publishUntil: until, format: 'markdown', title: '停水通知（更正）', body: '改为 10:00 开始' });
    expect((await supA.inject('PATCH', `/api/announcements/${a.id}`, { version: a.version, title: '旧版本' })).statusCode).toBe(409);
    expect((await supA.inject('PATCH', `/api/announcements/${a.id}`, { version: p2.version, projectId: projectB })).statusCode).toBe(403);
    expect((await supA.inject('POST', '/api/announcements', draft(projectB))).statusCode).toBe(403);
    expect((await agentA.inject('POST', '/api/announcements', draft(projectA))).statusCode).toBe(403);
    expect((await agentA.inject('POST', `/api/announcements/${a.id}/publish`)).statusCode).toBe(403);
    expect((await resA1.inject('GET', '/api/announcements')).statusCode).toBe(403);
    expect((await resA1.inject('POST', '/api/announcements', draft(projectA))).statusCode).toBe(403);
    expect((await admin.inject('POST', '/api/announcements', { ...draft(projectA), category: 'gossip' })).statusCode).toBe(400);
    expect((await admin.inject('GET', '/api/announcements/nope')).statusCode).toBe(404);
  });

  it('tells residents how to pay', async () => {
    expect(await ok(await resA1.inject('GET', '/api/portal/payment-info'))).toEqual({ counter: null, bankTransfer: null });
    await ok(await admin.inject('PUT', '/api/portal/payment-info', { counter: '服务中心前台', bankTransfer: '户名：测试物业' }));
    expect(await ok(await resA1.inject('GET', '/api/portal/payment-info'))).toEqual({ counter: '服务中心前台', bankTransfer: '户名：测试物业' });
    expect((await resA1.inject('PUT', '/api/portal/payment-info', { counter: 'x', bankTransfer: null })).statusCode).toBe(403);
    expect((await supA.inject('PUT', '/api/portal/payment-info', { counter: 'x', bankTransfer: null })).statusCode).toBe(403);
  });
});
