/**
 * Complaints (投诉): the repair flow without the field steps (accept goes straight to handling)
 * and without payment; the handling result is mandatory; a return visit closes or reopens.
 */
import {
  actorIsAssignee,
  assigneeChanges,
  assigneeRequired,
  holdReasonRequired,
  noteRequired,
  outcomeIn,
  reasonRequired,
  reasonWhenOutcome,
  residentIsReporter,
  residentOnlyIn,
} from '../guards';
import { VISIT_OUTCOMES, type Guard, type KindTable } from '../types';
import { DESK, DISPATCHERS, HANDLERS, handoverOwner, informCustomer, LEADS, reopenPatch, takeOwnership } from './shared';

export const COMPLAINT_STATES = [
  'received',
  'awaiting_dispatch',
  'dispatched',
  'in_progress',
  'on_hold',
  'completed', // 处理完毕
  'awaiting_visit',
  'closed',
  'cancelled',
] as const;

const ASSIGNED = ['dispatched', 'in_progress', 'on_hold'];
const RESULT = ['completed', 'awaiting_visit', 'closed', 'cancelled'];

/** Supervisors and managers may act for the handler; anyone else must be the assignee. */
const assigneeOrLead: Guard = {
  id: 'assignee_or_lead',
  needsInput: false,
  check: (ctx) =>
    ctx.via.some((r) => r === 'supervisor' || r === 'manager') ? null : actorIsAssignee.check(ctx),
};

export const complaintTable: KindTable = {
  kind: 'complaint',
  states: COMPLAINT_STATES,
  initial: 'received',
  terminal: ['closed', 'cancelled'],
  resultStates: RESULT,
  informRequired: true,
  createRoles: ['agent', 'front_desk', 'dispatcher', 'supervisor', 'manager', 'resident'],
  transitions: [
    { action: 'acknowledge', from: ['received'], to: 'awaiting_dispatch', roles: [...DESK, 'dispatcher'], guards: [], effects: takeOwnership, optionalInputs: ['note'] },
    {
      action: 'dispatch',
      from: ['received', 'awaiting_dispatch'],
      to: 'dispatched',
      roles: [...DISPATCHERS, 'agent'],
      guards: [assigneeRequired],
      effects: (ctx) => ({ ...takeOwnership(ctx), assigneeId: ctx.input.assigneeId!, departmentId: ctx.input.departmentId ?? ctx.order.departmentId }),
      optionalInputs: ['departmentId', 'note'],
    },
    { action: 'accept', from: ['dispatched'], to: 'in_progress', roles: HANDLERS, guards: [actorIsAssignee] },
    {
      action: 'hold',
      from: ['in_progress'],
      to: 'on_hold',
      roles: HANDLERS,
      guards: [assigneeOrLead, holdReasonRequired],
      effects: ({ input }) => ({ holdReason: input.holdReason! }),
      optionalInputs: ['reason'],
    },
    { action: 'resume', from: ['on_hold'], to: 'in_progress', roles: HANDLERS, guards: [assigneeOrLead], effects: () => ({ holdReason: null }) },
    { action: 'complete', from: ['in_progress'], to: 'completed', roles: HANDLERS, guards: [assigneeOrLead, noteRequired] },
    { action: 'request_visit', from: ['completed'], to: 'awaiting_visit', roles: [...DESK, 'dispatcher'], guards: [] },
    {
      action: 'return_visit',
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
    { action: 'close_without_visit', from: ['awaiting_visit'], to: 'closed', roles: LEADS, guards: [reasonRequired] },
    { action: 'reopen', from: ['closed'], to: 'awaiting_dispatch', roles: LEADS, guards: [reasonRequired], effects: reopenPatch },
    {
      action: 'cancel',
      from: ['received', 'awaiting_dispatch', ...ASSIGNED],
      to: 'cancelled',
      roles: [...DESK, 'dispatcher', 'admin', 'resident'],
      guards: [residentIsReporter, residentOnlyIn(['received', 'awaiting_dispatch']), reasonRequired],
      effects: () => ({ holdReason: null }),
    },
    {
      action: 'transfer',
      from: ASSIGNED,
      to: 'dispatched',
      roles: HANDLERS,
      guards: [assigneeOrLead, assigneeRequired, assigneeChanges, reasonRequired],
      effects: ({ input, order }) => ({ assigneeId: input.assigneeId!, departmentId: input.departmentId ?? order.departmentId, holdReason: null }),
      optionalInputs: ['departmentId'],
    },
    {
      action: 'hand_back',
      from: ASSIGNED,
      to: 'awaiting_dispatch',
      roles: HANDLERS,
      guards: [assigneeOrLead, reasonRequired],
      effects: () => ({ assigneeId: null, holdReason: null }),
    },
    informCustomer(RESULT),
    handoverOwner(COMPLAINT_STATES),
  ],
};
