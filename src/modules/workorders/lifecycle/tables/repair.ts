/**
 * Repairs (报修: 公共部位 / 专有部位), DESIGN.md §3:
 * received → awaiting_dispatch → dispatched → accepted → on_site → in_progress ⇄ on_hold
 * → completed → [awaiting_payment] → awaiting_visit → closed; cancel, transfer, hand back and
 * re-dispatch before completion; a dissatisfied return visit reopens (→ awaiting_dispatch).
 */
import {
  actorIsAssignee,
  assigneeChanges,
  assigneeRequired,
  chargeWhenPaid,
  freeOrder,
  holdReasonRequired,
  outcomeIn,
  paymentOutstanding,
  paymentSettlesDue,
  reasonRequired,
  reasonWhenOutcome,
  residentIsReporter,
  residentOnlyIn,
  technicianIsAssignee,
} from '../guards';
import { VISIT_OUTCOMES, type KindTable } from '../types';
import { DESK, DISPATCHERS, handoverOwner, informCustomer, LEADS, reopenPatch, takeOwnership } from './shared';

export const REPAIR_STATES = [
  'received', // 待受理
  'awaiting_dispatch', // 待派单
  'dispatched', // 已派单
  'accepted', // 已接单
  'on_site', // 已到场
  'in_progress', // 处理中
  'on_hold', // 挂起
  'completed', // 已完工
  'awaiting_payment', // 待支付
  'awaiting_visit', // 待回访
  'closed', // 已关闭
  'cancelled', // 已撤销
] as const;

/** States in which someone holds the order for work (transfer / hand back / re-dispatch apply). */
const ASSIGNED = ['dispatched', 'accepted', 'on_site', 'in_progress', 'on_hold'];
const BEFORE_COMPLETED = ['received', 'awaiting_dispatch', ...ASSIGNED];
const RESULT = ['completed', 'awaiting_payment', 'awaiting_visit', 'closed', 'cancelled'];

