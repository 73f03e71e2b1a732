/**
 * Guards: named pure predicates over (order, input, actor). Each returns null when satisfied
 * or a failure with a localisable code. Tables list them by reference; docs list their ids.
 */
import { HOLD_REASONS, type Failure, type Guard, type GuardContext, type InputField, type Role } from './types';

const fail = (code: string, params: Record<string, string | number> = {}): Failure => ({ code, params });
const filled = (s: string | undefined): s is string => typeof s === 'string' && s.trim().length > 0;
const isFen = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** True when the actor is allowed only through `role` (e.g. a pure technician, not also a supervisor). */
const onlyVia = (ctx: GuardContext, role: Role) => ctx.via.length > 0 && ctx.via.every((r) => r === role);

function inputGuard(id: string, input: InputField, check: (ctx: GuardContext) => Failure | null, conditional = false): Guard {
  return conditional ? { id, input, needsInput: true, conditional, check } : { id, input, needsInput: true, check };
}
function stateGuard(id: string, check: (ctx: GuardContext) => Failure | null): Guard {
  return { id, needsInput: false, check };
}

export const reasonRequired = inputGuard('reason_required', 'reason', ({ input }) =>
  filled(input.reason) ? null : fail('lifecycle.reason_required'),
);

export const noteRequired = inputGuard('note_required', 'note', ({ input }) =>
  filled(input.note) ? null : fail('lifecycle.note_required'),
);

export const assigneeRequired = inputGuard('assignee_required', 'assigneeId', ({ input }) =>
  filled(input.assigneeId) ? null : fail('lifecycle.assignee_required'),
);

/** Transfer / re-dispatch must actually move the order to someone else. */
export const assigneeChanges = inputGuard('assignee_changes', 'assigneeId', ({ input, order }) =>
  input.assigneeId === order.assigneeId ? fail('lifecycle.same_assignee') : null,
);

/** The actor must be the current assignee (the technician accepts, arrives, completes). */
export const actorIsAssignee = stateGuard('actor_is_assignee', ({ order, actor }) =>
  order.assigneeId === actor.id ? null : fail('lifecycle.not_assignee'),
);

/** A technician acting as such must be the assignee; dispatchers and supervisors need not. */
export const technicianIsAssignee = stateGuard('technician_is_assignee', (ctx) =>
  onlyVia(ctx, 'technician') && ctx.order.assigneeId !== ctx.actor.id ? fail('lifecycle.not_assignee') : null,
);

/** The person who did the work does not pass its inspection (separation of duties). */
export const notSelfInspection = stateGuard('not_self_inspection', ({ order, actor }) =>
  order.assigneeId === actor.id ? fail('lifecycle.self_inspection') : null,
);

export const holdReasonRequired = inputGuard('hold_reason_required', 'holdReason', ({ input }) => {
  if (!filled(input.holdReason)) return fail('lifecycle.hold_reason_required', { allowed: HOLD_REASONS.join(', ') });
  return (HOLD_REASONS as readonly string[]).includes(input.holdReason)
    ? null
    : fail('lifecycle.invalid_hold_reason', { value: input.holdReason, allowed: HOLD_REASONS.join(', ') });
});

/** `outcome` must be one of `allowed`. */
export function outcomeIn(allowed: readonly string[]): Guard {
  return inputGuard(`outcome_in(${allowed.join('/')})`, 'outcome', ({ input }) =>
    input.outcome !== undefined && allowed.includes(input.outcome)
      ? null
      : fail('lifecycle.outcome_required', { allowed: allowed.join(', ') }),
  );
}

/** A negative outcome must say why (不满意原因, 复查不合格原因). */
export function reasonWhenOutcome(values: readonly string[]): Guard {
  return inputGuard(`reason_when(${values.join('/')})`, 'reason', ({ input }) =>
    input.outcome !== undefined && values.includes(input.outcome) && !filled(input.reason)
      ? fail('lifecycle.reason_required')
      : null,
    true,
  );
}

// --- First-contact ownership (首问负责制) -----------------------------------------------------

/** Desk staff inform the customer only for matters they own; supervisors/managers for anyone. */
export const ownerOrLead = stateGuard('owner_or_lead', ({ order, actor, via }) =>
  via.some((r) => r === 'supervisor' || r === 'manager') || order.ownerId === actor.id ? null : fail('lifecycle.not_owner'),
);

export const notYetInformed = stateGuard('not_yet_informed', ({ order }) =>
  order.customerInformed ? fail('lifecycle.already_informed') : null,
);

export const customerInformed = stateGuard('customer_informed', ({ order }) =>
  order.customerInformed ? null : fail('lifecycle.customer_not_informed'),
);

