/** Building blocks shared by the kind tables: role groups, common actions, common effects. */
import { newOwnerRequired, notYetInformed, ownerOrLead, reasonRequired } from '../guards';
import type { GuardContext, OrderPatch, Role, TransitionDef } from '../types';

export const LEADS: readonly Role[] = ['supervisor', 'manager'];
/** Desk staff who take calls and walk-ins (受理). */
export const DESK: readonly Role[] = ['agent', 'front_desk', 'supervisor', 'manager'];
export const DISPATCHERS: readonly Role[] = ['dispatcher', 'supervisor', 'manager'];
/** Anyone on the staff side. */
export const STAFF: readonly Role[] = [
  'admin',
  'manager',
  'supervisor',
  'agent',
  'front_desk',
  'dispatcher',
  'technician',
  'collector',
  'inspector',
  'qa',
];
/** Staff who may be assigned a complaint, enquiry or suggestion to answer. */
export const HANDLERS: readonly Role[] = ['manager', 'supervisor', 'agent', 'front_desk', 'dispatcher', 'technician', 'inspector'];

/** The first member of staff to take an unowned matter becomes its owner (it is not a change of owner). */
export function takeOwnership(ctx: GuardContext): OrderPatch {
  if (ctx.order.ownerId !== null) return {};
  return ctx.via.some((r) => r !== 'resident') ? { ownerId: ctx.actor.id } : {};
}

/** What a reopen does to an order. */
export function reopenPatch(ctx: GuardContext): OrderPatch {
  return {
    reopenCount: ctx.order.reopenCount + 1,
    assigneeId: null,
    holdReason: null,
    customerInformed: false,
  };
}

/** Tell the customer the result (告知结果): the first-contact owner's closing duty. */
export function informCustomer(resultStates: readonly string[]): TransitionDef {
  return {
    action: 'inform_customer',
    from: resultStates,
    to: null,
    roles: ['agent', 'front_desk', 'dispatcher', 'supervisor', 'manager'],
    guards: [ownerOrLead, notYetInformed],
    effects: () => ({ customerInformed: true }),
    optionalInputs: ['channel', 'note'],
  };
}

/** Hand the first-contact ownership to someone else (移交首问): only supervisors and managers. */
export function handoverOwner(states: readonly string[]): TransitionDef {
  return {
    action: 'handover_owner',
    from: states,
    to: null,
    roles: LEADS,
    guards: [newOwnerRequired, reasonRequired],
    effects: ({ input }) => ({ ownerId: input.newOwnerId! }),
  };
}
