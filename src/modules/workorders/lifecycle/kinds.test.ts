import { describe, expect, it } from 'vitest';
import { availableActions, awaitsCustomerInformed } from './engine';
import {
  agent,
  agent2,
  collector,
  dispatcher,
  frontDesk,
  inspector,
  inspector2,
  manager,
  otherResident,
  resident,
  Story,
  supervisor,
  tech,
} from './test-helpers';

describe('complaint', () => {
  it('is handled by the assignee with a written result, visited, and closed', () => {
    const s = new Story('complaint', agent)
      .do('acknowledge', agent)
      .do('dispatch', dispatcher, { assigneeId: 'agent2', departmentId: 'security' })
      .do('accept', agent2);
    expect(s.order.state).toBe('in_progress');
    expect(s.try('complete', agent2)).toBe('lifecycle.note_required');
    expect(s.try('complete', agent, { note: 'x' })).toBe('lifecycle.not_assignee');
    s.do('complete', agent2, { note: '已约谈施工方，夜间停工' }).do('request_visit', agent).do('return_visit', agent, { outcome: 'satisfied' });
    expect(s.order).toMatchObject({ state: 'closed', departmentId: 'security', ownerId: 'agent1' });
  });

  it('has no field steps and no payment', () => {
    const s = new Story('complaint', agent).do('dispatch', agent, { assigneeId: 'agent2' });
    for (const a of ['arrive', 'start_work', 'request_payment']) expect(s.try(a, agent2)).toBe('lifecycle.unknown_action');
  });

  it('lets a supervisor complete on the handler’s behalf and reopens on dissatisfaction', () => {
    const s = new Story('complaint', agent).do('dispatch', agent, { assigneeId: 'agent2' }).do('accept', agent2);
    s.do('complete', supervisor, { note: '主管处理' }).do('request_visit', agent);
    s.do('return_visit', agent, { outcome: 'dissatisfied', reason: '没有解决' });
    expect(s.order).toMatchObject({ state: 'awaiting_dispatch', reopenCount: 1, assigneeId: null });
  });
});

describe('enquiry', () => {
  it('can be answered on the spot and closed, customer informed by the answer', () => {
    const s = new Story('enquiry', frontDesk);
    expect(s.try('answer', frontDesk)).toBe('lifecycle.note_required');
    s.do('answer', frontDesk, { note: '物业费可在APP缴纳' });
    expect(s.order).toMatchObject({ state: 'closed', customerInformed: true, ownerId: 'fd1' });
    expect(awaitsCustomerInformed(s.order)).toBe(false);
  });

  it('when forwarded, closes only after the owner has told the customer', () => {
    const s = new Story('enquiry', agent).do('dispatch', agent, { assigneeId: 'agent2' }).do('accept', agent2).do('complete', agent2, { note: '答复内容' });
    expect(awaitsCustomerInformed(s.order)).toBe(true);
    expect(s.try('close', agent)).toBe('lifecycle.customer_not_informed');
    expect(availableActions(s.order, agent).map((a) => a.action)).toEqual(['inform_customer']);
    s.do('inform_customer', agent, { channel: 'phone' }).do('close', agent);
    expect(s.order.state).toBe('closed');
  });

  it('hands back to the desk', () => {
    const s = new Story('enquiry', agent).do('dispatch', agent, { assigneeId: 'agent2' });
    s.do('hand_back', agent2, { reason: '不属于本部门' });
    expect(s.order).toMatchObject({ state: 'received', assigneeId: null });
  });
});

describe('suggestion', () => {
  it('records whether it was adopted', () => {
    const s = new Story('suggestion', resident).do('dispatch', agent, { assigneeId: 'agent2' }).do('accept', agent2);
    expect(s.try('complete', agent2, { note: 'x' })).toBe('lifecycle.outcome_required');
    s.do('complete', agent2, { note: '增设充电桩', outcome: 'partially_adopted' });
    expect(s.order).toMatchObject({ state: 'completed', adoption: 'partially_adopted', ownerId: 'agent1', reporterId: 'res1' });
  });

  it('lets the resident withdraw only while it is still received', () => {
    const s = new Story('suggestion', resident);
    expect(s.try('cancel', otherResident, { reason: 'x' })).toBe('lifecycle.not_reporter');
    s.do('dispatch', agent, { assigneeId: 'agent2' });
    expect(s.try('cancel', resident, { reason: 'x' })).toBe('lifecycle.too_late_to_cancel');
  });
});

describe('praise', () => {
  it('is recorded and closed, with no customer-informed duty', () => {
    const s = new Story('praise', resident).do('close', frontDesk, { note: '表扬维修师傅' });
    expect(s.order).toMatchObject({ state: 'closed', ownerId: 'fd1' });
    expect(awaitsCustomerInformed(s.order)).toBe(false);
    expect(s.try('inform_customer', frontDesk)).toBe('lifecycle.unknown_action');
  });
});

