/** Helpers shared by the lifecycle tests (not a test file itself). */
import { applyTransition, createOrder, findTransition } from './engine';
import { LIFECYCLE_TABLES } from './tables';
import {
  ADOPTION_OUTCOMES,
  CHECK_OUTCOMES,
  HOLD_REASONS,
  VISIT_OUTCOMES,
  type Actor,
  type Kind,
  type LifecycleEvent,
  type LifecycleOrder,
  type Role,
  type TransitionDef,
  type TransitionInput,
} from './types';

export const actor = (id: string, ...roles: Role[]): Actor => ({ id, roles });

export const agent = actor('agent1', 'agent');
export const agent2 = actor('agent2', 'agent');
export const frontDesk = actor('fd1', 'front_desk');
export const dispatcher = actor('disp1', 'dispatcher');
export const tech = actor('tech1', 'technician');
export const tech2 = actor('tech2', 'technician');
export const supervisor = actor('sup1', 'supervisor');
export const manager = actor('mgr1', 'manager');
export const collector = actor('coll1', 'collector');
export const inspector = actor('insp1', 'inspector');
export const inspector2 = actor('insp2', 'inspector');
export const qa = actor('qa1', 'qa');
export const admin = actor('admin1', 'admin');
export const resident = actor('res1', 'resident');
export const otherResident = actor('res2', 'resident');

/** A clock for tests: each call is `step` minutes after the previous one. */
export function ticker(startIso = '2025-09-02T01:00:00.000Z', step = 10) {
  let t = Date.parse(startIso);
  return () => {
    const iso = new Date(t).toISOString();
    t += step * 60_000;
    return iso;
  };
}

export class StepFailed extends Error {
  constructor(
    public readonly code: string,
    public readonly params: Record<string, string | number>,
    action: string,
  ) {
    super(`${action} failed: ${code} ${JSON.stringify(params)}`);
  }
}

/** A small driver: create an order, apply steps, keep the event log. Throws on any failure. */
export class Story {
  order: LifecycleOrder;
  events: LifecycleEvent[] = [];
  private clock: () => string;

  constructor(kind: Kind, by: Actor, opts: { paid?: boolean; id?: string; clock?: () => string } = {}) {
    this.clock = opts.clock ?? ticker();
    const r = createOrder({ id: opts.id ?? 'WO1', kind, at: this.clock(), paid: opts.paid }, by);
    if (!r.ok) throw new StepFailed(r.code, r.params, 'create');
    this.order = r.next;
    this.events.push(r.event);
  }

  do(action: string, by: Actor, input: Omit<Partial<TransitionInput>, 'at'> = {}): this {
    const r = applyTransition(LIFECYCLE_TABLES[this.order.kind], this.order, action, { at: this.clock(), ...input }, by);
    if (!r.ok) throw new StepFailed(r.code, r.params, action);
    this.order = r.next;
    this.events.push(r.event);
    return this;
  }

  /** Try an action; return the failure code, or 'ok' (and apply it). */
  try(action: string, by: Actor, input: Omit<Partial<TransitionInput>, 'at'> = {}): string {
    const r = applyTransition(LIFECYCLE_TABLES[this.order.kind], this.order, action, { at: this.clock(), ...input }, by);
    if (!r.ok) return r.code;
    this.order = r.next;
    this.events.push(r.event);
    return 'ok';
  }
}

/**
 * An input that satisfies every input guard of `def` for `order` (the tests' notion of "a
 * correctly filled form"); `pick` varies the choices (outcome, hold reason, assignee).
 */
export function validInput(def: TransitionDef, order: LifecycleOrder, at: string, pick = 0): TransitionInput {
  // People who can actually be given this kind of work.
  const pool: Record<string, string[]> = { repair: ['tech1', 'tech2'], hazard: ['tech1', 'insp2', 'tech2'] };
  const assignees = (pool[order.kind] ?? ['agent2', 'tech1', 'insp1']).filter((a) => a !== order.assigneeId);
  const input: TransitionInput = {
    at,
    reason: 'reason text',
    note: 'note text',
    holdReason: HOLD_REASONS[pick % HOLD_REASONS.length],
    assigneeId: assignees[pick % assignees.length],
    newOwnerId: order.ownerId === 'agent2' ? 'agent1' : 'agent2',
    channel: 'phone',
  };
  switch (def.action) {
    case 'return_visit':
      input.outcome = VISIT_OUTCOMES[pick % VISIT_OUTCOMES.length];
      break;
    case 'reinspect':
    case 'verify_rectification':
    case 'accept_works':
      input.outcome = CHECK_OUTCOMES[pick % CHECK_OUTCOMES.length];
      break;
    case 'complete':
      if (order.kind === 'suggestion') input.outcome = ADOPTION_OUTCOMES[pick % ADOPTION_OUTCOMES.length];
      if (order.kind === 'repair' && order.paid && order.chargeFen === 0) input.chargeFen = 8000 + pick;
      break;
    case 'confirm_payment':
      input.amountFen = order.chargeFen - order.paidFen;
      break;
    case 'approve':
      input.amountFen = 200_000;
      break;
    case 'collect_deposit':
      input.amountFen = order.depositRequiredFen - order.depositPaidFen;
      break;
    case 'refund_deposit':
      input.amountFen = order.depositPaidFen - (pick % 2 === 0 ? 0 : Math.min(1000, order.depositPaidFen));
      input.deductionFen = order.depositPaidFen - input.amountFen;
      break;
  }
  return input;
}

export function defOf(kind: Kind, action: string): TransitionDef {
  const d = findTransition(LIFECYCLE_TABLES[kind], action);
  if (!d) throw new Error(`no ${action} in ${kind}`);
  return d;
}
