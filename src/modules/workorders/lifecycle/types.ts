/**
 * Types of the work-order lifecycle engine: one engine, one transition table per kind.
 * Tables are data (states, transitions, roles, guards, effects); the engine only reads them.
 */

export const ROLES = [
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
  'resident',
] as const;
export type Role = (typeof ROLES)[number];

export const KINDS = ['repair', 'complaint', 'enquiry', 'suggestion', 'praise', 'hazard', 'renovation'] as const;
export type Kind = (typeof KINDS)[number];

/** Hold reasons (挂起原因). Which of them pause SLA clocks is SLA policy, not lifecycle. */
export const HOLD_REASONS = [
  'waiting_owner', // 等待业主（约时间、入户）
  'waiting_parts', // 等待配件
  'waiting_third_party', // 等待第三方（供水、供电、厂家）
  'weather', // 天气原因
  'other',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Return-visit outcomes (回访结果). */
export const VISIT_OUTCOMES = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
/** Inspection outcomes (复查 / 验收). */
export const CHECK_OUTCOMES = ['pass', 'fail'] as const;
/** What became of a suggestion (建议采纳情况). */
export const ADOPTION_OUTCOMES = ['adopted', 'partially_adopted', 'not_adopted'] as const;

export interface Actor {
  id: string;
  /** A user may hold several roles; a transition is allowed when any of them is. */
  roles: readonly Role[];
}

/** The lifecycle-relevant fields of a work order. The store keeps more (address, photos …). */
export interface LifecycleOrder {
  id: string;
  kind: Kind;
  state: string;
  /** Optimistic-concurrency version: +1 on every successful transition. */
  version: number;
  /** First-contact owner (首问人): set by the first member of staff who takes the matter. */
  ownerId: string | null;
  assigneeId: string | null;
  departmentId: string | null;
  /** The resident (user id) who submitted it, if any. */
  reporterId: string | null;
  holdReason: string | null;
  reopenCount: number;
  /** The customer has been told the result (首问负责制: the owner's queue shows the rest). */
  customerInformed: boolean;
  // Repairs (有偿维修): amounts in fen.
  paid: boolean;
  chargeFen: number;
  paidFen: number;
  paymentWaived: boolean;
  visitOutcome: string | null;
  // Suggestions.
  adoption: string | null;
  // Hazards.
  reinspectionFailCount: number;
  // Renovation (装修): deposit in fen, patrols and violations.
  depositRequiredFen: number;
  depositPaidFen: number;
  depositRefundedFen: number;
  depositDeductedFen: number;
  inspectionCount: number;
  violationCount: number;
}

/** Field changes a transition makes (never `id` or `kind`). */
export type OrderPatch = Partial<Omit<LifecycleOrder, 'id' | 'kind'>>;

/** What the caller supplies with an action; each transition reads the fields it needs. */
export interface TransitionInput {
  /** When the action happened: ISO-8601 UTC instant (the engine is pure and never reads a clock). */
  at: string;
  /** Version the client saw; a mismatch fails with lifecycle.version_conflict. */
  expectedVersion?: number;
  reason?: string;
  note?: string;
  holdReason?: string;
  assigneeId?: string;
  departmentId?: string;
  newOwnerId?: string;
  outcome?: string;
  chargeFen?: number;
  amountFen?: number;
  deductionFen?: number;
  /** How the customer was told (phone, sms, visit, app). */
  channel?: string;
}

export type InputField = Exclude<keyof TransitionInput, 'at' | 'expectedVersion'>;

export interface Failure {
  code: string;
  params: Record<string, string | number>;
}

export interface GuardContext {
  order: LifecycleOrder;
  input: TransitionInput;
  actor: Actor;
  def: TransitionDef;
  /** The actor's roles that this transition allows (non-empty once the role check passed). */
  via: readonly Role[];
}

export interface Guard {
  /** Stable name, shown in docs/lifecycle.md. */
  id: string;
  /** The input field the guard requires, when it checks input (drives the UI form). */
  input?: InputField;
  /** Depends on input: skipped by availableActions, which has no input yet. */
  needsInput: boolean;
  /** The input is needed only in some cases (e.g. a reason only for a negative outcome). */
  conditional?: boolean;
  check(ctx: GuardContext): Failure | null;
}

/** Target state: fixed, unchanged (null: a flag action), or chosen by an input value. */
export type TargetSpec = string | null | { field: InputField; cases: Readonly<Record<string, string>>; otherwise: string };

export interface TransitionDef {
  action: string;
  from: readonly string[];
  to: TargetSpec;
  roles: readonly Role[];
  guards: readonly Guard[];
  /** Field changes; state and version are set by the engine. */
  effects?: (ctx: GuardContext) => OrderPatch;
  /** Input fields worth offering in the form besides the required ones. */
  optionalInputs?: readonly InputField[];
}

export interface KindTable {
  kind: Kind;
  states: readonly string[];
  initial: string;
  /** States with no state-changing exit except an explicit reopen. */
  terminal: readonly string[];
  /** States in which the result exists and the customer can be told it. */
  resultStates: readonly string[];
  /** Whether the owner must tell the customer the result (false for praise). */
  informRequired: boolean;
  /** Roles that may create an order of this kind. */
  createRoles: readonly Role[];
  transitions: readonly TransitionDef[];
}

/** An event for the append-only log. Fits the SLA module's SlaEvent shape as it is. */
export interface LifecycleEvent {
  orderId: string;
  kind: Kind;
  action: string;
  from: string | null;
  to: string;
  at: string;
  actorId: string;
  /** The actor's roles that allowed the action (audit: "as dispatcher"). */
  actorRoles: Role[];
  /** Order version after the event. */
  version: number;
  reason?: string;
  note?: string;
  outcome?: string;
  channel?: string;
  /** Counted as a reopen (starts a new SLA cycle). */
  reopen?: true;
  /** Fields changed by the event (state and version excluded). */
  patch: OrderPatch;
}

export type TransitionResult =
  | { ok: true; next: LifecycleOrder; patch: OrderPatch; event: LifecycleEvent }
  | { ok: false; code: string; params: Record<string, string | number> };
