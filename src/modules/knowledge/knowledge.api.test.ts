import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';
import { newId, nowIso } from '../../db/ids';
import { createUser } from '../auth/service';

let env: TestEnv;
let agentA: Session;
let agentB: Session;
let sup: Session;
let qa: Session;
let admin: Session;
let resident: Session;
let tech: Session;

const article = (over: Record<string, unknown> = {}) => ({ title: '标题', body: '正文', type: 'answer', categories: ['enquiry'], tags: [], ...over });

/** Create as `author`, submit, approve as `approver`; returns the article id. */
async function publish(author: Session, approver: Session, body: Record<string, unknown>): Promise<string> {
  const c = await ok(await author.inject('POST', '/api/knowledge/articles', { ...body, submit: true }), 201);
  await ok(await approver.inject('POST', `/api/knowledge/revisions/${c.revision.id}/approve`, {}));
  return c.article.id;
}

const search = async (s: Session, q: string, extra = '') => (await ok(await s.inject('GET', `/api/knowledge/search?q=${encodeURIComponent(q)}${extra}`))).items as any[];

beforeAll(async () => {
  env = await createTestEnv();
  await createUser(env.ctx.store.db, { orgId: env.fx.orgId, username: 'qa', displayName: '质检', role: 'qa', password: PASSWORD });
  [agentA, agentB, sup, qa, admin, resident, tech] = await Promise.all(['agent_a', 'agent_b', 'supervisor', 'qa', 'admin', 'resident_a1', 'tech'].map((u) => login(env.app, u)));
});
afterAll(async () => env?.close());

