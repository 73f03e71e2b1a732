import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/service';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
let qa: Session;
let qa2: Session;
let qaB: Session;
let manager: Session;
let agentA: Session;
let agentB: Session;
let cardId: string;
const contactsA: string[] = [];
let contactB: string;

const ok = async (res: { statusCode: number; body: string; json(): any }, status = 200) => {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
};

// Weights 10/10/20/30/10/20; see core.test.ts for the same hand-computed cases.
const definition = {
  passThreshold: 80,
  criticalCap: 60,
  sections: [
    { key: 'open', label: '开场', items: [
      { key: 'greet', label: '问候报工号', weight: 10, scale: 'yes_no' },
      { key: 'verify', label: '核实身份', weight: 10, scale: 'yes_no', critical: true },
    ] },
    { key: 'body', label: '处理', items: [
      { key: 'listen', label: '倾听', weight: 20, scale: 'scale5', naAllowed: true },
      { key: 'accuracy', label: '准确', weight: 30, scale: 'points', maxPoints: 10 },
      { key: 'promise', label: '承诺时限', weight: 10, scale: 'yes_no', naAllowed: true },
      { key: 'attitude', label: '态度', weight: 20, scale: 'yes_no', fatal: true },
    ] },
  ],
};
const ev = { evidenceAt: 30 };
const full = { greet: { value: 1 }, verify: { value: 1 }, listen: { value: 5 }, accuracy: { value: 10 }, promise: { value: 1 }, attitude: { value: 1 } };
const minorFail = { ...full, accuracy: { value: 3, ...ev } }; // 79 %

beforeAll(async () => {
  env = await createTestEnv();
  const { fx } = env;
  const db = env.ctx.store.db;
  await createUser(db, { orgId: fx.orgId, username: 'qa1', displayName: '质检甲', role: 'qa', password: PASSWORD });
  await createUser(db, { orgId: fx.orgId, username: 'qa2', displayName: '质检乙', role: 'qa', password: PASSWORD });
  await createUser(db, { orgId: fx.orgId, username: 'qa_b', displayName: '质检B', role: 'qa', password: PASSWORD, projectIds: [fx.projectB] });
  await createUser(db, { orgId: fx.orgId, username: 'mgr', displayName: '经理', role: 'manager', password: PASSWORD });
  [qa, qa2, qaB, manager, agentA, agentB] = await Promise.all(['qa1', 'qa2', 'qa_b', 'mgr', 'agent_a', 'agent_b'].map((u) => login(env.app, u)));
  cardId = (await ok(await qa.inject('POST', '/api/quality/scorecards', { key: 'test', name: '测试表', definition }), 201)).id;
  for (let i = 0; i < 12; i++) {
    const c = await ok(await agentA.inject('POST', '/api/contacts', { projectId: fx.projectA, channel: 'phone', category: i % 4 === 0 ? 'complaint' : 'enquiry', summary: `咨询 ${i}`, handledOnSpot: true }), 201);
    contactsA.push(c.id);
  }
  contactB = (await ok(await agentB.inject('POST', '/api/contacts', { projectId: fx.projectB, channel: 'phone', category: 'enquiry', summary: 'B 咨询', handledOnSpot: true }), 201)).id;
}, 120_000);
afterAll(async () => env?.close());

const evaluate = async (s: Session, contactId: string, answers: unknown) => ok(await s.inject('POST', '/api/quality/evaluations', { subjectKind: 'contact', subjectId: contactId, scorecardId: cardId, answers }), 201);