export const repairTable: KindTable = {
  kind: 'repair',
  states: REPAIR_STATES,
  initial: 'received',
  terminal: ['closed', 'cancelled'],
  resultStates: RESULT,
  informRequired: true,
  createRoles: ['agent', 'front_desk', 'dispatcher', 'supervisor', 'manager', 'technician', 'inspector', 'resident'],
  transitions: [
    {
      action: 'acknowledge', // 受理
      from: ['received'],
      to: 'awaiting_dispatch',
      roles: [...DESK, 'dispatcher'],
      guards: [],
      effects: takeOwnership,
      optionalInputs: ['note'],
    },
    {
      action: 'dispatch', // 派单
      from: ['received', 'awaiting_dispatch'],
      to: 'dispatched',
      roles: [...DISPATCHERS, 'agent'],
      guards: [assigneeRequired],
      effects: (ctx) => ({ ...takeOwnership(ctx), assigneeId: ctx.input.assigneeId!, departmentId: ctx.input.departmentId ?? ctx.order.departmentId }),
      optionalInputs: ['departmentId', 'note'],
    },
    {
      action: 'grab', // 抢单: an on-duty technician with the skill takes an undispatched order (skill, duty and cap are checked by the dispatch service)
      from: ['received', 'awaiting_dispatch'],
      to: 'accepted',
      roles: ['technician'],
      guards: [],
      effects: (ctx) => ({ ...takeOwnership(ctx), assigneeId: ctx.actor.id }),
    },
    {
      action: 'accept', // 接单
      from: ['dispatched'],
      to: 'accepted',
      roles: ['technician'],
      guards: [actorIsAssignee],
    },
    {
      action: 'arrive', // 到场
      from: ['accepted'],
      to: 'on_site',
      roles: ['technician'],
      guards: [actorIsAssignee],
    },
    {
      action: 'start_work', // 开始处理
      from: ['on_site'],
      to: 'in_progress',
      roles: ['technician'],
      guards: [actorIsAssignee],
    },
    {
      action: 'hold', // 挂起
      from: ['in_progress'],
      to: 'on_hold',
      roles: ['technician', ...DISPATCHERS],
      guards: [technicianIsAssignee, holdReasonRequired],
      effects: ({ input }) => ({ holdReason: input.holdReason! }),
      optionalInputs: ['reason'],
    },
    {
      action: 'resume', // 恢复处理
      from: ['on_hold'],
      to: 'in_progress',
      roles: ['technician', ...DISPATCHERS],
      guards: [technicianIsAssignee],
      effects: () => ({ holdReason: null }),
    },
    {
      action: 'complete', // 完工
      from: ['in_progress'],
      to: 'completed',
      roles: ['technician'],
      guards: [actorIsAssignee, chargeWhenPaid],
      effects: ({ input, order }) => ({ chargeFen: order.chargeFen + (input.chargeFen ?? 0) }),
      optionalInputs: ['note'],
    },
    {
      action: 'request_payment', // 转待支付
      from: ['completed'],
      to: 'awaiting_payment',
      roles: ['technician', 'agent', 'front_desk', 'collector', ...LEADS],
      guards: [technicianIsAssignee, paymentOutstanding],
    },
    {
      action: 'confirm_payment', // 确认收款
      from: ['awaiting_payment'],
      to: 'awaiting_visit',
      roles: ['collector', 'front_desk', ...LEADS],
      guards: [paymentSettlesDue],
      effects: ({ input, order }) => ({ paidFen: order.paidFen + input.amountFen! }),
      optionalInputs: ['note'],
    },
    {
      action: 'waive_payment', // 免收费用
      from: ['awaiting_payment'],
      to: 'awaiting_visit',
      roles: ['manager'],
      guards: [reasonRequired],
      effects: () => ({ paymentWaived: true }),
    },
    {
      action: 'request_visit', // 转回访
      from: ['completed'],
      to: 'awaiting_visit',
      roles: ['technician', ...DESK, 'dispatcher'],
      guards: [technicianIsAssignee, freeOrder],
    },
    {
      action: 'return_visit', // 回访
      from: ['awaiting_visit'],
      to: { field: 'outcome', cases: { dissatisfied: 'awaiting_dispatch' }, otherwise: 'closed' },
      roles: ['agent', 'front_desk', 'qa', ...LEADS],
      guards: [outcomeIn(VISIT_OUTCOMES), reasonWhenOutcome(['dissatisfied'])],
      effects: (ctx) =>
        ctx.input.outcome === 'dissatisfied'
          ? { ...reopenPatch(ctx), visitOutcome: 'dissatisfied' }
          : { visitOutcome: ctx.input.outcome!, customerInformed: true },
      optionalInputs: ['note'],
    },
    {
      action: 'close_without_visit', // 免回访关闭
      from: ['awaiting_visit'],
      to: 'closed',
      roles: LEADS,
      guards: [reasonRequired],
    },
    {
      action: 'reopen', // 重新打开（业主再次反映）
      from: ['closed'],
      to: 'awaiting_dispatch',
      roles: LEADS,
      guards: [reasonRequired],
      effects: reopenPatch,
    },
    {
      action: 'cancel', // 撤销
      from: BEFORE_COMPLETED,
      to: 'cancelled',
      roles: [...DESK, 'dispatcher', 'admin', 'resident'],
      guards: [residentIsReporter, residentOnlyIn(['received', 'awaiting_dispatch']), reasonRequired],
      effects: () => ({ holdReason: null }),
    },
    {
      action: 'transfer', // 转单（处理人转给他人，须说明原因）
      from: ASSIGNED,
      to: 'dispatched',
      roles: ['technician', ...DISPATCHERS],
      guards: [technicianIsAssignee, assigneeRequired, assigneeChanges, reasonRequired],
      effects: ({ input, order }) => ({ assigneeId: input.assigneeId!, departmentId: input.departmentId ?? order.departmentId, holdReason: null }),
      optionalInputs: ['departmentId'],
    },
    {
      action: 'hand_back', // 退单（退回调度）
      from: ASSIGNED,
      to: 'awaiting_dispatch',
      roles: ['technician', ...DISPATCHERS],
      guards: [technicianIsAssignee, reasonRequired],
      effects: () => ({ assigneeId: null, holdReason: null }),
    },
    {
      action: 'redispatch', // 改派（调度重新派单）
      from: ASSIGNED,
      to: 'dispatched',
      roles: DISPATCHERS,
      guards: [assigneeRequired, assigneeChanges],
      effects: ({ input, order }) => ({ assigneeId: input.assigneeId!, departmentId: input.departmentId ?? order.departmentId, holdReason: null }),
      optionalInputs: ['departmentId', 'reason'],
    },
    informCustomer(RESULT),
    handoverOwner(REPAIR_STATES),
  ],
};
