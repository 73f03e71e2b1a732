import { describe, expect, it } from 'vitest';
import { canAttach } from './attachments';
import { maskPhones, orderVisibility, redactOrder, redactPhones } from './privacy';

const tech = { role: 'technician' as const, userId: 't1' };
const inspector = { role: 'inspector' as const, userId: 'i1' };
const agent = { role: 'agent' as const, userId: 'a1' };

describe('phone masking', () => {
  it('masks mobiles, landlines and bare numbers, keeping the last four digits', () => {
    expect(maskPhones('13812345678')).toBe('138****5678');
    expect(maskPhones('+86 138 1234 5678')).toBe('+86 138 **** 5678');
    expect(maskPhones('138-1234-5678')).toBe('138-****-5678');
    expect(maskPhones('021-62345678 转 801')).toBe('021-****5678 转 801');
    expect(maskPhones('请联系62345678')).toBe('请联系****5678');
    expect(maskPhones(null)).toBeNull();
  });
  it('leaves order numbers, dates, short numbers and other text alone', () => {
    for (const s of ['BX202611240001 返修', '2026-12-06 10:30 上门', '1-1201 卫生间漏水', '分机 801']) expect(maskPhones(s)).toBe(s);
  });
});

describe('who sees a customer on an order', () => {
  it('staff other than technicians and inspectors see everything', () => {
    expect(orderVisibility(agent, { assigneeId: null, state: 'closed' })).toBe('full');
    expect(orderVisibility({ role: 'dispatcher', userId: 'd' }, { assigneeId: 't1', state: 'on_site' })).toBe('full');
  });
  it('a technician sees the phone only on their active work', () => {
    for (const state of ['dispatched', 'accepted', 'on_site', 'in_progress', 'on_hold']) expect(orderVisibility(tech, { assigneeId: 't1', state })).toBe('full');
    for (const state of ['completed', 'awaiting_visit', 'closed', 'cancelled']) expect(orderVisibility(tech, { assigneeId: 't1', state })).toBe('masked');
    expect(orderVisibility(tech, { assigneeId: 't2', state: 'on_site' })).toBe('minimal');
    expect(orderVisibility(tech, { assigneeId: null, state: 'awaiting_dispatch' })).toBe('minimal');
  });
  it('an inspector: rectification they do, hazards they own, hazards of others', () => {
    expect(orderVisibility(inspector, { assigneeId: 'i1', state: 'rectifying' })).toBe('full');
    expect(orderVisibility(inspector, { assigneeId: 'x', ownerId: 'i1', state: 'awaiting_reinspection' })).toBe('masked');
    expect(orderVisibility(inspector, { assigneeId: 'x', ownerId: 'y', state: 'awaiting_reinspection' })).toBe('minimal');
  });
  it('redacts by level', () => {
    const o = { id: 'o', title: '漏水 13812345678', description: '业主电话 13812345678', location: null, partyName: '张伟', contactName: '张先生', contactPhone: '13812345678' };
    expect(redactOrder(o, 'full')).toEqual(o);
    expect(redactOrder(o, 'masked')).toEqual({ ...o, title: '漏水 138****5678', description: '业主电话 138****5678', contactPhone: '138****5678' });
    expect(redactOrder(o, 'minimal')).toEqual({ ...o, title: '漏水 138****5678', description: '业主电话 138****5678', partyName: null, contactName: null, contactPhone: null });
    expect(o.contactPhone).toBe('13812345678'); // a copy, not changed in place
    expect(redactPhones(['13812345678'], 'full')).toEqual(['13812345678']);
    expect(redactPhones(['13812345678'], 'masked')).toEqual(['138****5678']);
    expect(redactPhones(['13812345678'], 'minimal')).toEqual([]);
  });
});

describe('who may add an attachment', () => {
  const order = (assignee: string | null, state: string, owner = 'a1') => ({ owner_id: owner, assignee_id: assignee, state });
  it('the assignee technician on active work, not otherwise', () => {
    expect(canAttach(tech, order('t1', 'on_site'))).toBe(true);
    expect(canAttach(tech, order('t1', 'closed'))).toBe(false);
    expect(canAttach(tech, order('t2', 'on_site'))).toBe(false);
    expect(canAttach(tech, order(null, 'awaiting_dispatch'))).toBe(false);
  });
  it('desk and dispatch roles, owners and residents; not QA or an unassigned inspector', () => {
    expect(canAttach(agent, order(null, 'received', 'other'))).toBe(true);
    expect(canAttach({ role: 'dispatcher', userId: 'd' }, order('t1', 'on_site'))).toBe(true);
    expect(canAttach({ role: 'resident', userId: 'r' }, order(null, 'received'))).toBe(true);
    expect(canAttach({ role: 'qa', userId: 'q' }, order('t1', 'on_site'))).toBe(false);
    expect(canAttach(inspector, order('t1', 'rectifying'))).toBe(false);
    expect(canAttach(inspector, order('t1', 'awaiting_reinspection', 'i1'))).toBe(true);
  });
});
