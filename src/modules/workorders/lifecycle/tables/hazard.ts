/**
 * Hazards (隐患): reported → assigned → rectifying → awaiting_reinspection → closed; a failed
 * re-inspection sends it back to rectifying. The rectifier may not pass their own work.
 */
import {
  actorIsAssignee,
  assigneeChanges,
  assigneeRequired,
  noteRequired,
  notSelfInspection,
  outcomeIn,
  reasonRequired,
  reasonWhenOutcome,
} from '../guards';
import { CHECK_OUTCOMES, type KindTable } from '../types';
import { DISPATCHERS, handoverOwner, informCustomer, LEADS, STAFF, takeOwnership } from './shared';

export const HAZARD_STATES = [
  'reported', // 已上报
  'assigned', // 已指派
  'rectifying', // 整改中
  'awaiting_reinspection', // 待复查
  'closed', // 已销项
  'cancelled', // 已撤销（误报）
] as const;

const RESULT = ['closed', 'cancelled'];

export const hazardTable: KindTable = {
  kind: 'hazard',
  states: HAZARD_STATES,
  initial: 'reported',
  terminal: ['closed', 'cancelled'],
  resultStates: RESULT,
  informRequired: true,
  createRoles: ['inspector', 'technician', 'agent', 'front_desk', 'dispatcher', 'supervisor', 'manager', 'resident'],
  transitions: [
    {
      action: 'assign', // 指派整改
      from: ['reported'],
      to: 'assigned',
      roles: DISPATCHERS,
      guards: [assigneeRequired],
      effects: (ctx) => ({ ...takeOwnership(ctx), assigneeId: ctx.input.assigneeId!, departmentId: ctx.input.departmentId ?? ctx.order.departmentId }),
      optionalInputs: ['departmentId', 'note'],
    },
    {
      action: 'reassign', // 改派
      from: ['assigned', 'rectifying'],
      to: 'assigned',
      roles: DISPATCHERS,
      guards: [assigneeRequired, assigneeChanges],
      effects: ({ input, order }) => ({ assigneeId: input.assigneeId!, departmentId: input.departmentId ?? order.departmentId }),
      optionalInputs: ['departmentId', 'reason'],
    },
    { action: 'start_rectify', from: ['assigned'], to: 'rectifying', roles: STAFF, guards: [actorIsAssignee] }, // 开始整改
    {
      action: 'submit_rectification', // 整改完成，申请复查
      from: ['rectifying'],
      to: 'awaiting_reinspection',
      roles: STAFF,
      guards: [actorIsAssignee, noteRequired],
    },
    {
      action: 'reinspect', // 复查
      from: ['awaiting_reinspection'],
      to: { field: 'outcome', cases: { fail: 'rectifying' }, otherwise: 'closed' },
      roles: ['inspector', ...LEADS],
      guards: [notSelfInspection, outcomeIn(CHECK_OUTCOMES), reasonWhenOutcome(['fail'])],
      effects: ({ input, order }) => (input.outcome === 'fail' ? { reinspectionFailCount: order.reinspectionFailCount + 1 } : {}),
      optionalInputs: ['note'],
    },
    { action: 'cancel', from: ['reported', 'assigned'], to: 'cancelled', roles: LEADS, guards: [reasonRequired] }, // 撤销（误报）
    informCustomer(RESULT),
    handoverOwner(HAZARD_STATES),
  ],
};
