/**
 * The lifecycle engine: reads a kind's table and applies one action to one order. Pure — no
 * clock, no I/O: the caller passes the instant (`input.at`) and persists `patch` + `event`
 * with a version check (UPDATE … WHERE version = expected) so concurrent actions cannot both win.
 */
import { LIFECYCLE_TABLES } from './tables';
import type {
  Actor,
  Failure,
  GuardContext,
  InputField,
  Kind,
  KindTable,
  LifecycleEvent,
  LifecycleOrder,
  OrderPatch,
  Role,
  TransitionDef,
  TransitionInput,
  TransitionResult,
} from './types';

const failure = (code: string, params: Record<string, string | number> = {}): { ok: false } & Failure => ({ ok: false, code, params });

export function findTransition(table: KindTable, action: string): TransitionDef | undefined {
  return table.transitions.find((t) => t.action === action);
}

/** Every state a transition can lead to (a flag action leads back to where it started). */
export function possibleTargets(def: TransitionDef): string[] {
  const to = def.to;
  if (to === null) return [...def.from];
  if (typeof to === 'string') return [to];
  return [...new Set([...Object.values(to.cases), to.otherwise])];
}

/** The states a transition can lead to from one given state. */
export function targetsFrom(def: TransitionDef, state: string): string[] {
  return def.to === null ? [state] : possibleTargets(def);
}

/** The state a transition leads to for this order and input. */
export function resolveTarget(def: TransitionDef, order: LifecycleOrder, input: Partial<TransitionInput>): string {
  const to = def.to;
  if (to === null) return order.state;
  if (typeof to === 'string') return to;
  const v = input[to.field];
  return typeof v === 'string' && Object.hasOwn(to.cases, v) ? to.cases[v] : to.otherwise;
}

function allowedRoles(def: { roles: readonly Role[] }, actor: Actor): Role[] {
  return actor.roles.filter((r) => def.roles.includes(r));
}

/** A UTC ISO string for a valid instant with an explicit zone, else null. */
function normaliseAt(at: unknown): string | null {
  if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(at)) return null;
  const t = Date.parse(at);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Only the fields whose value actually changes. */
function diff(order: LifecycleOrder, patch: OrderPatch): OrderPatch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'state' || k === 'version' || k === 'id' || k === 'kind') continue;
    if (v !== undefined && (order as unknown as Record<string, unknown>)[k] !== v) out[k] = v;
  }
  return out as OrderPatch;
}

function copyText(event: LifecycleEvent, input: TransitionInput): void {
  for (const k of ['reason', 'note', 'outcome', 'channel'] as const) {
    const v = input[k];
    if (typeof v === 'string' && v.trim()) event[k] = v.trim();
  }
}

/**
 * Apply `action` to `order` on behalf of `actor`. Checks, in order: the action exists for the
 * kind, the expected version, the current state, the actor's roles, then the guards.
 */
export function applyTransition(
  table: KindTable,
  order: LifecycleOrder,
  action: string,
  input: TransitionInput,
  actor: Actor,
): TransitionResult {
  if (order.kind !== table.kind) return failure('lifecycle.kind_mismatch', { kind: order.kind, table: table.kind });
  const def = findTransition(table, action);
  if (!def) return failure('lifecycle.unknown_action', { action, kind: table.kind });
  if (input.expectedVersion !== undefined && input.expectedVersion !== order.version)
    return failure('lifecycle.version_conflict', { expected: input.expectedVersion, actual: order.version });
  if (!def.from.includes(order.state)) return failure('lifecycle.transition_not_allowed', { action, state: order.state });
  const via = allowedRoles(def, actor);
  if (via.length === 0) return failure('lifecycle.role_forbidden', { action, roles: def.roles.join(', ') });
  const at = normaliseAt(input.at);
  if (at === null) return failure('lifecycle.invalid_at', { value: String(input.at) });
  const ctx: GuardContext = { order, input, actor, def, via };
  for (const g of def.guards) {
    const f = g.check(ctx);
    if (f) return { ok: false, code: f.code, params: f.params };
  }
  const to = resolveTarget(def, order, input);
  const changes = diff(order, def.effects ? def.effects(ctx) : {});
  const version = order.version + 1;
  const next: LifecycleOrder = { ...order, ...changes, state: to, version };
  const event: LifecycleEvent = {
    orderId: order.id,
    kind: order.kind,
    action,
    from: order.state,
    to,
    at,
    actorId: actor.id,
    actorRoles: via,
    version,
    patch: changes,
  };
  copyText(event, input);
  if (next.reopenCount > order.reopenCount) event.reopen = true;
  return { ok: true, next, patch: { ...changes, state: to, version }, event };
}

// ---------------------------------------------------------------------------------------------
// Creation
// ---------------------------------------------------------------------------------------------

