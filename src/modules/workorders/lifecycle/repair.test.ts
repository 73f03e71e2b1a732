import { describe, expect, it } from 'vitest';
import { computeSlaState, createCalendar, DEFAULT_SLA_POLICY, resolveSlaPolicy } from '../../sla';
import { applyTransition, availableActions, awaitsCustomerInformed, blankOrder, createOrder } from './engine';
import { repairTable } from './tables';
import {
  actor,
  admin,
  agent,
  agent2,
  collector,
  dispatcher,
  manager,
  otherResident,
  qa,
  resident,
  Story,
  supervisor,
  tech,
  tech2,
} from './test-helpers';

const AT = '2025-09-02T01:00:00.000Z';

/** A free repair taken by agent1 and dispatched to tech1, up to in_progress. */
function toWork(): Story {
  return new Story('repair', agent)
    .do('acknowledge', agent)
    .do('dispatch', dispatcher, { assigneeId: 'tech1' })
    .do('accept', tech)
    .do('arrive', tech)
    .do('start_work', tech);
}

describe('repair: the main path', () => {
  it('runs received → … → closed with a satisfied return visit', () => {
    const s = toWork().do('complete', tech).do('request_visit', agent).do('return_visit', agent, { outcome: 'satisfied' });
    expect(s.events.map((e) => `${e.action}:${e.to}`)).toEqual([
      'create:received',
      'acknowledge:awaiting_dispatch',
      'dispatch:dispatched',
      'accept:accepted',
      'arrive:on_site',
      'start_work:in_progress',
      'complete:completed',
      'request_visit:awaiting_visit',
      'return_visit:closed',
    ]);
    expect(s.order).toMatchObject({ state: 'closed', version: 9, ownerId: 'agent1', assigneeId: 'tech1', visitOutcome: 'satisfied', customerInformed: true });
    expect(s.events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('creates with the first contact as owner, or none when a resident submits', () => {
    const byAgent = createOrder({ id: 'A', kind: 'repair', at: AT }, agent);
    expect(byAgent.ok && byAgent.next).toMatchObject({ state: 'received', ownerId: 'agent1', reporterId: null, version: 1 });
    const byResident = createOrder({ id: 'B', kind: 'repair', at: AT }, resident);
    expect(byResident.ok && byResident.next).toMatchObject({ ownerId: null, reporterId: 'res1' });
    // The first member of staff to take it becomes the owner.
    const s = new Story('repair', resident).do('acknowledge', agent2);
    expect(s.order.ownerId).toBe('agent2');
    expect(s.events[1].patch).toEqual({ ownerId: 'agent2' });
    expect(createOrder({ id: 'C', kind: 'repair', at: AT }, collector)).toMatchObject({ ok: false, code: 'lifecycle.role_forbidden' });
    expect(createOrder({ id: 'D', kind: 'repair', at: 'yesterday' }, agent)).toMatchObject({ ok: false, code: 'lifecycle.invalid_at' });
  });

  it('records the event with actor, roles used, normalised UTC time, text fields and the changed fields only', () => {
    const s = new Story('repair', agent).do('acknowledge', agent);
    const r = applyTransition(repairTable, s.order, 'dispatch', { at: '2025-09-02T09:30:00+08:00', assigneeId: 'tech1', note: '  带梯子 ' }, actor('multi', 'qa', 'dispatcher'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event).toEqual({
      orderId: 'WO1',
      kind: 'repair',
      action: 'dispatch',
      from: 'awaiting_dispatch',
      to: 'dispatched',
      at: '2025-09-02T01:30:00.000Z',
      actorId: 'multi',
      actorRoles: ['dispatcher'],
      version: 3,
      note: '带梯子',
      patch: { assigneeId: 'tech1' },
    });
    expect(r.patch).toEqual({ assigneeId: 'tech1', state: 'dispatched', version: 3 });
    expect(r.next).toEqual({ ...s.order, assigneeId: 'tech1', state: 'dispatched', version: 3 });
  });
});


describe('repair: guards', () => {
  it('requires an assignee to dispatch', () => {
    const s = new Story('repair', agent).do('acknowledge', agent);
    expect(s.try('dispatch', dispatcher, {})).toBe('lifecycle.assignee_required');
    expect(s.try('dispatch', dispatcher, { assigneeId: '  ' })).toBe('lifecycle.assignee_required');
  });

  it('lets only the assigned technician accept, arrive, start and complete', () => {
    const s = new Story('repair', agent).do('dispatch', agent, { assigneeId: 'tech1' });
    expect(s.try('accept', tech2)).toBe('lifecycle.not_assignee');
    expect(s.try('accept', supervisor)).toBe('lifecycle.role_forbidden');
    expect(s.try('accept', tech)).toBe('ok');
    expect(s.try('arrive', tech2)).toBe('lifecycle.not_assignee');
    s.do('arrive', tech).do('start_work', tech);
    expect(s.try('complete', tech2)).toBe('lifecycle.not_assignee');
  });

  it('needs a valid hold reason; resume clears it; a dispatcher may hold on the technician’s behalf', () => {
    const s = toWork();
    expect(s.try('hold', tech)).toBe('lifecycle.hold_reason_required');
    expect(s.try('hold', tech, { holdReason: 'lunch' })).toBe('lifecycle.invalid_hold_reason');
    expect(s.try('hold', tech2, { holdReason: 'waiting_parts' })).toBe('lifecycle.not_assignee');
    s.do('hold', dispatcher, { holdReason: 'waiting_parts', reason: '等水泵' });
    expect(s.order).toMatchObject({ state: 'on_hold', holdReason: 'waiting_parts' });
    s.do('resume', tech);
    expect(s.order).toMatchObject({ state: 'in_progress', holdReason: null });
  });

  it('sends a paid repair through awaiting_payment and never straight to the return visit', () => {
    const s = new Story('repair', agent, { paid: true })
      .do('dispatch', agent, { assigneeId: 'tech1' })
      .do('accept', tech)
      .do('arrive', tech)
      .do('start_work', tech);
    expect(s.try('complete', tech)).toBe('lifecycle.charge_required');
    expect(s.try('complete', tech, { chargeFen: 12.5 })).toBe('lifecycle.charge_required');
    s.do('complete', tech, { chargeFen: 8000 });
    expect(s.try('request_visit', agent)).toBe('lifecycle.payment_required');
    s.do('request_payment', tech);
    expect(s.try('confirm_payment', collector, { amountFen: 7000 })).toBe('lifecycle.amount_mismatch');
    expect(s.try('confirm_payment', collector, { amountFen: -1 })).toBe('lifecycle.invalid_amount');
    expect(s.try('confirm_payment', tech, { amountFen: 8000 })).toBe('lifecycle.role_forbidden');
    s.do('confirm_payment', collector, { amountFen: 8000 });
    expect(s.order).toMatchObject({ state: 'awaiting_visit', chargeFen: 8000, paidFen: 8000 });
  });

  it('does not bill a free repair', () => {
    const s = toWork();
    expect(s.try('complete', tech, { chargeFen: 500 })).toBe('lifecycle.charge_on_free_order');
    s.do('complete', tech);
    expect(s.try('request_payment', agent)).toBe('lifecycle.not_a_paid_order');
  });

  it('lets a manager waive the charge, with a reason', () => {
    const s = new Story('repair', agent, { paid: true }).do('dispatch', agent, { assigneeId: 'tech1' }).do('accept', tech).do('arrive', tech).do('start_work', tech);
    s.do('complete', tech, { chargeFen: 3000 }).do('request_payment', agent);
    expect(s.try('waive_payment', supervisor, { reason: 'x' })).toBe('lifecycle.role_forbidden');
    expect(s.try('waive_payment', manager)).toBe('lifecycle.reason_required');
    s.do('waive_payment', manager, { reason: '保修期内' });
    expect(s.order).toMatchObject({ state: 'awaiting_visit', paymentWaived: true, paidFen: 0 });
  });

  it('requires a return-visit outcome, and a reason when dissatisfied', () => {
    const s = toWork().do('complete', tech).do('request_visit', agent);
    expect(s.try('return_visit', agent)).toBe('lifecycle.outcome_required');
    expect(s.try('return_visit', agent, { outcome: 'great' })).toBe('lifecycle.outcome_required');
    expect(s.try('return_visit', agent, { outcome: 'dissatisfied' })).toBe('lifecycle.reason_required');
    expect(s.try('return_visit', tech, { outcome: 'satisfied' })).toBe('lifecycle.role_forbidden');
    expect(s.try('return_visit', qa, { outcome: 'basically_satisfied' })).toBe('ok');
    expect(s.order.state).toBe('closed');
  });

  it('rejects stale versions and bad instants before anything else', () => {
    const s = toWork();
    const r = applyTransition(repairTable, s.order, 'complete', { at: AT, expectedVersion: s.order.version - 1 }, tech);
    expect(r).toEqual({ ok: false, code: 'lifecycle.version_conflict', params: { expected: 5, actual: 6 } });
    expect(applyTransition(repairTable, s.order, 'complete', { at: AT, expectedVersion: s.order.version }, tech).ok).toBe(true);
    expect(applyTransition(repairTable, s.order, 'complete', { at: '2025-09-02 09:00' }, tech)).toMatchObject({ code: 'lifecycle.invalid_at' });
    expect(applyTransition(repairTable, s.order, 'fly', { at: AT }, tech)).toMatchObject({ code: 'lifecycle.unknown_action', params: { action: 'fly', kind: 'repair' } });
    expect(applyTransition(repairTable, { ...s.order, kind: 'hazard' }, 'complete', { at: AT }, tech)).toMatchObject({ code: 'lifecycle.kind_mismatch' });
  });

  it('never mutates the order it is given', () => {
    const s = toWork();
    const frozen = Object.freeze({ ...s.order });
    const r = applyTransition(repairTable, frozen, 'hold', { at: AT, holdReason: 'waiting_owner' }, tech);
    expect(r.ok).toBe(true);
    expect(frozen.state).toBe('in_progress');
  });
});

describe('repair: cancel, transfer, hand back, re-dispatch', () => {
  it('cancels from any state before completion with a reason, not after', () => {
    const before = ['received', 'awaiting_dispatch', 'dispatched', 'accepted', 'on_site', 'in_progress', 'on_hold'];
    const after = ['completed', 'awaiting_payment', 'awaiting_visit', 'closed', 'cancelled'];
    for (const state of before) {
      const o = { ...blankOrder('X', 'repair', state), ownerId: 'agent1', assigneeId: 'tech1' };
      expect(applyTransition(repairTable, o, 'cancel', { at: AT }, agent)).toMatchObject({ ok: false, code: 'lifecycle.reason_required' });
      expect(applyTransition(repairTable, o, 'cancel', { at: AT, reason: '业主自行修好' }, agent)).toMatchObject({ ok: true, next: { state: 'cancelled' } });
    }
    for (const state of after)
      expect(applyTransition(repairTable, blankOrder('X', 'repair', state), 'cancel', { at: AT, reason: 'x' }, agent)).toMatchObject({
        ok: false,
        code: 'lifecycle.transition_not_allowed',
      });
  });

  it('lets residents withdraw only their own requests, and only before dispatch', () => {
    const s = new Story('repair', resident);
    expect(s.try('cancel', otherResident, { reason: 'x' })).toBe('lifecycle.not_reporter');
    const t = new Story('repair', resident).do('dispatch', dispatcher, { assigneeId: 'tech1' });
    expect(t.try('cancel', resident, { reason: 'x' })).toBe('lifecycle.too_late_to_cancel');
    expect(availableActions(t.order, resident).map((a) => a.action)).toEqual([]);
    expect(s.try('cancel', resident, { reason: '不需要了' })).toBe('ok');
    expect(s.try('cancel', tech, { reason: 'x' })).toBe('lifecycle.transition_not_allowed');
  });

  it('transfers to another technician (reason required, must change), keeping the owner', () => {
    const s = toWork().do('hold', tech, { holdReason: 'waiting_third_party' });
    expect(s.try('transfer', tech, { assigneeId: 'tech2' })).toBe('lifecycle.reason_required');
    expect(s.try('transfer', tech, { assigneeId: 'tech1', reason: 'x' })).toBe('lifecycle.same_assignee');
    expect(s.try('transfer', tech2, { assigneeId: 'tech2', reason: 'x' })).toBe('lifecycle.not_assignee');
    s.do('transfer', tech, { assigneeId: 'tech2', reason: '需要电工' });
    expect(s.order).toMatchObject({ state: 'dispatched', assigneeId: 'tech2', ownerId: 'agent1', holdReason: null });
    s.do('accept', tech2);
  });

  it('hands back to dispatch and re-dispatches, never touching the owner', () => {
    const s = toWork().do('hand_back', tech, { reason: '不是我的片区' });
    expect(s.order).toMatchObject({ state: 'awaiting_dispatch', assigneeId: null, ownerId: 'agent1' });
    s.do('dispatch', dispatcher, { assigneeId: 'tech2' }).do('accept', tech2);
    expect(s.try('redispatch', tech2, { assigneeId: 'tech1' })).toBe('lifecycle.role_forbidden');
    s.do('redispatch', dispatcher, { assigneeId: 'tech1' });
    expect(s.order).toMatchObject({ state: 'dispatched', assigneeId: 'tech1', ownerId: 'agent1' });
    expect(s.events.every((e) => e.patch.ownerId === undefined || e.action === 'create')).toBe(true);
  });
});

describe('repair: reopen and first-contact duties', () => {
  it('reopens on a dissatisfied return visit: counted, unassigned, customer to be informed again', () => {
    const s = toWork().do('complete', tech).do('request_visit', agent);
    s.do('inform_customer', agent, { channel: 'phone' });
    s.do('return_visit', agent2, { outcome: 'dissatisfied', reason: '仍然漏水' });
    expect(s.order).toMatchObject({ state: 'awaiting_dispatch', reopenCount: 1, assigneeId: null, customerInformed: false, ownerId: 'agent1' });
    expect(s.events.at(-1)).toMatchObject({ action: 'return_visit', to: 'awaiting_dispatch', reopen: true, outcome: 'dissatisfied', reason: '仍然漏水' });
    s.do('dispatch', dispatcher, { assigneeId: 'tech2' });
    expect(s.order.reopenCount).toBe(1);
  });

  it('keeps closed terminal except the supervisor’s reopen', () => {
    const s = toWork().do('complete', tech).do('request_visit', agent).do('return_visit', agent, { outcome: 'satisfied' });
    const stateChanging = availableActions(s.order, supervisor).filter((a) => !a.to.includes('closed'));
    expect(stateChanging.map((a) => a.action)).toEqual(['reopen']);
    expect(s.try('reopen', agent, { reason: 'x' })).toBe('lifecycle.role_forbidden');
    expect(s.try('reopen', supervisor)).toBe('lifecycle.reason_required');
    s.do('reopen', supervisor, { reason: '业主再次来电' });
    expect(s.order).toMatchObject({ state: 'awaiting_dispatch', reopenCount: 1 });
  });

  it('shows the order in the owner’s queue until the customer is told, and only the owner or a lead may tell', () => {
    const s = toWork();
    expect(awaitsCustomerInformed(s.order)).toBe(false); // no result yet
    s.do('complete', tech);
    expect(awaitsCustomerInformed(s.order)).toBe(true);
    expect(s.try('inform_customer', agent2)).toBe('lifecycle.not_owner');
    expect(s.try('inform_customer', tech)).toBe('lifecycle.role_forbidden');
    s.do('inform_customer', agent, { channel: 'sms' });
    expect(awaitsCustomerInformed(s.order)).toBe(false);
    expect(s.order.state).toBe('completed');
    expect(s.try('inform_customer', agent)).toBe('lifecycle.already_informed');
    expect(s.events.at(-1)).toMatchObject({ action: 'inform_customer', from: 'completed', to: 'completed', channel: 'sms', patch: { customerInformed: true } });
  });

  it('changes the owner only by an explicit handover by a supervisor or manager', () => {
    const s = toWork();
    expect(s.try('handover_owner', agent, { newOwnerId: 'agent2', reason: 'x' })).toBe('lifecycle.role_forbidden');
    expect(s.try('handover_owner', admin, { newOwnerId: 'agent2', reason: 'x' })).toBe('lifecycle.role_forbidden');
    expect(s.try('handover_owner', supervisor, { newOwnerId: 'agent1', reason: 'x' })).toBe('lifecycle.same_owner');
    expect(s.try('handover_owner', supervisor, { reason: 'x' })).toBe('lifecycle.new_owner_required');
    expect(s.try('handover_owner', supervisor, { newOwnerId: 'agent2' })).toBe('lifecycle.reason_required');
    s.do('handover_owner', manager, { newOwnerId: 'agent2', reason: '离职交接' });
    expect(s.order).toMatchObject({ ownerId: 'agent2', state: 'in_progress' });
    s.do('complete', tech);
    expect(s.try('inform_customer', agent)).toBe('lifecycle.not_owner');
    expect(s.try('inform_customer', agent2)).toBe('ok');
  });
});

describe('availableActions for the UI', () => {
  it('lists what the actor can do now, with the form fields', () => {
    const s = new Story('repair', agent).do('acknowledge', agent).do('dispatch', dispatcher, { assigneeId: 'tech1' });
    expect(availableActions(s.order, tech)).toEqual([
      { action: 'accept', to: ['accepted'], requires: [], optional: [] },
      { action: 'transfer', to: ['dispatched'], requires: ['assigneeId', 'reason'], optional: ['departmentId'] },
      { action: 'hand_back', to: ['awaiting_dispatch'], requires: ['reason'], optional: [] },
    ]);
    expect(availableActions(s.order, tech2).map((a) => a.action)).toEqual([]);
    expect(availableActions(s.order, dispatcher).map((a) => a.action)).toEqual(['cancel', 'transfer', 'hand_back', 'redispatch']);
    expect(availableActions(s.order, supervisor).map((a) => a.action)).toEqual(['cancel', 'transfer', 'hand_back', 'redispatch', 'handover_owner']);
  });

  it('offers both outcomes of a return visit', () => {
    const s = toWork().do('complete', tech).do('request_visit', agent);
    expect(availableActions(s.order, agent).find((a) => a.action === 'return_visit')).toEqual({
      action: 'return_visit',
      to: ['awaiting_dispatch', 'closed'],
      requires: ['outcome'],
      optional: ['reason', 'note'],
    });
  });
});

describe('lifecycle events drive the SLA clocks as they are', () => {
  it('feeds computeSlaState without any mapping', () => {
    const s = toWork().do('hold', tech, { holdReason: 'waiting_parts' }).do('resume', tech).do('complete', tech);
    const policy = resolveSlaPolicy(DEFAULT_SLA_POLICY, { kind: 'repair', priority: 'normal' })!;
    const cal = createCalendar({ mode: '24x7' });
    const sla = computeSlaState(policy, cal, s.events, Date.parse(s.events.at(-1)!.at) + 60_000);
    const byName = Object.fromEntries(sla.targets.map((t) => [t.target, t]));
    // The ticker spaces events 10 minutes apart; the hold lasted one step.
    expect(byName.response.elapsedMinutes).toBe(10);
    expect(byName.dispatch.elapsedMinutes).toBe(20);
    expect(byName.on_site.elapsedMinutes).toBe(40);
    // Completed 80 minutes after creation, 10 of them on hold waiting for parts.
    expect(byName.resolution).toMatchObject({ status: 'met', elapsedMinutes: 70, pausedMinutes: 10 });
    expect(byName.resolution.attribution).toEqual([
      { holderId: 'agent1', role: 'owner', minutes: 20 },
      { holderId: 'tech1', role: 'assignee', minutes: 50 },
    ]);
  });
});