describe('revisions and approval', () => {
  it('draft → submitted → approved publishes; drafts are seen only by their author and approvers', async () => {
    const c = await ok(await agentA.inject('POST', '/api/knowledge/articles', article({ title: '垃圾分类投放时间', body: '每天 7:00 – 9:00 投放。', changeNote: '初稿' })), 201);
    expect(c.article).toMatchObject({ published: false, live: false, ownerId: env.fx.users.agent_a });
    expect(c.revision).toMatchObject({ seq: 1, state: 'draft', changeNote: '初稿' });
    // Not searchable, not readable by another agent or a resident; readable by its author and an approver.
    expect(await search(agentA, '垃圾分类')).toEqual([]);
    expect((await agentB.inject('GET', `/api/knowledge/articles/${c.article.id}`)).statusCode).toBe(404);
    expect((await resident.inject('GET', `/api/knowledge/articles/${c.article.id}`)).statusCode).toBe(403);
    expect((await resident.inject('GET', `/api/knowledge/faq/${c.article.id}`)).statusCode).toBe(404);
    await ok(await agentA.inject('GET', `/api/knowledge/articles/${c.article.id}`));
    const supView = await ok(await sup.inject('GET', `/api/knowledge/articles/${c.article.id}`));
    expect(supView.revisions).toHaveLength(1);

    // Only the author submits; an agent cannot approve (no knowledge.approve); approve needs submitted.
    expect((await sup.inject('POST', `/api/knowledge/revisions/${c.revision.id}/submit`)).statusCode).toBe(403);
    expect((await sup.inject('POST', `/api/knowledge/revisions/${c.revision.id}/approve`, {})).statusCode).toBe(409);
    await ok(await agentA.inject('POST', `/api/knowledge/revisions/${c.revision.id}/submit`));
    expect((await agentA.inject('POST', `/api/knowledge/revisions/${c.revision.id}/approve`, {})).statusCode).toBe(403);
    const pending = await ok(await sup.inject('GET', '/api/knowledge/articles?view=pending'));
    expect(pending.items.map((x: any) => x.revision.id)).toContain(c.revision.id);
    const approved = await ok(await sup.inject('POST', `/api/knowledge/revisions/${c.revision.id}/approve`, { note: '通过' }));
    expect(approved).toMatchObject({ state: 'approved', decidedBy: env.fx.users.supervisor });
    expect((await sup.inject('POST', `/api/knowledge/revisions/${c.revision.id}/approve`, {})).statusCode).toBe(409);

    const hits = await search(agentB, '垃圾分类');
    expect(hits.map((h) => h.id)).toEqual([c.article.id]);
    expect(hits[0].titleHighlighted).toContain('<mark>垃圾分类</mark>');

    // An edit is a new revision; the published text stays until it is approved.
    const e = await ok(await agentA.inject('PUT', `/api/knowledge/articles/${c.article.id}`, article({ title: '垃圾分类投放时间（新）', body: '每天 7:00 – 9:00、18:00 – 20:00 投放。', changeNote: '加晚间时段', submit: true })), 201);
    expect(e.revision).toMatchObject({ seq: 2, state: 'submitted' });
    expect((await ok(await agentB.inject('GET', `/api/knowledge/articles/${c.article.id}`))).article.title).toBe('垃圾分类投放时间');
    // Another agent does not see the pending revision in the history; the approver does.
    expect((await ok(await agentB.inject('GET', `/api/knowledge/articles/${c.article.id}`))).revisions.map((r: any) => r.seq)).toEqual([1]);
    expect((await agentB.inject('GET', `/api/knowledge/articles/${c.article.id}/revisions/${e.revision.id}`)).statusCode).toBe(404);
    const diff = await ok(await sup.inject('GET', `/api/knowledge/articles/${c.article.id}/diff?from=${c.revision.id}&to=${e.revision.id}`));
    expect(diff.title.new).toContainEqual({ op: 'add', text: '（新）' });
    expect(diff.body[0].lines.map((l: any) => l.op)).toEqual(['del', 'add']);
    const added = diff.body[0].lines[1].parts.filter((p: any) => p.op === 'add').map((p: any) => p.text).join('');
    expect(added).toContain('18:00');
    expect(diff.body[0].lines[1].parts.filter((p: any) => p.op === 'equal').map((p: any) => p.text).join('')).toContain('每天 7:00 – 9:00');
    await ok(await qa.inject('POST', `/api/knowledge/revisions/${e.revision.id}/approve`, {}));
    expect((await ok(await agentB.inject('GET', `/api/knowledge/articles/${c.article.id}`))).article.title).toBe('垃圾分类投放时间（新）');
  });

  it('approvers cannot publish their own revision, except an administrator; rejecting needs a note', async () => {
    const c = await ok(await sup.inject('POST', '/api/knowledge/articles', article({ title: '主管自写', submit: true })), 201);
    const r = await sup.inject('POST', `/api/knowledge/revisions/${c.revision.id}/approve`, {});
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('knowledge.own_revision');
    expect((await qa.inject('POST', `/api/knowledge/revisions/${c.revision.id}/reject`, {})).statusCode).toBe(400);
    expect((await ok(await qa.inject('POST', `/api/knowledge/revisions/${c.revision.id}/reject`, { note: '内容不全' }))).state).toBe('rejected');
    const own = await ok(await admin.inject('POST', '/api/knowledge/articles', article({ title: '管理员自写', submit: true })), 201);
    expect((await ok(await admin.inject('POST', `/api/knowledge/revisions/${own.revision.id}/approve`, {}))).state).toBe('approved');
    // Technicians read but do not write.
    expect((await tech.inject('POST', '/api/knowledge/articles', article())).statusCode).toBe(403);
  });

  it('rollback copies a revision: an approver publishes it at once, an agent submits it', async () => {
    const id = await publish(agentA, sup, article({ title: '会所开放时间', body: '健身房 6:30 – 22:00。' }));
    const v2 = await ok(await agentA.inject('PUT', `/api/knowledge/articles/${id}`, article({ title: '会所开放时间', body: '健身房 7:00 – 21:00。', submit: true })), 201);
    await ok(await sup.inject('POST', `/api/knowledge/revisions/${v2.revision.id}/approve`, {}));
    const detail = await ok(await sup.inject('GET', `/api/knowledge/articles/${id}`));
    const v1 = detail.revisions.find((r: any) => r.seq === 1);
    const byAgent = await ok(await agentA.inject('POST', `/api/knowledge/articles/${id}/rollback`, { revisionId: v1.id }), 201);
    expect(byAgent).toMatchObject({ seq: 3, state: 'submitted', copiedFromId: v1.id });
    expect((await ok(await agentA.inject('GET', `/api/knowledge/articles/${id}`))).article.body).toContain('7:00');
    const bySup = await ok(await sup.inject('POST', `/api/knowledge/articles/${id}/rollback`, { revisionId: v1.id, changeNote: '恢复原时间' }), 201);
    expect(bySup).toMatchObject({ seq: 4, state: 'approved', copiedFromId: v1.id });
    const after = await ok(await agentB.inject('GET', `/api/knowledge/articles/${id}`));
    expect(after.article).toMatchObject({ body: '健身房 6:30 – 22:00。', publishedRevisionId: bySup.id });
    expect((await search(agentB, '健身房 6:30')).map((h) => h.id)).toContain(id);
  });
});

