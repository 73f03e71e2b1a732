/**
 * Enquiries (咨询), suggestions (建议) and praise (表扬): short flows. An enquiry is usually
 * answered on the spot and closed; otherwise it is forwarded, answered by the department, told
 * to the customer by the owner, then closed. Praise is recorded and closed.
 */
import {
  actorIsAssignee,
  assigneeChanges,
  assigneeRequired,
  customerInformed,
  noteRequired,
  outcomeIn,
  reasonRequired,
  residentIsReporter,
  residentOnlyIn,
} from '../guards';
import { ADOPTION_OUTCOMES, type Guard, type KindTable, type TransitionDef } from '../types';
import { DESK, HANDLERS, handoverOwner, informCustomer, takeOwnership } from './shared';

const FORWARDABLE_STATES = ['received', 'dispatched', 'in_progress', 'completed', 'closed', 'cancelled'] as const;
const RESULT = ['completed', 'closed', 'cancelled'];
const desk = [...DESK, 'dispatcher'] as const;

const assigneeOrLead: Guard = {
  id: 'assignee_or_lead',
  needsInput: false,
  check: (ctx) => (ctx.via.some((r) => r === 'supervisor' || r === 'manager') ? null : actorIsAssignee.check(ctx)),
};

/** Answer-or-forward flow shared by enquiries and suggestions. */
function forwardable(kind: 'enquiry' | 'suggestion'): TransitionDef[] {
  return [
    {
      // 直接答复并关闭: the answer given is the result, so the customer is informed.
      action: 'answer',
      from: ['received'],
      to: 'closed',
      roles: desk,
      guards: [noteRequired],
      effects: (ctx) => ({ ...takeOwnership(ctx), customerInformed: true }),
    },
    {
      action: 'dispatch', // 转相关部门
      from: ['received'],
      to: 'dispatched',
      roles: desk,
      guards: [assigneeRequired],
      effects: (ctx) => ({ ...takeOwnership(ctx), assigneeId: ctx.input.assigneeId!, departmentId: ctx.input.departmentId ?? ctx.order.departmentId }),
      optionalInputs: ['departmentId', 'note'],
    },
    { action: 'accept', from: ['dispatched'], to: 'in_progress', roles: HANDLERS, guards: [actorIsAssignee] },
    {
      action: 'complete', // 部门答复 / 采纳意见
      from: ['in_progress'],
      to: 'completed',
      roles: HANDLERS,
      guards: kind === 'suggestion' ? [assigneeOrLead, outcomeIn(ADOPTION_OUTCOMES), noteRequired] : [assigneeOrLead, noteRequired],
      effects: ({ input }) => (kind === 'suggestion' ? { adoption: input.outcome! } : {}),
    },
    {
      action: 'close', // 告知后关闭
      from: ['completed'],
      to: 'closed',
      roles: desk,
      guards: [customerInformed],
    },
    {
      action: 'cancel',
      from: ['received', 'dispatched', 'in_progress'],
      to: 'cancelled',
      roles: [...desk, 'admin', 'resident'],
      guards: [residentIsReporter, residentOnlyIn(['received']), reasonRequired],
    },
    {
      action: 'transfer',
      from: ['dispatched', 'in_progress'],
      to: 'dispatched',
      roles: HANDLERS,
      guards: [assigneeOrLead, assigneeRequired, assigneeChanges, reasonRequired],
      effects: ({ input, order }) => ({ assigneeId: input.assigneeId!, departmentId: input.departmentId ?? order.departmentId }),
      optionalInputs: ['departmentId'],
    },
    {
      action: 'hand_back',
      from: ['dispatched', 'in_progress'],
      to: 'received',
      roles: HANDLERS,
      guards: [assigneeOrLead, reasonRequired],
      effects: () => ({ assigneeId: null }),
    },
    informCustomer(RESULT),
    handoverOwner(FORWARDABLE_STATES),
  ];
}

export const enquiryTable: KindTable = {
  kind: 'enquiry',
  states: FORWARDABLE_STATES,
  initial: 'received',
  terminal: ['closed', 'cancelled'],
  resultStates: RESULT,
  informRequired: true,
  createRoles: ['agent', 'front_desk', 'dispatcher', 'supervisor', 'manager', 'resident'],
  transitions: forwardable('enquiry'),
};

export const suggestionTable: KindTable = {
  ...enquiryTable,
  kind: 'suggestion',
  transitions: forwardable('suggestion'),
};

const PRAISE_STATES = ['received', 'closed', 'cancelled'] as const;

export const praiseTable: KindTable = {
  kind: 'praise',
  states: PRAISE_STATES,
  initial: 'received',
  terminal: ['closed', 'cancelled'],
  resultStates: [],
  informRequired: false,
  createRoles: ['agent', 'front_desk', 'dispatcher', 'supervisor', 'manager', 'resident'],
  transitions: [
    // 登记并转达: recorded, passed to the staff praised, closed.
    { action: 'close', from: ['received'], to: 'closed', roles: desk, guards: [], effects: takeOwnership, optionalInputs: ['note'] },
    { action: 'cancel', from: ['received'], to: 'cancelled', roles: [...desk, 'admin'], guards: [reasonRequired] },
    handoverOwner(PRAISE_STATES),
  ],
};