export const newOwnerRequired = inputGuard('new_owner_required', 'newOwnerId', ({ input, order }) => {
  if (!filled(input.newOwnerId)) return fail('lifecycle.new_owner_required');
  return input.newOwnerId === order.ownerId ? fail('lifecycle.same_owner') : null;
});

// --- Residents ----------------------------------------------------------------------------------

/** A resident acts only on what they reported. */
export const residentIsReporter = stateGuard('resident_is_reporter', (ctx) =>
  onlyVia(ctx, 'resident') && ctx.order.reporterId !== ctx.actor.id ? fail('lifecycle.not_reporter') : null,
);

/** A resident may withdraw a request only before it has been dispatched. */
export function residentOnlyIn(states: readonly string[]): Guard {
  return stateGuard(`resident_only_in(${states.join('/')})`, (ctx) =>
    onlyVia(ctx, 'resident') && !states.includes(ctx.order.state)
      ? fail('lifecycle.too_late_to_cancel', { state: ctx.order.state })
      : null,
  );
}

// --- Money (integer fen) --------------------------------------------------------------------

/** Money still owed on a paid repair (not waived, not yet settled). */
const owes = (o: { paid: boolean; paymentWaived: boolean; chargeFen: number; paidFen: number }) =>
  o.paid && !o.paymentWaived && o.paidFen < o.chargeFen;

/** A paid repair cannot skip payment: completed → awaiting_visit only when nothing is owed. */
export const freeOrder = stateGuard('nothing_owed', ({ order }) => (owes(order) ? fail('lifecycle.payment_required') : null));

/** The complement of `freeOrder`: there is a charge to collect. */
export const paymentOutstanding = stateGuard('payment_outstanding', ({ order }) => {
  if (!order.paid) return fail('lifecycle.not_a_paid_order');
  return owes(order) ? null : fail('lifecycle.nothing_to_pay');
});

/**
 * Completing a paid repair states its charge; after a reopen the rework may add to it (or not).
 * A free repair carries no charge.
 */
export const chargeWhenPaid = inputGuard('charge_when_paid', 'chargeFen', ({ input, order }) => {
  if (!order.paid) return input.chargeFen === undefined || input.chargeFen === 0 ? null : fail('lifecycle.charge_on_free_order');
  if (order.chargeFen === 0) return isFen(input.chargeFen) && input.chargeFen > 0 ? null : fail('lifecycle.charge_required');
  return input.chargeFen === undefined || isFen(input.chargeFen) ? null : fail('lifecycle.invalid_amount');
}, true);

/** The payment received settles exactly what is due (partial payments are the billing module's job). */
export const paymentSettlesDue = inputGuard('payment_settles_due', 'amountFen', ({ input, order }) => {
  const due = order.chargeFen - order.paidFen;
  if (!isFen(input.amountFen) || input.amountFen <= 0) return fail('lifecycle.invalid_amount');
  return input.amountFen === due ? null : fail('lifecycle.amount_mismatch', { due });
});

export const depositAmountRequired = inputGuard('deposit_amount_required', 'amountFen', ({ input }) =>
  isFen(input.amountFen) ? null : fail('lifecycle.invalid_amount'),
);

export const depositOutstanding = stateGuard('deposit_outstanding', ({ order }) =>
  order.depositPaidFen < order.depositRequiredFen ? null : fail('lifecycle.deposit_already_paid'),
);

export const depositSettlesDue = inputGuard('deposit_settles_due', 'amountFen', ({ input, order }) => {
  const due = order.depositRequiredFen - order.depositPaidFen;
  if (!isFen(input.amountFen) || input.amountFen <= 0) return fail('lifecycle.invalid_amount');
  return input.amountFen === due ? null : fail('lifecycle.amount_mismatch', { due });
});

export const depositPaid = stateGuard('deposit_paid', ({ order }) =>
  order.depositPaidFen >= order.depositRequiredFen
    ? null
    : fail('lifecycle.deposit_unpaid', { due: order.depositRequiredFen - order.depositPaidFen }),
);

/** An application holding a deposit is closed through refund, not cancellation. */
export const noDepositHeld = stateGuard('no_deposit_held', ({ order }) =>
  order.depositPaidFen === 0 ? null : fail('lifecycle.deposit_held', { paid: order.depositPaidFen }),
);

/** Refund + deduction account for the whole deposit; a deduction needs a reason. */
export const refundAccountsForDeposit = inputGuard('refund_accounts_for_deposit', 'amountFen', ({ input, order }) => {
  const deduction = input.deductionFen ?? 0;
  if (!isFen(input.amountFen) || !isFen(deduction)) return fail('lifecycle.invalid_amount');
  if (input.amountFen + deduction !== order.depositPaidFen) return fail('lifecycle.refund_mismatch', { paid: order.depositPaidFen });
  if (deduction > 0 && !filled(input.reason)) return fail('lifecycle.reason_required');
  return null;
});
