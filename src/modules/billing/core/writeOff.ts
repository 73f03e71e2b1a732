/**
 * Write-off (坏账核销 / 减免) approval. A write-off is requested by a collector and takes
 * effect in the ledger only once approved by someone else who holds the approval right.
 * pending → approved | rejected; a decided request is final.
 */
import { BillingError, assertFen } from './errors';
import { type DateStr, assertDate } from './dates';

export type WriteOffStatus = 'pending' | 'approved' | 'rejected';

export interface WriteOffRequest {
  readonly id: string;
  readonly billId: string;
  readonly amountFen: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedOn: DateStr;
  readonly status: WriteOffStatus;
  readonly decidedBy?: string;
  readonly decidedOn?: DateStr;
  readonly decisionNote?: string;
}

export function requestWriteOff(input: {
  id: string;
  billId: string;
  amountFen: number;
  reason: string;
  requestedBy: string;
  requestedOn: DateStr;
}): WriteOffRequest {
  assertFen(input.amountFen, 'amountFen');
  if (input.amountFen === 0) throw new BillingError('INVALID_AMOUNT', 'a write-off must be for a positive amount');
  assertDate(input.requestedOn, 'requestedOn');
  if (!input.reason.trim()) throw new BillingError('INVALID_AMOUNT', 'a write-off needs a reason', { field: 'reason' });
  return { ...input, status: 'pending' };
}

/**
 * Decides a pending request. `canApprove` is the caller's verdict on the decider's role (the
 * auth layer owns roles); `limitFen`, when given, is the decider's approval limit. Nobody may
 * decide their own request.
 */
export function decideWriteOff(
  req: WriteOffRequest,
  decision: { approve: boolean; by: string; on: DateStr; canApprove: boolean; limitFen?: number; note?: string },
): WriteOffRequest {
  if (req.status !== 'pending') {
    throw new BillingError('WRITE_OFF_ALREADY_DECIDED', `write-off ${req.id} is already ${req.status}`, { id: req.id, status: req.status });
  }
  if (!decision.canApprove) {
    throw new BillingError('WRITE_OFF_FORBIDDEN', `${decision.by} may not decide write-offs`, { by: decision.by });
  }
  if (decision.by === req.requestedBy) {
    throw new BillingError('WRITE_OFF_SELF_APPROVAL', 'a write-off must be decided by someone other than the requester', { by: decision.by });
  }
  if (decision.approve && decision.limitFen !== undefined && req.amountFen > decision.limitFen) {
    throw new BillingError('WRITE_OFF_FORBIDDEN', `write-off of ${req.amountFen} fen exceeds the approval limit of ${decision.limitFen} fen`, {
      amountFen: req.amountFen,
      limitFen: decision.limitFen,
    });
  }
  assertDate(decision.on, 'decidedOn');
  if (decision.on < req.requestedOn) throw new BillingError('INVALID_RANGE', 'a write-off cannot be decided before it was requested');
  return {
    ...req,
    status: decision.approve ? 'approved' : 'rejected',
    decidedBy: decision.by,
    decidedOn: decision.on,
    ...(decision.note !== undefined ? { decisionNote: decision.note } : {}),
  };
}