describe('visibility', () => {
  let general: string;
  let variantA: string;
  let variantB: string;
  let internal: string;

  beforeAll(async () => {
    const { projectA, projectB } = env.fx;
    general = await publish(sup, qa, article({ title: '物业费收费标准', body: '按建筑面积计收，单价见公示。', visibility: 'residents', type: 'faq', tags: ['物业费'] }));
    variantA = await publish(sup, qa, article({ title: '阳光花园物业费收费标准', body: '住宅 2.80 元/㎡·月。', visibility: 'residents', type: 'faq', projectIds: [projectA], variantOf: general, tags: ['物业费'] }));
    variantB = await publish(sup, qa, article({ title: '星河大厦物业费收费标准', body: '写字楼 28 元/㎡·月。', visibility: 'residents', type: 'faq', projectIds: [projectB], variantOf: general, tags: ['物业费'] }));
    internal = await publish(sup, qa, article({ title: '物业费催缴话术', body: '您好，您家物业费尚未缴纳……', type: 'script', tags: ['物业费'] }));
  });

  it('an agent of project A never sees project B’s variant, and gets A’s variant instead of the general text', async () => {
    const hitsA = (await search(agentA, '物业费收费标准')).map((h) => h.id);
    expect(hitsA).toContain(variantA);
    expect(hitsA).not.toContain(variantB);
    expect(hitsA).not.toContain(general); // superseded by the project's own variant
    expect((await agentA.inject('GET', `/api/knowledge/articles/${variantB}`)).statusCode).toBe(403);
    const hitsB = (await search(agentB, '物业费收费标准')).map((h) => h.id);
    expect(hitsB).toContain(variantB);
    expect(hitsB).not.toContain(variantA);
    // Asking about another project is refused.
    expect((await agentA.inject('GET', `/api/knowledge/search?q=物业费&projectId=${env.fx.projectB}`)).statusCode).toBe(403);
    // An organisation-wide approver sees all of them when no project is chosen.
    const all = (await search(sup, '物业费收费标准')).map((h) => h.id);
    expect(all).toEqual(expect.arrayContaining([general, variantA, variantB]));
  });

  it('a resident sees only published, resident-visible articles of their projects — never internal ones or drafts', async () => {
    expect((await resident.inject('GET', '/api/knowledge/search?q=物业费')).statusCode).toBe(403);
    const faq = (await ok(await resident.inject('GET', `/api/knowledge/faq?q=${encodeURIComponent('物业费')}`))).items.map((h: any) => h.id);
    expect(faq).toContain(variantA);
    expect(faq).not.toContain(variantB);
    expect(faq).not.toContain(internal);
    expect((await resident.inject('GET', `/api/knowledge/faq/${internal}`)).statusCode).toBe(404);
    expect((await resident.inject('GET', `/api/knowledge/faq/${variantB}`)).statusCode).toBe(404);
    const one = await ok(await resident.inject('GET', `/api/knowledge/faq/${variantA}`));
    expect(one).toMatchObject({ title: '阳光花园物业费收费标准' });
    expect(one).not.toHaveProperty('ownerId');
    // A pending edit of a resident article is not what the resident reads.
    await ok(await sup.inject('PUT', `/api/knowledge/articles/${variantA}`, article({ title: '草稿标题', visibility: 'residents', type: 'faq', projectIds: [env.fx.projectA], variantOf: general, submit: true })), 201);
    expect((await ok(await resident.inject('GET', `/api/knowledge/faq/${variantA}`))).title).toBe('阳光花园物业费收费标准');
    const rated = await ok(await resident.inject('POST', `/api/knowledge/faq/${variantA}/rating`, { helpful: true }), 201);
    expect(rated.verdict).toBe('helpful');
    expect((await resident.inject('POST', `/api/knowledge/faq/${internal}/rating`, { helpful: true })).statusCode).toBe(404);
    expect((await resident.inject('POST', `/api/knowledge/articles/${variantA}/feedback`, { verdict: 'helpful' })).statusCode).toBe(403);
  });

  it('scheduled and expired articles are not served; approvers still list them', async () => {
    const past = new Date(Date.now() - 3600_000).toISOString();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const expired = await publish(agentA, sup, article({ title: '春节停车临时通知', body: '春节期间访客车辆免费。', expireAt: past, publishAt: new Date(Date.now() - 7 * 86_400_000).toISOString(), visibility: 'residents' }));
    const scheduled = await publish(agentA, sup, article({ title: '国庆停车临时通知', body: '国庆期间访客车辆免费。', publishAt: future, visibility: 'residents' }));
    const hits = (await search(agentB, '停车临时通知')).map((h) => h.id);
    expect(hits).not.toContain(expired);
    expect(hits).not.toContain(scheduled);
    expect((await ok(await resident.inject('GET', '/api/knowledge/faq?q=停车'))).items).toEqual([]);
    expect((await agentB.inject('GET', `/api/knowledge/articles/${expired}`)).statusCode).toBe(404);
    await ok(await agentA.inject('GET', `/api/knowledge/articles/${expired}`)); // its author still can
    const listed = (await ok(await sup.inject('GET', '/api/knowledge/articles?pageSize=200'))).items;
    expect(listed.find((x: any) => x.id === scheduled)).toMatchObject({ published: true, live: false });
    // Changing the window (a new approved revision) brings it back.
    await ok(await agentA.inject('PUT', `/api/knowledge/articles/${expired}`, article({ title: '春节停车临时通知', body: '春节期间访客车辆免费。', visibility: 'residents', expireAt: future, submit: true })), 201);
    const pend = (await ok(await sup.inject('GET', '/api/knowledge/articles?view=pending'))).items.find((x: any) => x.article.id === expired);
    await ok(await sup.inject('POST', `/api/knowledge/revisions/${pend.revision.id}/approve`, {}));
    expect((await search(agentB, '停车临时通知')).map((h) => h.id)).toContain(expired);
  });
});