describe('scoring through the API', () => {
  it('computes weights, N/A, the critical cap and the fatal fail as by hand', async () => {
    const a = await evaluate(qa, contactsA[0], { ...full, listen: { value: 4, ...ev }, accuracy: { value: 6, evidenceQuote: '说成了周三' }, promise: { value: null } });
    expect(a).toMatchObject({ score: 81.11, passed: true, severity: null, state: 'notified' });
    const b = await evaluate(qa, contactsA[1], { ...full, verify: { value: 0, ...ev }, listen: { value: 4, ...ev }, accuracy: { value: 6, ...ev }, promise: { value: null } });
    expect(b).toMatchObject({ score: 60, passed: false, severity: 'major' });
    expect(b.result.raw).toBe(70);
    const c = await evaluate(qa, contactsA[2], { ...full, attitude: { value: 0, ...ev } });
    expect(c).toMatchObject({ score: 0, passed: false, severity: 'serious' });
    const bad = await qa.inject('POST', '/api/quality/evaluations', { subjectKind: 'contact', subjectId: contactsA[3], scorecardId: cardId, answers: { ...full, greet: { value: 0 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('quality.evidence_required');
    const preview = await ok(await qa.inject('POST', '/api/quality/score-preview', { scorecardId: cardId, answers: minorFail }));
    expect(preview.score).toBe(79);
  });

  it('a new scorecard version leaves scored evaluations on the version they used', async () => {
    const v2 = await ok(await qa.inject('POST', '/api/quality/scorecards', { key: 'test', name: '测试表 v2', definition: { ...definition, passThreshold: 90 } }), 201);
    expect(v2.version).toBe(2);
    const list = await ok(await qa.inject('GET', '/api/quality/evaluations?pageSize=50'));
    expect(list.items.every((e: any) => e.scorecardId === cardId)).toBe(true);
    const cards = await ok(await qa.inject('GET', '/api/quality/scorecards'));
    expect(cards.items.find((c: any) => c.key === 'test').version).toBe(2);
  });
});

describe('the penalty ladder', () => {
  it('escalates over repeated findings; fines wait for a manager', async () => {
    // agent_b's record in project B, inspected repeatedly by qa1 (minor findings: 79 %).
    const steps: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = (await ok(await agentB.inject('POST', '/api/contacts', { projectId: env.fx.projectB, channel: 'phone', category: 'enquiry', summary: `再犯 ${i}`, handledOnSpot: true }), 201)).id;
      const e = await evaluate(qa, c, minorFail);
      const acts = await ok(await qa.inject('GET', `/api/quality/actions?type=ladder&agentId=${env.fx.users.agent_b}`));
      steps.push(acts.items.find((x: any) => x.evaluationId === e.id).step);
    }
    expect(steps).toEqual(['verbal_reminder', 'verbal_warning', 'qa_notice', 'retraining', 'fine']);
    const acts = await ok(await qa.inject('GET', `/api/quality/actions?agentId=${env.fx.users.agent_b}`));
    const fine = acts.items.find((x: any) => x.step === 'fine');
    expect(fine).toMatchObject({ state: 'pending_approval', needsApproval: true });
    // The agent does not see it before the decision; the inspector cannot approve it.
    expect((await ok(await agentB.inject('GET', '/api/quality/my/actions'))).items.some((x: any) => x.id === fine.id)).toBe(false);
    expect((await qa.inject('POST', `/api/quality/actions/${fine.id}/decide`, { approve: true })).json().error.code).toBe('quality.manager_only');
    // A fine is approved with an amount, proposed by someone other than the approver (coaching.api.test.ts covers the four eyes).
    await ok(await qa.inject('POST', `/api/quality/actions/${fine.id}/propose`, { fineFen: 5000 }));
    expect(await ok(await manager.inject('POST', `/api/quality/actions/${fine.id}/decide`, { approve: true }))).toMatchObject({ state: 'issued', fineFen: 5000 });
    // The 质检提醒单 with its rectification notice; the agent signs for it and downloads it.
    const notice = acts.items.find((x: any) => x.step === 'qa_notice');
    expect(notice.docNo).toMatch(/^ZJ\d{12}$/);
    expect(acts.items.some((x: any) => x.type === 'rectification' && x.evaluationId === notice.evaluationId && x.dueOn)).toBe(true);
    const html = await agentB.inject('GET', `/api/quality/my/actions/${notice.id}/document`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('质检提醒单');
    expect(html.body).toContain('准确');
    const docx = await qa.inject('GET', `/api/quality/actions/${notice.id}/document?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(await ok(await agentB.inject('POST', `/api/quality/my/actions/${notice.id}/acknowledge`))).toMatchObject({ state: 'acknowledged' });
  });
});

describe('dispute workflow', () => {
  it('agent disputes, an independent reviewer partly upholds, every change is audited', async () => {
    const e = await evaluate(qa, contactsA[4], minorFail);
    // The agent sees their own evaluation, not others'.
    const mine = await ok(await agentA.inject('GET', '/api/quality/my/evaluations'));
    expect(mine.items.some((x: any) => x.id === e.id)).toBe(true);
    expect(mine.items.every((x: any) => x.agentId === env.fx.users.agent_a)).toBe(true);
    expect((await agentB.inject('GET', `/api/quality/my/evaluations/${e.id}`)).statusCode).toBe(404);
    expect((await agentB.inject('POST', `/api/quality/my/evaluations/${e.id}/dispute`, { reason: '不是我' })).statusCode).toBe(404);
    expect((await agentA.inject('GET', '/api/quality/evaluations')).statusCode).toBe(403);

    expect(await ok(await agentA.inject('POST', `/api/quality/my/evaluations/${e.id}/dispute`, { reason: '录音 2 分钟处已说明收费标准' }))).toMatchObject({ state: 'disputed' });
    // The inspector may not decide their own evaluation's dispute.
    expect((await qa.inject('POST', `/api/quality/evaluations/${e.id}/review`, { outcome: 'upheld', note: '维持' })).json().error.code).toBe('quality.reviewer_not_independent');
    expect((await qa2.inject('POST', `/api/quality/evaluations/${e.id}/review`, { outcome: 'partly_upheld', note: '部分' })).json().error.code).toBe('quality.review_needs_answers');
    // Partly upheld: accuracy 3 → 7 of 10: 21 of 30; earned 91 → 91 %.
    const r = await ok(await qa2.inject('POST', `/api/quality/evaluations/${e.id}/review`, { outcome: 'partly_upheld', answers: { ...full, accuracy: { value: 7, ...ev } }, note: '说明了部分标准' }));
    expect(r).toMatchObject({ state: 'closed', reviewOutcome: 'partly_upheld', score: 91, passed: true, severity: null });
    // The minor finding is gone, so its ladder step is cancelled.
    const acts = await ok(await qa.inject('GET', `/api/quality/actions?agentId=${env.fx.users.agent_a}`));
    expect(acts.items.filter((x: any) => x.evaluationId === e.id).every((x: any) => x.state === 'cancelled')).toBe(true);
    const detail = await ok(await qa.inject('GET', `/api/quality/evaluations/${e.id}`));
    expect(detail.audit.map((x: any) => [x.action, x.fromScore, x.toScore])).toEqual([
      ['assign', null, null], ['score', null, 79], ['notify', 79, 79], ['dispute', 79, 79], ['review_partly_upheld', 79, 91],
    ]);
    expect((await agentA.inject('POST', `/api/quality/my/evaluations/${e.id}/acknowledge`)).statusCode).toBe(409);
  });

  it('acknowledging closes; an overturned finding is withdrawn', async () => {
    const a = await evaluate(qa, contactsA[5], full);
    expect(await ok(await agentA.inject('POST', `/api/quality/my/evaluations/${a.id}/acknowledge`))).toMatchObject({ state: 'acknowledged' });
    const b = await evaluate(qa, contactsA[6], { ...full, verify: { value: 0, ...ev } });
    await ok(await agentA.inject('POST', `/api/quality/my/evaluations/${b.id}/dispute`, { reason: '已核实房号' }));
    expect(await ok(await manager.inject('POST', `/api/quality/evaluations/${b.id}/review`, { outcome: 'overturned', note: '录音证实已核实' }))).toMatchObject({ score: 100, passed: true, severity: null, reviewOutcome: 'overturned' });
  });
});

describe('sampling', () => {
  const body = () => ({ name: '测试计划', scorecardId: cardId, seed: 42, kinds: ['contact'], minPerAgentPerWeek: 2, riskShare: 0.5 });
  it('is reproducible with a seed and honours quotas and strata', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const ids = await env.ctx.store.db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['qa1', 'qa2']).execute();
    const ins = ids.map((u) => u.id);
    const b = { ...body(), from: today, to: today, inspectorIds: ins, perInspectorPerDay: 2, projectId: env.fx.projectA };
    const p1 = await ok(await qa.inject('POST', '/api/quality/plans', b), 201);
    // Capacity 2 inspectors × 1 day × 2 = 4; min 2 for agent_a, then risk (complaints), then random.
    expect(p1.stats.capacity).toBe(4);
    expect(p1.drawn).toBe(4);
    const items1 = (await ok(await qa.inject('GET', `/api/quality/plans/${p1.id}/items?pageSize=50`))).items;
    expect(items1.every((i: any) => i.reasons.length > 0 && !['contact'].includes(i.reasons[0]))).toBe(true);
    expect(items1.filter((i: any) => i.stratum === 'min_per_agent')).toHaveLength(2);
    expect(items1.filter((i: any) => i.reasons.includes('complaint')).length).toBeGreaterThan(0);
    for (const q of ins) expect(items1.filter((i: any) => i.inspectorId === q)).toHaveLength(2);
    // Already inspected contacts are never drawn.
    const inspected = new Set((await ok(await qa.inject('GET', '/api/quality/evaluations?pageSize=100'))).items.map((e: any) => e.subject.id));
    expect(items1.some((i: any) => inspected.has(i.subject.id))).toBe(false);
    // Reproducible: planned items are excluded from later draws, so drop the first plan's rows
    // and draw again with the same seed over the same data.
    await env.ctx.store.db.deleteFrom('quality_plan_items').where('plan_id', '=', p1.id).execute();
    const p2 = await ok(await qa.inject('POST', '/api/quality/plans', b), 201);
    const items2 = (await ok(await qa.inject('GET', `/api/quality/plans/${p2.id}/items?pageSize=50`))).items;
    expect(items2.map((i: any) => [i.subject.id, i.inspectorId, i.stratum])).toEqual(items1.map((i: any) => [i.subject.id, i.inspectorId, i.stratum]));
    // The inspector's queue shows their own items.
    const queue = await ok(await qa.inject('GET', '/api/quality/queue'));
    expect(queue.items.length).toBe(2);
    expect(queue.items.every((i: any) => i.inspectorId === ins.find((x) => ids.find((u) => u.id === x)?.username === 'qa1'))).toBe(true);
  });
});

describe('calibration', () => {
  it('scores blind, reveals, and reports agreement with kappa', async () => {
    const ids = Object.fromEntries((await env.ctx.store.db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['qa1', 'qa2', 'mgr']).execute()).map((u) => [u.username, u.id]));
    const cal = await ok(await qa.inject('POST', '/api/quality/calibrations', { name: '校准', scorecardId: cardId, subjects: contactsA.slice(7, 9).map((id) => ({ kind: 'contact', id })), inspectorIds: [ids.qa1, ids.qa2] }), 201);
    await ok(await qa.inject('POST', `/api/quality/calibrations/${cal.id}/scores`, { subjectIndex: 0, answers: full }));
    await ok(await qa.inject('POST', `/api/quality/calibrations/${cal.id}/scores`, { subjectIndex: 1, answers: minorFail }));
    await ok(await qa2.inject('POST', `/api/quality/calibrations/${cal.id}/scores`, { subjectIndex: 0, answers: full }));
    // Blind: before reveal qa2 sees only their own scores.
    const blind = await ok(await qa2.inject('GET', `/api/quality/calibrations/${cal.id}`));
    expect(blind.myScores).toHaveLength(1);
    expect(blind.scores).toBeUndefined();
    expect(blind.agreement).toBeNull();
    expect((await manager.inject('POST', `/api/quality/calibrations/${cal.id}/scores`, { subjectIndex: 0, answers: full })).statusCode).toBe(403);
    await ok(await qa2.inject('POST', `/api/quality/calibrations/${cal.id}/scores`, { subjectIndex: 1, answers: { ...full, accuracy: { value: 5, ...ev } } }));
    const rev = await ok(await qa.inject('POST', `/api/quality/calibrations/${cal.id}/reveal`));
    // 12 ratings (6 items × 2 subjects): all agree except accuracy on subject 2 (3 vs 5) → 11/12.
    // Categories pooled: '1' ×(4+4)=… per rater: qa1: 1,1,5,10,1,1, 1,1,5,3,1,1 ; qa2 the same with 5 for the 3.
    // Cohen: pₒ = 11/12; A gives '1' ×8, '5' ×2, '10' ×1, '3' ×1; B '1' ×8, '5' ×3, '10' ×1.
    // pₑ = (8·8 + 2·3 + 1·1 + 1·0)/144 = 71/144; κ = (132 − 71)/(144 − 71) = 61/73 ≈ 0.836.
    expect(rev.agreement.overall.percentAgreement).toBeCloseTo(11 / 12, 10);
    expect(rev.agreement.overall.cohenKappa).toBeCloseTo(61 / 73, 10);
    expect(rev.agreement.items.find((i: any) => i.key === 'accuracy').percentAgreement).toBeCloseTo(0.5, 10);
    // Subject 2: 79 and 85 → consensus 82; qa1 −3, qa2 +3; subject 1 both 100.
    const strict = Object.fromEntries(rev.agreement.strictness.map((s: any) => [s.inspectorId, s.meanDeviation]));
    expect(strict[ids.qa1]).toBe(-1.5);
    expect(strict[ids.qa2]).toBe(1.5);
    // Calibration scores never count toward agents.
    const mine = await ok(await agentA.inject('GET', '/api/quality/my/evaluations?pageSize=100'));
    expect(mine.items.some((e: any) => [contactsA[7], contactsA[8]].includes(e.subject.id))).toBe(false);
  });
});

describe('scope and figures', () => {
  it('project-scoped QA see only their projects; figures carry numerators and denominators', async () => {
    const a = await evaluate(qa, contactsA[9], full);
    expect((await qaB.inject('GET', `/api/quality/evaluations/${a.id}`)).statusCode).toBe(404);
    const listB = await ok(await qaB.inject('GET', '/api/quality/evaluations?pageSize=100'));
    expect(listB.items.length).toBeGreaterThan(0);
    expect(listB.items.every((e: any) => e.projectId === env.fx.projectB)).toBe(true);
    expect((await qaB.inject('POST', '/api/quality/evaluations', { subjectKind: 'contact', subjectId: contactsA[10], scorecardId: cardId })).statusCode).toBe(403);
    expect((await qaB.inject('GET', `/api/quality/figures?from=2000-01-01&to=2999-12-31&projectId=${env.fx.projectA}`)).statusCode).toBe(403);
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const fig = await ok(await qa.inject('GET', `/api/quality/figures?from=${day}&to=${day}`));
    const all = await ok(await qa.inject('GET', '/api/quality/evaluations?pageSize=200'));
    const released = all.items.filter((e: any) => e.notifiedAt);
    expect(fig.evaluations).toBe(released.length);
    expect(fig.passRate.denominator).toBe(released.length);
    expect(fig.passRate.numerator).toBe(released.filter((e: any) => e.passed).length);
    expect(fig.disputeRate.numerator).toBe(2);
    expect(fig.disputeOutcomes).toMatchObject({ reviewed: 2, partlyUpheld: { numerator: 1, denominator: 2 }, overturned: { numerator: 1, denominator: 2 } });
    expect(fig.mostFailed[0].key).toBe('accuracy');
    const figB = await ok(await qaB.inject('GET', `/api/quality/figures?from=${day}&to=${day}`));
    expect(figB.byProject.every((g: any) => g.key === env.fx.projectB)).toBe(true);
    expect(figB.evaluations).toBeLessThan(fig.evaluations);
    // Drill-down: the failed-item filter returns the evaluations behind the figure.
    const drill = await ok(await qa.inject('GET', '/api/quality/evaluations?failedItem=verify&pageSize=100'));
    expect(drill.items.length).toBeGreaterThan(0);
  });
});
