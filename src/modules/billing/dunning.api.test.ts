import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { addDays, businessDate } from './core';

/**
 * The ladder's dates and approvals through the API. Dates are relative to today because an
 * approval is dated the day it is given, and the ladder counts it only from that day on.
 * Base month M = two months ago; two months billed three and two months before M are unpaid.
 * The accounts enter the ladder on the 2nd of M: steps on the 5th, 10th, 15th and 20th of M.
 */
let env: TestEnv;
let collector: Session;
let manager: Session;
let admin: Session;
const today = businessDate(new Date().toISOString());
const monthShift = (d: string, n: number) => {
  const [y, m] = d.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
};
const M = monthShift(today, -2);
const day = (n: number) => `${M}-${String(n).padStart(2, '0')}`;
const caseOf: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  const { orgId, projectA, unitA1, unitA2, partyA1, partyA2 } = env.fx;
  await createUser(env.ctx.store.db, { orgId, username: 'collector', displayName: '何红梅', role: 'collector', password: PASSWORD, projectIds: [projectA] });
  await createUser(env.ctx.store.db, { orgId, username: 'manager', displayName: '周经理', role: 'manager', password: PASSWORD });
  collector = await login(env.app, 'collector');
  manager = await login(env.app, 'manager');
  admin = await login(env.app, 'admin');
  const fee = await manager.inject('POST', '/api/billing/fee-items', { projectId: projectA, code: 'WY', name: '物业服务费', kind: 'fixed', category: 'property', monthlyFen: 10_000 });
  expect(fee.statusCode, fee.body).toBe(201);
  for (const [unit, party] of [[unitA1, partyA1], [unitA2, partyA2]]) {
    expect((await collector.inject('POST', '/api/billing/liabilities', { targetId: unit, partyId: party, startDate: `${monthShift(M, -3)}-01`, endDate: `${monthShift(M, -1)}-01` })).statusCode).toBe(201);
  }
  for (const period of [monthShift(M, -3), monthShift(M, -2)]) {
    expect((await collector.inject('POST', '/api/billing/runs', { projectId: projectA, period })).statusCode).toBe(201);
  }
});
afterAll(async () => env?.close());

async function step(s: Session, caseId: string, stepCode: string, takenOn?: string) {
  return s.inject('POST', `/api/billing/dunning/cases/${caseId}/steps`, { stepCode, takenOn, channel: 'phone' });
}