export interface NewOrderInit {
  id: string;
  kind: Kind;
  at: string;
  /** Default: the creating member of staff (the first contact); none when a resident submits. */
  ownerId?: string | null;
  /** Default: the creating resident. */
  reporterId?: string | null;
  departmentId?: string | null;
  /** Paid repair (有偿维修). */
  paid?: boolean;
}

/** Defaults for every lifecycle field. */
export function blankOrder(id: string, kind: Kind, state: string): LifecycleOrder {
  return {
    id,
    kind,
    state,
    version: 0,
    ownerId: null,
    assigneeId: null,
    departmentId: null,
    reporterId: null,
    holdReason: null,
    reopenCount: 0,
    customerInformed: false,
    paid: false,
    chargeFen: 0,
    paidFen: 0,
    paymentWaived: false,
    visitOutcome: null,
    adoption: null,
    reinspectionFailCount: 0,
    depositRequiredFen: 0,
    depositPaidFen: 0,
    depositRefundedFen: 0,
    depositDeductedFen: 0,
    inspectionCount: 0,
    violationCount: 0,
  };
}

/** Create an order in the kind's initial state, with its 'create' event (version 1). */
export function createOrder(init: NewOrderInit, actor: Actor, tables: Readonly<Record<Kind, KindTable>> = LIFECYCLE_TABLES): TransitionResult {
  const table = tables[init.kind];
  if (!table) return failure('lifecycle.unknown_kind', { kind: String(init.kind) });
  const via = allowedRoles({ roles: table.createRoles }, actor);
  if (via.length === 0) return failure('lifecycle.role_forbidden', { action: 'create', roles: table.createRoles.join(', ') });
  const at = normaliseAt(init.at);
  if (at === null) return failure('lifecycle.invalid_at', { value: String(init.at) });
  const staff = via.some((r) => r !== 'resident');
  const blank = blankOrder(init.id, init.kind, table.initial);
  const changes = diff(blank, {
    ownerId: init.ownerId !== undefined ? init.ownerId : staff ? actor.id : null,
    reporterId: init.reporterId !== undefined ? init.reporterId : staff ? null : actor.id,
    departmentId: init.departmentId ?? null,
    paid: init.kind === 'repair' ? init.paid === true : false,
  });
  const next: LifecycleOrder = { ...blank, ...changes, version: 1 };
  const event: LifecycleEvent = {
    orderId: init.id,
    kind: init.kind,
    action: 'create',
    from: null,
    to: table.initial,
    at,
    actorId: actor.id,
    actorRoles: via,
    version: 1,
    patch: changes,
  };
  return { ok: true, next, patch: { ...changes, state: table.initial, version: 1 }, event };
}

// ---------------------------------------------------------------------------------------------
// Queries for the UI
// ---------------------------------------------------------------------------------------------

export interface AvailableAction {
  action: string;
  /** Where it can lead (several for outcome-routed actions such as a return visit). */
  to: string[];
  /** Input fields the form must ask for. */
  requires: InputField[];
  /** Input fields the form may offer. */
  optional: InputField[];
}

/**
 * The actions this actor can take on this order now: state and role allow it and every guard
 * that does not depend on input passes. (Input guards are checked when the action is applied.)
 */
export function availableActions(
  order: LifecycleOrder,
  actor: Actor,
  tables: Readonly<Record<Kind, KindTable>> = LIFECYCLE_TABLES,
): AvailableAction[] {
  const table = tables[order.kind];
  if (!table) return [];
  const out: AvailableAction[] = [];
  for (const def of table.transitions) {
    if (!def.from.includes(order.state)) continue;
    const via = allowedRoles(def, actor);
    if (via.length === 0) continue;
    const ctx: GuardContext = { order, input: { at: '' }, actor, def, via };
    if (def.guards.some((g) => !g.needsInput && g.check(ctx) !== null)) continue;
    const requires = [...new Set(def.guards.filter((g) => g.input && !g.conditional).map((g) => g.input!))];
    const optional = [
      ...new Set([...def.guards.filter((g) => g.input && g.conditional).map((g) => g.input!), ...(def.optionalInputs ?? [])]),
    ].filter((f) => !requires.includes(f));
    out.push({ action: def.action, to: possibleTargets(def), requires, optional });
  }
  return out;
}

/**
 * The first-contact owner's queue (首问待告知): the result exists but the customer has not been
 * told. Matters of kinds without that duty (praise) never show.
 */
export function awaitsCustomerInformed(order: LifecycleOrder, tables: Readonly<Record<Kind, KindTable>> = LIFECYCLE_TABLES): boolean {
  const table = tables[order.kind];
  return !!table && table.informRequired && table.resultStates.includes(order.state) && !order.customerInformed;
}

/** No state-changing action leads out (closed orders can still be reopened where the table says so). */
export function isTerminal(order: LifecycleOrder, tables: Readonly<Record<Kind, KindTable>> = LIFECYCLE_TABLES): boolean {
  return tables[order.kind]?.terminal.includes(order.state) ?? false;
}
