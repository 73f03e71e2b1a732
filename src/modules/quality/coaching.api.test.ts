/**
 * Coaching tasks, the four-eyes approval of fines, the recording library with its knowledge links,
 * the 放弃后回拨 stratum, teams in rotation and targeting, and a plan item scored on its plan's card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/service';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv } from '../../../test/helpers';
import { localDate } from '../inspections/core';
import { callbackContacts } from './queries';

let env: TestEnv;
let qa: Session;
let qa2: Session;
let manager: Session;
let manager2: Session;
let supervisor: Session;
let agentA: Session;
let agentB: Session;
let agentB2: Session;
let cardId: string;
let otherCardId: string;
const ids: Record<string, string> = {};

const ok = async (res: { statusCode: number; body: string; json(): any }, status = 200) => {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
};
const code = (res: { json(): any }) => res.json().error?.code;

const definition = {
  passThreshold: 80,
  criticalCap: 60,
  sections: [{ key: 's', label: '服务', items: [
    { key: 'greet', label: '问候报工号', weight: 20, scale: 'yes_no' },
    { key: 'accuracy', label: '信息准确', weight: 60, scale: 'points', maxPoints: 10 },
    { key: 'closing', label: '结束语', weight: 20, scale: 'yes_no' },
  ] }],
};
const full = { greet: { value: 1 }, accuracy: { value: 10 }, closing: { value: 1 } };
const fail = { greet: { value: 0, evidenceAt: 3 }, accuracy: { value: 8, evidenceAt: 40 }, closing: { value: 1 } }; // 68

const contact = async (s: Session, projectId: string, extra: Record<string, unknown> = {}) =>
  (await ok(await s.inject('POST', '/api/contacts', { projectId, channel: 'phone', category: 'enquiry', summary: '咨询', handledOnSpot: true, ...extra }), 201)).id as string;
const evaluate = async (s: Session, contactId: string, answers: unknown, card = cardId) =>
  ok(await s.inject('POST', '/api/quality/evaluations', { subjectKind: 'contact', subjectId: contactId, scorecardId: card, answers }), 201);

beforeAll(async () => {
  env = await createTestEnv();
  const { fx } = env;
  const db = env.ctx.store.db;
  for (const [u, role] of [['qa1', 'qa'], ['qa2', 'qa'], ['mgr', 'manager'], ['mgr2', 'manager']] as const) ids[u] = await createUser(db, { orgId: fx.orgId, username: u, displayName: u, role, password: PASSWORD });
  ids.agent_b2 = await createUser(db, { orgId: fx.orgId, username: 'agent_b2', displayName: '坐席B2', role: 'agent', password: PASSWORD, projectIds: [fx.projectB] });
  [qa, qa2, manager, manager2, supervisor, agentA, agentB, agentB2] = await Promise.all(['qa1', 'qa2', 'mgr', 'mgr2', 'supervisor', 'agent_a', 'agent_b', 'agent_b2'].map((u) => login(env.app, u)));
  cardId = (await ok(await qa.inject('POST', '/api/quality/scorecards', { key: 'coach', name: '辅导测试表', definition }), 201)).id;
  otherCardId = (await ok(await qa.inject('POST', '/api/quality/scorecards', { key: 'other', name: '另一张表', definition }), 201)).id;
}, 120_000);
afterAll(async () => env?.close());

describe('coaching tasks', () => {
  it('runs open → acknowledged by the agent → closed by the coach with a note, with the failed items and a follow-up', async () => {
    const e = await evaluate(qa, await contact(agentA, env.fx.projectA), fail);
    expect(e.passed).toBe(false);
    // Without a team the coach must be named.
    expect(code(await qa.inject('POST', '/api/quality/coaching', { evaluationId: e.id, dueOn: '2030-01-10', goal: '规范开场' }))).toBe('quality.coach_needed');
    // With a team, its leader is the coach by default.
    const team = await ok(await qa.inject('POST', '/api/quality/teams', { name: 'A 组', projectId: env.fx.projectA, leadId: env.fx.users.supervisor, memberIds: [env.fx.users.agent_a] }), 201);
    expect(team.members.map((m: any) => m.id)).toEqual([env.fx.users.agent_a]);
    const lib = await ok(await qa.inject('POST', '/api/quality/library', { kind: 'good', topic: '开场', title: '标准开场', evaluationId: (await evaluate(qa, await contact(agentA, env.fx.projectA), full)).id }), 201);
    const c = await ok(await qa.inject('POST', '/api/quality/coaching', { evaluationId: e.id, dueOn: '2030-01-10', goal: '开场报工号，信息核对无误', libraryIds: [lib.id] }), 201);
    expect(c).toMatchObject({ type: 'coaching', state: 'issued', coachId: env.fx.users.supervisor, agentId: env.fx.users.agent_a, goal: '开场报工号，信息核对无误' });
    expect(c.items).toEqual([{ key: 'greet', label: '问候报工号' }, { key: 'accuracy', label: '信息准确' }]);

    // The coach cannot close before the agent has acknowledged.
    expect(code(await supervisor.inject('POST', `/api/quality/coaching/${c.id}/close`, { note: '已辅导' }))).toBe('quality.bad_state');
    // The agent sees it (another agent does not) and acknowledges.
    const mine = await ok(await agentA.inject('GET', '/api/quality/my/coaching'));
    expect(mine.items.map((x: any) => x.id)).toEqual([c.id]);
    expect((await agentB.inject('GET', `/api/quality/my/coaching/${c.id}`)).statusCode).toBe(404);
    const detail = await ok(await agentA.inject('GET', `/api/quality/my/coaching/${c.id}`));
    expect(detail.library.map((l: any) => l.id)).toEqual([lib.id]);
    expect(await ok(await agentA.inject('POST', `/api/quality/my/coaching/${c.id}/acknowledge`, { note: '明白了' }))).toMatchObject({ state: 'acknowledged', agentNote: '明白了' });
    expect(code(await agentA.inject('POST', `/api/quality/my/coaching/${c.id}/acknowledge`, {}))).toBe('quality.bad_state');

    // Someone who is neither the coach nor a writer cannot close: agent_a lacks quality.read altogether.
    expect((await agentA.inject('POST', `/api/quality/coaching/${c.id}/close`, { note: '自己关' })).statusCode).toBe(403);
    // A follow-up must be another evaluation of the same agent.
    const other = await evaluate(qa, await contact(agentB, env.fx.projectB), full);
    expect(code(await supervisor.inject('POST', `/api/quality/coaching/${c.id}/close`, { note: '已辅导', followUpEvaluationId: other.id }))).toBe('quality.follow_up_mismatch');
    const follow = await evaluate(qa, await contact(agentA, env.fx.projectA), full);
    const closed = await ok(await supervisor.inject('POST', `/api/quality/coaching/${c.id}/close`, { note: '逐句示范开场，跟听两通', followUpEvaluationId: follow.id }));
    expect(closed).toMatchObject({ state: 'done', closeNote: '逐句示范开场，跟听两通', followUp: { id: follow.id, passed: true } });
    expect(closed.trail.map((t: any) => t.event)).toEqual(['create', 'acknowledge', 'close']);
    expect((await ok(await supervisor.inject('GET', '/api/quality/coaching?mine=1'))).items.map((x: any) => x.id)).toContain(c.id);
  });

  it('is created from a notice (质检提醒单) for the notice’s agent', async () => {
    const notice = (await ok(await qa.inject('GET', `/api/quality/actions?type=ladder&agentId=${env.fx.users.agent_a}`))).items[0];
    expect(notice).toBeTruthy();
    const c = await ok(await qa.inject('POST', '/api/quality/coaching', { sourceActionId: notice.id, coachId: ids.mgr, dueOn: '2030-02-01', goal: '复训', itemKeys: ['closing'] }), 201);
    expect(c).toMatchObject({ sourceActionId: notice.id, evaluationId: notice.evaluationId, coachId: ids.mgr, items: [{ key: 'closing', label: '结束语' }] });
    expect(code(await qa.inject('POST', '/api/quality/coaching', { sourceActionId: notice.id, coachId: ids.mgr, dueOn: '2030-02-01', goal: 'x', itemKeys: ['nope'] }))).toBe('quality.unknown_item');
    // Agents cannot create coaching.
    expect((await agentA.inject('POST', '/api/quality/coaching', { sourceActionId: notice.id, coachId: ids.mgr, dueOn: '2030-02-01', goal: 'x' })).statusCode).toBe(403);
  });
});

describe('manager approval of fines and dismissal', () => {
  it('needs an amount, and neither the step’s raiser nor the amount’s proposer may approve; every step is in the trail', async () => {
    // agent_b: five minor findings (68 %), scored by the manager, walk the ladder to the fine.
    for (let i = 0; i < 5; i++) await evaluate(manager, await contact(agentB, env.fx.projectB), fail);
    const acts = await ok(await manager.inject('GET', `/api/quality/actions?type=ladder&agentId=${env.fx.users.agent_b}`));
    const fine = acts.items.find((x: any) => x.step === 'fine');
    expect(fine).toMatchObject({ state: 'pending_approval' });
    const fineId = fine.id as string;
    const pending = await ok(await manager2.inject('GET', '/api/quality/approvals'));
    expect(pending.items.find((x: any) => x.id === fineId)).toMatchObject({ canDecide: true, createdBy: ids.mgr, score: 68 });
    expect((await ok(await manager.inject('GET', '/api/quality/approvals'))).items.find((x: any) => x.id === fineId).canDecide).toBe(false);

    // No amount yet.
    expect(code(await manager2.inject('POST', `/api/quality/actions/${fineId}/decide`, { approve: true }))).toBe('quality.fine_amount_needed');
    // The manager who raised the step (by scoring) cannot approve it.
    await ok(await qa.inject('POST', `/api/quality/actions/${fineId}/propose`, { fineFen: 20000, note: '按制度扣 200 元' }));
    expect(code(await manager.inject('POST', `/api/quality/actions/${fineId}/decide`, { approve: true }))).toBe('quality.four_eyes');
    // The one who proposes the amount cannot approve either.
    await ok(await manager2.inject('POST', `/api/quality/actions/${fineId}/propose`, { fineFen: 10000 }));
    expect(code(await manager2.inject('POST', `/api/quality/actions/${fineId}/decide`, { approve: true }))).toBe('quality.four_eyes');
    // QA is not a manager.
    expect(code(await qa.inject('POST', `/api/quality/actions/${fineId}/decide`, { approve: true }))).toBe('quality.manager_only');
    const admin = await login(env.app, 'admin');
    expect(await ok(await admin.inject('POST', `/api/quality/actions/${fineId}/decide`, { approve: true, note: '同意' }))).toMatchObject({ state: 'issued', fineFen: 10000 });
    expect(code(await admin.inject('POST', `/api/quality/actions/${fineId}/decide`, { approve: false }))).toBe('quality.bad_state');
    const trail = await ok(await qa.inject('GET', `/api/quality/actions/${fineId}/trail`));
    expect(trail.items.map((t: any) => [t.event, t.fineFen])).toEqual([['propose', null], ['propose', 20000], ['propose', 10000], ['approve', 10000]]);
    // Only a fine carries an amount.
    const retraining = acts.items.find((x: any) => x.step === 'retraining');
    expect(code(await qa.inject('POST', `/api/quality/actions/${retraining.id}/propose`, { fineFen: 100 }))).toBe('quality.bad_state');
  });
});

describe('recording library', () => {
  it('marks scored recordings with tags, agents browse it, and it links to knowledge articles both ways', async () => {
    const unscored = await ok(await qa.inject('POST', '/api/quality/evaluations', { subjectKind: 'contact', subjectId: await contact(agentA, env.fx.projectA), scorecardId: cardId }), 201);
    expect(code(await qa.inject('POST', '/api/quality/library', { kind: 'good', topic: '投诉', title: 'x', evaluationId: unscored.id }))).toBe('quality.bad_state');
    const e = await evaluate(qa, await contact(agentA, env.fx.projectA), full);
    const good = await ok(await qa.inject('POST', '/api/quality/library', { kind: 'good', topic: '投诉安抚', title: '耐心安抚漏水投诉', tags: ['漏水', '安抚'], note: '先共情再给时限', evaluationId: e.id }), 201);
    expect(good).toMatchObject({ kind: 'good', tags: ['漏水', '安抚'], evaluationId: e.id, projectId: env.fx.projectA });
    const eb = await evaluate(qa, await contact(agentB, env.fx.projectB), fail);
    const bad = await ok(await qa.inject('POST', '/api/quality/library', { kind: 'bad', topic: '开场', title: '未报工号', tags: ['开场'], evaluationId: eb.id }), 201);
    // agent_a browses: their project's items only; filters by tag, kind and words.
    const seen = await ok(await agentA.inject('GET', '/api/quality/library'));
    expect(seen.items.map((x: any) => x.id)).toContain(good.id);
    expect(seen.items.map((x: any) => x.id)).not.toContain(bad.id);
    expect((await ok(await qa.inject('GET', '/api/quality/library?tag=漏水'))).items.map((x: any) => x.id)).toEqual([good.id]);
    expect((await ok(await qa.inject('GET', '/api/quality/library?kind=bad'))).items.map((x: any) => x.id)).toEqual([bad.id]);
    expect((await ok(await qa.inject('GET', '/api/quality/library?q=安抚'))).items.map((x: any) => x.id)).toEqual([good.id]);
    expect((await agentA.inject('GET', `/api/quality/library/${bad.id}`)).statusCode).toBe(404);
    expect((await agentA.inject('POST', '/api/quality/library', { kind: 'good', topic: 't', title: 't' })).statusCode).toBe(403);

    // Link to a published article: the library item lists it; the article lists the recording.
    const art = await ok(await qa.inject('POST', '/api/knowledge/articles', { title: '漏水投诉处理话术', body: '先致歉，再约时间。', type: 'script', categories: ['complaint'], tags: [], submit: true }), 201);
    await ok(await manager.inject('POST', `/api/knowledge/revisions/${art.revision.id}/approve`, {}));
    const linked = await ok(await qa.inject('POST', `/api/quality/library/${good.id}/articles`, { articleId: art.article.id }), 201);
    expect(linked.articles.map((x: any) => x.title)).toEqual(['漏水投诉处理话术']);
    expect((await ok(await agentA.inject('GET', `/api/quality/library/${good.id}`))).articles.map((x: any) => x.id)).toEqual([art.article.id]);
    expect((await ok(await agentA.inject('GET', `/api/quality/library/by-article/${art.article.id}`))).items.map((x: any) => x.id)).toEqual([good.id]);
    // agent_b (project B) does not see project A's recording under the same article.
    expect((await ok(await agentB.inject('GET', `/api/quality/library/by-article/${art.article.id}`))).items).toEqual([]);
    expect((await ok(await qa.inject('GET', '/api/quality/library?tag=漏水'))).items[0].articleCount).toBe(1);
    expect(code(await qa.inject('POST', `/api/quality/library/${good.id}/articles`, { articleId: 'nope' }))).toBe('not_found');
    expect((await qa.inject('DELETE', `/api/quality/library/${good.id}/articles/${art.article.id}`)).statusCode).toBe(204);
    expect((await ok(await qa.inject('GET', `/api/quality/library/${good.id}`))).articles).toEqual([]);
  });
});

describe('the 放弃后回拨 stratum', () => {
  const row = (id: string, at: string, phone: string | null, handled: number, order: string | null = null, channel = 'phone') => ({ id, occurred_at: at, channel, caller_phone: phone, handled_on_spot: handled, order_id: order });
  it('flags a call from the same number within two hours of an unhandled one, nothing else', () => {
    const got = callbackContacts([
      row('a1', '2030-01-01T01:00:00.000Z', '138-1234-5678', 0), // unhandled
      row('a2', '2030-01-01T02:30:00.000Z', '13812345678', 1), // same number (digits), 1 h 30 later → callback
      row('a3', '2030-01-01T05:00:00.000Z', '13812345678', 1), // 2 h 30 after the last unhandled → no
      row('b1', '2030-01-01T01:00:00.000Z', '13900000000', 1), // handled on the spot
      row('b2', '2030-01-01T01:30:00.000Z', '13900000000', 1), // → no
      row('c1', '2030-01-01T01:00:00.000Z', '13700000000', 0, 'order-1'), // became an order: handled
      row('c2', '2030-01-01T01:20:00.000Z', '13700000000', 1), // → no
      row('d1', '2030-01-01T01:00:00.000Z', '13600000000', 0, null, 'walk_in'), // not a call
      row('d2', '2030-01-01T01:10:00.000Z', '13600000000', 1), // → no
      row('e1', '2030-01-01T01:00:00.000Z', null, 0),
      row('e2', '2030-01-01T01:05:00.000Z', null, 1),
    ]);
    expect([...got].sort()).toEqual(['a2']);
  });

  it('draws such a contact in the plan with its reason', async () => {
    const at = (h: number) => new Date(Date.parse('2029-03-05T00:00:00+08:00') + h * 3_600_000).toISOString();
    await contact(agentA, env.fx.projectA, { occurredAt: at(9), callerPhone: '13811112222', handledOnSpot: false });
    const cb = await contact(agentA, env.fx.projectA, { occurredAt: at(10), callerPhone: '13811112222', handledOnSpot: true });
    const plain = await contact(agentA, env.fx.projectA, { occurredAt: at(11), callerPhone: '13833334444', handledOnSpot: true });
    const plan = await ok(await qa.inject('POST', '/api/quality/plans', { name: '回拨', scorecardId: cardId, projectId: env.fx.projectA, from: '2029-03-05', to: '2029-03-05', seed: 7, inspectorIds: [ids.qa1], minPerAgentPerWeek: 0, riskShare: 1, maxItems: 1 }), 201);
    expect(plan.stats.byStratum).toEqual({ callback_after_abandon: 1 });
    const items = await ok(await qa.inject('GET', `/api/quality/plans/${plan.id}/items`));
    expect(items.items.map((i: any) => [i.subject.id, i.stratum])).toEqual([[cb, 'callback_after_abandon']]);
    expect(items.items[0].subject.id).not.toBe(plain);
  });
});

describe('teams and plans', () => {
  it('targets teams and rotates inspectors across teams; an item from a plan is scored on the plan’s scorecard', async () => {
    await ok(await qa.inject('POST', '/api/quality/teams', { name: 'B 组', projectId: env.fx.projectB, memberIds: [env.fx.users.agent_b, ids.agent_b2] }), 201);
    expect(code(await qa.inject('POST', '/api/quality/teams', { name: 'B 组', memberIds: [] }))).toBe('quality.team_name_taken');
    // Today: rotation looks back 90 days from the period, so the evaluations above count.
    const day = localDate(new Date().toISOString());
    const at = (h: number) => new Date(Date.parse(`${day}T00:00:00+08:00`) + h * 3_600_000).toISOString();
    for (let h = 8; h < 12; h++) {
      await contact(agentA, env.fx.projectA, { occurredAt: at(h) });
      await contact(agentB2, env.fx.projectB, { occurredAt: at(h) });
    }
    const teams = (await ok(await qa.inject('GET', '/api/quality/teams'))).items;
    const teamB = teams.find((t: any) => t.name === 'B 组');
    expect(teamB.members.map((m: any) => m.id).sort()).toEqual([env.fx.users.agent_b, ids.agent_b2].sort());
    // Targeting team B draws only its agents' records (agent_b's are all inspected already).
    const p = await ok(await qa.inject('POST', '/api/quality/plans', { name: 'B 组抽检', scorecardId: otherCardId, from: day, to: day, seed: 3, inspectorIds: [ids.qa1, ids.qa2], teamIds: [teamB.id], perInspectorPerDay: 10, minPerAgentPerWeek: 0 }), 201);
    const items = (await ok(await qa.inject('GET', `/api/quality/plans/${p.id}/items`))).items;
    expect(items.length).toBe(4);
    expect(new Set(items.map((i: any) => i.agentId))).toEqual(new Set([ids.agent_b2]));
    // Rotation by team: qa1 has inspected team B (agent_b, library test), qa2 never has. Neither knows agent_b2,
    // so only the team history can make qa2 take the first item.
    const byIns = new Map<string, number>();
    for (const i of items) byIns.set(i.inspectorId, (byIns.get(i.inspectorId) ?? 0) + 1);
    expect(byIns.get(ids.qa2)).toBeGreaterThanOrEqual(byIns.get(ids.qa1) ?? 0);
    expect(items.slice().sort((x: any, y: any) => (x.subject.occurredAt < y.subject.occurredAt ? -1 : 1))[0].inspectorId).toBe(ids.qa2);

    // Bug: scoring a plan item without naming a scorecard used the org's first current card, not the plan's.
    const it0 = items.find((i: any) => i.inspectorId === ids.qa2);
    const e = await ok(await qa2.inject('POST', '/api/quality/evaluations', { subjectKind: it0.subject.kind, subjectId: it0.subject.id, planItemId: it0.id, answers: full }), 201);
    expect(e.scorecardId).toBe(otherCardId);
  });
});