describe('the dunning ladder 催缴阶梯', () => {
  it('opens an episode for accounts two months in arrears, scheduled on the 5th, 10th, 15th and 20th', async () => {
    const ev = await collector.inject('POST', '/api/billing/dunning/evaluate', { projectId: env.fx.projectA, asOf: day(2) });
    expect(ev.statusCode, ev.body).toBe(200);
    expect(ev.json()).toMatchObject({ opened: 2, open: 2, due: 0 });
    const list = (await collector.inject('GET', `/api/billing/dunning/cases?projectId=${env.fx.projectA}`)).json();
    expect(list.items).toHaveLength(2);
    for (const c of list.items) caseOf[c.accountId] = c.id;
    const c = list.items.find((x: any) => x.accountId === env.fx.unitA1);
    expect(c).toMatchObject({ enteredOn: day(2), monthsInArrears: 2, overdueFen: 20_000, decision: 'waiting', nextStep: 'reminder_1', nextDueOn: day(5) });
    const detail = (await collector.inject('GET', `/api/billing/dunning/cases/${c.id}`)).json();
    expect(detail.schedule.map((s: any) => s.scheduledOn)).toEqual([day(5), day(10), day(15), day(20)]);
    // Evaluating again the same day changes nothing.
    expect((await collector.inject('POST', '/api/billing/dunning/evaluate', { projectId: env.fx.projectA, asOf: day(2) })).json()).toMatchObject({ opened: 0, open: 2 });
  });

  it('takes steps only on or after their day, in order', async () => {
    const id = caseOf[env.fx.unitA1];
    const early = await step(collector, id, 'reminder_1', day(4));
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'billing.dunning.not_yet_due' });
    expect(early.json().error.message).toContain(day(5));
    const skip = await step(collector, id, 'reminder_2', day(5));
    expect(skip.json().error.code).toBe('billing.dunning.wrong_step');
    expect((await step(collector, id, 'reminder_1', day(5))).statusCode).toBe(201);
    expect((await step(collector, id, 'reminder_2', day(9))).json().error.code).toBe('billing.dunning.not_yet_due');
    expect((await step(collector, id, 'reminder_2', day(10))).statusCode).toBe(201);
    // A day late is still fine: the third reminder with its notice letter.
    const letter = await step(collector, id, 'notice_letter', day(16));
    expect(letter.statusCode, letter.body).toBe(201);
    expect(letter.json().letterNo).toMatch(new RegExp(`^CJ${day(16).replaceAll('-', '')}\\d{4}$`));
    const html = await collector.inject('GET', letter.json().letterUrl);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('催缴通知书');
    expect(html.body).toContain('1-1201');
    expect(html.body).toContain('200.00');
    expect(html.body).toContain('贰佰元整');
    const docx = await collector.inject('GET', `${letter.json().letterUrl}?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('never takes the measures step without a manager’s approval', async () => {
    const id = caseOf[env.fx.unitA1];
    const noApproval = await step(collector, id, 'measures', day(20));
    expect(noApproval.statusCode).toBe(409);
    expect(noApproval.json().error.code).toBe('billing.dunning.approval_required');
    // Evaluation only records that approval is awaited; it takes no step.
    const ev = (await collector.inject('POST', '/api/billing/dunning/evaluate', { projectId: env.fx.projectA, asOf: today })).json();
    expect(ev.awaitingApproval).toBeGreaterThanOrEqual(1);
    const d = (await collector.inject('GET', `/api/billing/dunning/cases/${id}`)).json();
    expect(d.steps).toHaveLength(3);
    expect(d.decision).toBe('awaiting_approval');
    // Collectors cannot approve; neither can an admin, whose role the ladder does not name.
    expect((await collector.inject('POST', `/api/billing/dunning/cases/${id}/approvals`, { stepCode: 'measures', approve: true })).statusCode).toBe(403);
    const byAdmin = await admin.inject('POST', `/api/billing/dunning/cases/${id}/approvals`, { stepCode: 'measures', approve: true });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().error.code).toBe('billing.dunning.approver_role');
    const ok = await manager.inject('POST', `/api/billing/dunning/cases/${id}/approvals`, { stepCode: 'measures', approve: true, note: '同意停止代收代缴服务以外的增值服务' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().decision.status).toBe('due');
    // The approval is dated today, so it does not reach back to the 20th.
    expect((await step(collector, id, 'measures', day(20))).json().error.code).toBe('billing.dunning.approval_required');
    const taken = await step(collector, id, 'measures', today);
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.json().decision.status).toBe('completed');
  });

  it('a rejected approval blocks the step; paying down below the threshold ends the episode', async () => {
    const id = caseOf[env.fx.unitA2];
    for (const [code, d] of [['reminder_1', day(5)], ['reminder_2', day(10)], ['notice_letter', day(15)]] as const) expect((await step(collector, id, code, d)).statusCode).toBe(201);
    const rej = await manager.inject('POST', `/api/billing/dunning/cases/${id}/approvals`, { stepCode: 'measures', approve: false, note: '先电话沟通' });
    expect(rej.json().decision.status).toBe('approval_rejected');
    expect((await step(collector, id, 'measures', today)).json().error.code).toBe('billing.dunning.approval_rejected');
    // Pay one of the two months: one month in arrears is below the entry threshold.
    expect((await collector.inject('POST', '/api/billing/payments', { accountId: env.fx.unitA2, amountFen: 10_000, method: 'cash' })).statusCode).toBe(201);
    const ev = (await collector.inject('POST', '/api/billing/dunning/evaluate', { projectId: env.fx.projectA, asOf: today })).json();
    expect(ev.closed).toBe(1);
    const closed = (await collector.inject('GET', `/api/billing/dunning/cases?projectId=${env.fx.projectA}&status=closed`)).json();
    expect(closed.items.map((c: any) => [c.accountId, c.closeReason])).toEqual([[env.fx.unitA2, 'paid_down']]);
    expect((await step(collector, id, 'measures', today)).json().error.code).toBe('billing.dunning.closed');
  });

  it('refuses future dates and keeps residents away from the work list', async () => {
    expect((await collector.inject('POST', '/api/billing/dunning/evaluate', { projectId: env.fx.projectA, asOf: addDays(today, 1) })).statusCode).toBe(400);
    const resident = await login(env.app, 'resident_a1');
    // The dunning work list is staff-only: residents are refused at the gate, not handed an empty list.
    expect((await resident.inject('GET', '/api/billing/dunning/cases')).statusCode).toBe(403);
    expect((await resident.inject('GET', `/api/billing/dunning/cases/${caseOf[env.fx.unitA1]}`)).statusCode).toBe(403);
  });
});
