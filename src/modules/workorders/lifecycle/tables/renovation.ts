/**
 * Renovation (装修): application → approval → deposit and permit (装修许可证) → works with patrols
 * → violations get a rectification notice → acceptance (竣工验收) → deposit refund → closed.
 */
import {
  depositAmountRequired,
  depositOutstanding,
  depositPaid,
  depositSettlesDue,
  noDepositHeld,
  noteRequired,
  outcomeIn,
  reasonRequired,
  reasonWhenOutcome,
  refundAccountsForDeposit,
  residentIsReporter,
} from '../guards';
import { CHECK_OUTCOMES, type KindTable } from '../types';
import { handoverOwner, informCustomer, LEADS, takeOwnership } from './shared';

export const RENOVATION_STATES = [
  'applied', // 已申请
  'approved', // 已审批
  'rejected', // 已驳回
  'permitted', // 已发证
  'working', // 施工中
  'violation', // 违规
  'rectifying', // 整改中
  'awaiting_acceptance', // 待验收
  'accepted', // 已验收
  'deposit_refunded', // 押金已退
  'closed', // 已归档
  'cancelled', // 已撤回
] as const;

const INSPECTORS = ['inspector', ...LEADS] as const;
const RESULT = ['rejected', 'deposit_refunded', 'closed', 'cancelled'];

export const renovationTable: KindTable = {
  kind: 'renovation',
  states: RENOVATION_STATES,
  initial: 'applied',
  terminal: ['rejected', 'closed', 'cancelled'],
  resultStates: RESULT,
  informRequired: true,
  createRoles: ['resident', 'front_desk', 'agent', 'supervisor', 'manager'],
  transitions: [
    {
      action: 'approve', // 审批通过，核定押金
      from: ['applied'],
      to: 'approved',
      roles: LEADS,
      guards: [depositAmountRequired],
      effects: (ctx) => ({ ...takeOwnership(ctx), depositRequiredFen: ctx.input.amountFen! }),
      optionalInputs: ['note'],
    },
    { action: 'reject', from: ['applied'], to: 'rejected', roles: LEADS, guards: [reasonRequired], effects: takeOwnership }, // 驳回
    {
      action: 'collect_deposit', // 收取押金
      from: ['approved'],
      to: null,
      roles: ['collector', 'front_desk'],
      guards: [depositOutstanding, depositSettlesDue],
      effects: ({ input, order }) => ({ depositPaidFen: order.depositPaidFen + input.amountFen! }),
    },
    { action: 'issue_permit', from: ['approved'], to: 'permitted', roles: ['front_desk', ...LEADS], guards: [depositPaid] }, // 发放许可证
    { action: 'start_works', from: ['permitted'], to: 'working', roles: ['front_desk', ...INSPECTORS], guards: [] }, // 开工
    {
      action: 'inspect', // 巡查（无违规）
      from: ['working'],
      to: null,
      roles: INSPECTORS,
      guards: [],
      effects: ({ order }) => ({ inspectionCount: order.inspectionCount + 1 }),
      optionalInputs: ['note'],
    },
    {
      action: 'record_violation', // 发现违规
      from: ['working'],
      to: 'violation',
      roles: INSPECTORS,
      guards: [reasonRequired],
      effects: ({ order }) => ({ inspectionCount: order.inspectionCount + 1, violationCount: order.violationCount + 1 }),
    },
    { action: 'issue_rectification_notice', from: ['violation'], to: 'rectifying', roles: INSPECTORS, guards: [noteRequired] }, // 下发整改通知
    {
      action: 'verify_rectification', // 整改复查
      from: ['rectifying'],
      to: { field: 'outcome', cases: { fail: 'rectifying' }, otherwise: 'working' },
      roles: INSPECTORS,
      guards: [outcomeIn(CHECK_OUTCOMES), reasonWhenOutcome(['fail'])],
    },
    {
      action: 'request_acceptance', // 申请竣工验收
      from: ['working'],
      to: 'awaiting_acceptance',
      roles: ['resident', 'front_desk', 'agent'],
      guards: [residentIsReporter],
    },
    {
      action: 'accept_works', // 竣工验收
      from: ['awaiting_acceptance'],
      to: { field: 'outcome', cases: { fail: 'rectifying' }, otherwise: 'accepted' },
      roles: INSPECTORS,
      guards: [outcomeIn(CHECK_OUTCOMES), reasonWhenOutcome(['fail'])],
      optionalInputs: ['note'],
    },
    {
      action: 'refund_deposit', // 退还押金（可扣除违规损失）
      from: ['accepted'],
      to: 'deposit_refunded',
      roles: ['collector', 'manager'],
      guards: [refundAccountsForDeposit],
      effects: ({ input }) => ({ depositRefundedFen: input.amountFen!, depositDeductedFen: input.deductionFen ?? 0 }),
      optionalInputs: ['deductionFen', 'reason'],
    },
    { action: 'close', from: ['deposit_refunded'], to: 'closed', roles: ['front_desk', ...LEADS], guards: [] }, // 归档
    {
      action: 'cancel', // 撤回申请
      from: ['applied', 'approved'],
      to: 'cancelled',
      roles: ['resident', 'front_desk', ...LEADS],
      guards: [residentIsReporter, noDepositHeld, reasonRequired],
    },
    informCustomer(RESULT),
    handoverOwner(RENOVATION_STATES),
  ],
};