describe('hazard', () => {
  it('reported → assigned → rectifying → awaiting_reinspection → closed', () => {
    const s = new Story('hazard', inspector)
      .do('assign', supervisor, { assigneeId: 'tech1' })
      .do('start_rectify', tech)
      .do('submit_rectification', tech, { note: '更换灭火器' })
      .do('reinspect', inspector, { outcome: 'pass' });
    expect(s.order).toMatchObject({ state: 'closed', ownerId: 'insp1', reinspectionFailCount: 0 });
  });

  it('goes back to rectifying when re-inspection fails, with a reason', () => {
    const s = new Story('hazard', inspector).do('assign', dispatcher, { assigneeId: 'tech1' }).do('start_rectify', tech).do('submit_rectification', tech, { note: 'x' });
    expect(s.try('reinspect', inspector, { outcome: 'fail' })).toBe('lifecycle.reason_required');
    s.do('reinspect', inspector, { outcome: 'fail', reason: '消防通道仍有杂物' });
    expect(s.order).toMatchObject({ state: 'rectifying', reinspectionFailCount: 1 });
    s.do('submit_rectification', tech, { note: '已清理' }).do('reinspect', inspector2, { outcome: 'pass' });
    expect(s.order.state).toBe('closed');
  });

  it('does not let the rectifier pass their own work', () => {
    const s = new Story('hazard', inspector).do('assign', supervisor, { assigneeId: 'insp2' }).do('start_rectify', inspector2).do('submit_rectification', inspector2, { note: 'x' });
    expect(s.try('reinspect', inspector2, { outcome: 'pass' })).toBe('lifecycle.self_inspection');
    expect(s.try('reinspect', inspector, { outcome: 'pass' })).toBe('ok');
  });

  it('only the assignee starts and submits; leads cancel false reports', () => {
    const s = new Story('hazard', inspector).do('assign', supervisor, { assigneeId: 'tech1' });
    expect(s.try('start_rectify', inspector)).toBe('lifecycle.not_assignee');
    expect(s.try('cancel', inspector, { reason: '误报' })).toBe('lifecycle.role_forbidden');
    s.do('cancel', manager, { reason: '误报' });
    expect(s.order.state).toBe('cancelled');
  });
});

describe('renovation', () => {
  function permitted(): Story {
    return new Story('renovation', resident)
      .do('approve', supervisor, { amountFen: 300_000 })
      .do('collect_deposit', collector, { amountFen: 300_000 })
      .do('issue_permit', frontDesk)
      .do('start_works', frontDesk);
  }

  it('applied → approved → permitted → working → accepted → deposit_refunded → closed', () => {
    const s = permitted().do('inspect', inspector).do('request_acceptance', resident).do('accept_works', inspector, { outcome: 'pass' });
    s.do('refund_deposit', collector, { amountFen: 300_000 }).do('close', frontDesk);
    expect(s.order).toMatchObject({ state: 'closed', depositPaidFen: 300_000, depositRefundedFen: 300_000, depositDeductedFen: 0, inspectionCount: 1 });
  });

  it('needs the deposit before the permit, and exactly the amount due', () => {
    const s = new Story('renovation', resident).do('approve', manager, { amountFen: 300_000 });
    expect(s.try('issue_permit', frontDesk)).toBe('lifecycle.deposit_unpaid');
    expect(s.try('collect_deposit', collector, { amountFen: 100_000 })).toBe('lifecycle.amount_mismatch');
    s.do('collect_deposit', collector, { amountFen: 300_000 });
    expect(s.try('collect_deposit', collector, { amountFen: 1 })).toBe('lifecycle.deposit_already_paid');
    expect(s.try('cancel', resident, { reason: '不装了' })).toBe('lifecycle.deposit_held');
    s.do('issue_permit', manager);
    expect(s.order.state).toBe('permitted');
  });

  it('handles a violation: notice, failed and passed verification, deduction from the deposit', () => {
    const s = permitted();
    expect(s.try('record_violation', inspector)).toBe('lifecycle.reason_required');
    s.do('record_violation', inspector, { reason: '擅自拆改承重墙' });
    expect(s.order).toMatchObject({ state: 'violation', violationCount: 1 });
    s.do('issue_rectification_notice', supervisor, { note: '限期三日恢复' });
    s.do('verify_rectification', inspector, { outcome: 'fail', reason: '未恢复' });
    expect(s.order.state).toBe('rectifying');
    s.do('verify_rectification', inspector, { outcome: 'pass' });
    expect(s.order.state).toBe('working');
    expect(s.try('request_acceptance', otherResident)).toBe('lifecycle.not_reporter');
    s.do('request_acceptance', resident).do('accept_works', inspector, { outcome: 'pass' });
    expect(s.try('refund_deposit', collector, { amountFen: 250_000, deductionFen: 50_000 })).toBe('lifecycle.reason_required');
    expect(s.try('refund_deposit', collector, { amountFen: 250_000, deductionFen: 40_000, reason: 'x' })).toBe('lifecycle.refund_mismatch');
    s.do('refund_deposit', manager, { amountFen: 250_000, deductionFen: 50_000, reason: '恢复墙体费用' });
    expect(s.order).toMatchObject({ state: 'deposit_refunded', depositRefundedFen: 250_000, depositDeductedFen: 50_000 });
  });

  it('can be rejected with a reason (terminal) and withdrawn before any deposit', () => {
    const r = new Story('renovation', resident);
    expect(r.try('reject', agent, { reason: 'x' })).toBe('lifecycle.role_forbidden');
    r.do('reject', supervisor, { reason: '资料不全' });
    expect(availableActions(r.order, supervisor).map((a) => a.action)).toEqual(['inform_customer', 'handover_owner']);
    const w = new Story('renovation', resident).do('approve', supervisor, { amountFen: 0 });
    expect(w.try('cancel', resident, { reason: '改期' })).toBe('ok');
  });
});