describe('search', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const add = async (k: string, body: Record<string, unknown>) => (ids[k] = await publish(agentA, sup, article(body)));
    await add('leak', { title: '楼上漏水渗到天花板怎么办', body: '先接水，再报修，物业联系楼上住户检查。', tags: ['漏水'] });
    await add('lift', { title: '电梯故障报修', body: '电梯停运、按钮失灵请报修，维保 30 分钟到场。', tags: ['电梯'] });
    await add('water3', { title: '3号楼水箱清洗停水安排', body: '3号楼、5号楼周二 9:00 – 15:00 停水。', tags: ['停水'] });
    await add('water7', { title: '7号楼水箱清洗停水安排', body: '7号楼周四 9:00 – 15:00 停水。', tags: ['停水'] });
    await add('card', { title: '门禁卡丢失补办', body: '挂失后带身份证补办，工本费 20 元。', tags: ['门禁卡'] });
    await add('noise', { title: '装修时间规定', body: '工作日 8:30 – 18:00 可施工。', tags: ['装修'] });
  });

  it('finds one- and two-character terms', async () => {
    expect((await search(agentB, '漏'))[0].id).toBe(ids.leak);
    expect((await search(agentB, '漏水'))[0].id).toBe(ids.leak);
    const lift = await search(agentB, '电梯');
    expect(lift[0].id).toBe(ids.lift);
    expect(lift[0].snippet).toContain('<mark>电梯</mark>');
    expect(await search(agentB, '的')).toEqual([]);
  });

  it('expands synonyms (渗水 ~ 漏水, 升降梯 ~ 电梯, 门卡 ~ 门禁卡, 断水 ~ 停水) and organisation synonyms', async () => {
    expect((await search(agentB, '渗水'))[0].id).toBe(ids.leak);
    expect((await search(agentB, '升降梯坏了'))[0].id).toBe(ids.lift);
    expect((await search(agentB, '门卡丢了'))[0].id).toBe(ids.card);
    expect((await search(agentB, '断水'))[0].id).toBeOneOf([ids.water3, ids.water7]);
    expect((await search(agentB, '动工')).map((h) => h.id)).not.toContain(ids.noise);
    const g = await ok(await sup.inject('POST', '/api/knowledge/synonyms', { terms: ['施工', '动工'] }), 201);
    expect((await search(agentB, '动工'))[0].id).toBe(ids.noise);
    expect((await agentA.inject('POST', '/api/knowledge/synonyms', { terms: ['a', 'b'] })).statusCode).toBe(403);
    await ok(await sup.inject('DELETE', `/api/knowledge/synonyms/${g.id}`), 204);
  });

  it('mixes Chinese and digits: 3号楼 停水 ranks building 3 above building 7', async () => {
    const hits = await search(agentB, '3号楼 停水');
    expect(hits[0].id).toBe(ids.water3);
    expect(hits.map((h) => h.id)).toContain(ids.water7);
    expect(hits[0].titleHighlighted).toContain('<mark>');
    expect((await search(agentB, '3号楼什么时候断水'))[0].id).toBe(ids.water3);
    // HTML in queries and content is escaped, never echoed raw.
    expect(JSON.stringify(await search(agentB, '<script>停水'))).not.toContain('<script>');
  });

  it('filters by type and category; the desk suggestion works with and without text', async () => {
    expect((await search(agentB, '停水', '&type=script'))).toEqual([]);
    const s = await ok(await agentA.inject('GET', `/api/knowledge/suggest?text=${encodeURIComponent('业主说楼上渗水了')}&category=unit_repair`));
    expect(s.items[0].id).toBe(ids.leak);
    expect(s.items.length).toBeLessThanOrEqual(5);
    const byCat = await ok(await agentA.inject('GET', '/api/knowledge/suggest?category=enquiry'));
    expect(byCat.items.length).toBe(5);
    expect((await ok(await agentA.inject('GET', '/api/knowledge/suggest'))).items).toEqual([]);
  });
});

describe('uses, feedback, review queue, from order', () => {
  it('records the article on a contact and counts on-the-spot resolutions', async () => {
    const id = await publish(agentA, sup, article({ title: '快递柜位置', body: '各期主入口。' }));
    const contact = await ok(await agentA.inject('POST', '/api/contacts', { projectId: env.fx.projectA, channel: 'phone', category: 'enquiry', summary: '问快递柜在哪', handledOnSpot: true }), 201);
    const use = await ok(await agentA.inject('POST', `/api/knowledge/articles/${id}/uses`, { contactId: contact.id }), 201);
    expect(use).toMatchObject({ contactId: contact.id, articleId: id });
    expect(use.revisionId).toBeTruthy();
    await ok(await agentA.inject('POST', `/api/knowledge/articles/${id}/uses`, { contactId: contact.id }), 200); // idempotent
    expect((await agentB.inject('POST', `/api/knowledge/articles/${id}/uses`, { contactId: contact.id })).statusCode).toBe(403);
    const stats = await ok(await agentA.inject('GET', `/api/knowledge/articles/${id}/stats`));
    expect(stats).toMatchObject({ uses: 1, resolvedOnSpot: 1 });
  });

  it('outdated flags and passed review dates fill the owner’s review queue', async () => {
    const id = await publish(agentA, sup, article({ title: '停车收费标准', body: '临停 5 元/小时。', reviewDueOn: '2099-01-01' }));
    const due = await publish(agentA, sup, article({ title: '过期复核的文章', body: '内容。', reviewDueOn: '2020-01-01' }));
    let queue = (await ok(await agentA.inject('GET', '/api/knowledge/review-queue'))).items;
    expect(queue.find((x: any) => x.article.id === due).reasons).toContain('review_due');
    expect(queue.find((x: any) => x.article.id === id)).toBeUndefined();
    await ok(await agentB.inject('POST', `/api/knowledge/articles/${id}/feedback`, { verdict: 'outdated', comment: '已涨价' }), 201);
    await ok(await sup.inject('POST', `/api/knowledge/articles/${id}/feedback`, { verdict: 'outdated' }), 201);
    await ok(await qa.inject('POST', `/api/knowledge/articles/${id}/feedback`, { verdict: 'helpful' }), 201);
    queue = (await ok(await agentA.inject('GET', '/api/knowledge/review-queue'))).items;
    expect(queue.find((x: any) => x.article.id === id)).toMatchObject({ reasons: ['outdated'], outdatedFlags: 2 });
    // Another agent (not the owner, not an approver) does not get it.
    expect((await ok(await agentB.inject('GET', '/api/knowledge/review-queue'))).items.find((x: any) => x.article.id === id)).toBeUndefined();
    const stats = await ok(await agentA.inject('GET', `/api/knowledge/articles/${id}/stats`));
    expect(stats).toMatchObject({ helpful: 1, outdatedSincePublished: 2 });
  });

  it('drafts an article from a resolved order, refuses an open one', async () => {
    const db = env.ctx.store.db;
    const ts = nowIso();
    const mk = async (completed: boolean) => {
      const id = newId();
      await db.insertInto('work_orders').values({
        id, org_id: env.fx.orgId, project_id: env.fx.projectA, number: `BX${id.slice(-8)}`, kind: 'repair', category: '水电', priority: 'normal', state: completed ? 'closed' : 'in_progress', version: 1,
        title: '卫生间水管漏水', description: '业主来电：卫生间角阀漏水', area_scope: 'unit', building_id: null, unit_id: null, location: null, party_id: null, contact_name: null, contact_phone: null,
        channel: 'phone', source_contact_id: null, reporter_id: null, owner_id: env.fx.users.agent_a, assignee_id: null, department: null, appointment_at: null, paid: 0, warranty: 0, amount_fen: null,
        hold_reason: null, reopen_count: 0, customer_informed_at: null, severity: null, due_date: null, completed_at: completed ? ts : null, closed_at: completed ? ts : null, sla_json: null,
        sla_next_check_at: null, sla_breached: 0, sla_warning: 0, extra_json: null, created_at: ts, updated_at: ts,
      } as any).execute();
      if (completed) await db.insertInto('work_order_events').values({ id: newId(), org_id: env.fx.orgId, order_id: id, seq: 1, at: ts, actor_id: null, action: 'complete', from_state: 'in_progress', to_state: 'completed', note: '更换角阀，试水无渗漏', data_json: null }).execute();
      return id;
    };
    const open = await mk(false);
    expect((await agentA.inject('POST', `/api/knowledge/articles/from-order/${open}`)).statusCode).toBe(409);
    const done = await mk(true);
    expect((await agentB.inject('POST', `/api/knowledge/articles/from-order/${done}`)).statusCode).toBe(403);
    const d = await ok(await agentA.inject('POST', `/api/knowledge/articles/from-order/${done}`), 201);
    expect(d.article).toMatchObject({ title: '卫生间水管漏水', published: false, projectIds: [env.fx.projectA], type: 'case' });
    expect(d.article.categories).toEqual(['水电', 'unit_repair']);
    expect(d.revision.fields.body).toContain('更换角阀，试水无渗漏');
    expect(d.revision.fields.body).toContain('卫生间角阀漏水');
  });
});

describe('demo seed content', () => {
  it('publishes the starter set into an organisation, with variants per project, searchable at once', async () => {
    const { seedKnowledgeDemo } = await import('./demo');
    const { SEED_ARTICLES } = await import('./seedArticles');
    // The fixture's project A plays the estate (HT), B the office tower (JM).
    const demo = { orgId: env.fx.orgId, projects: [{ id: env.fx.projectA, code: 'HT', kind: 'residential', name: 'A' }, { id: env.fx.projectB, code: 'JM', kind: 'office', name: 'B' }], units: [], ownerByUnit: new Map(), residentUsername: 'resident_a1', staff: new Map([['supervisor', env.fx.users.supervisor]]) };
    const logs: string[] = [];
    await seedKnowledgeDemo(env.ctx, demo as any, (m) => logs.push(m));
    expect(logs[0]).toContain(`${SEED_ARTICLES.length} knowledge articles`);
    const hits = await search(agentA, '3号楼 停水');
    expect(hits[0].key).toBe('outage-water-3-building');
    const fee = (await search(agentB, '物业费标准')).map((h) => h.key);
    expect(fee).toContain('fee-standard-jm');
    expect(fee).not.toContain('fee-standard-ht');
    const faq = (await ok(await resident.inject('GET', `/api/knowledge/faq?q=${encodeURIComponent('门禁卡丢了')}`))).items;
    expect(faq[0].key).toBe('card-replace');
  });
});
