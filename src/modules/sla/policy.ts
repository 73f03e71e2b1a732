/**
 * SLA policies (时效标准): per work-order kind × category × priority, the targets for response
 * (响应), dispatch (派单), on-site (到场) and resolution (完成), each measured on the business
 * calendar or 24×7, with a warning threshold and optional escalation steps.
 */
import { z } from 'zod';

export const SLA_TARGETS = ['response', 'dispatch', 'on_site', 'resolution'] as const;
export type SlaTargetName = (typeof SLA_TARGETS)[number];

export interface SlaEscalationStep {
  /** Fraction of the target at which the step fires (1 = at the deadline, 1.5 = half over). */
  ratio: number;
  /** Who is notified, e.g. 'supervisor', 'manager' — free text for the notifier. */
  level: string;
}

/** One target as configured in a policy rule. */
export interface SlaTargetRule {
  minutes: number;
  calendar: 'business' | '24x7';
  /** Warning at this fraction of the target; default 0.8. */
  warnAt?: number;
  escalations?: SlaEscalationStep[];
}

/** A fully-resolved target: what to measure and when it starts and stops. */
export interface SlaTargetSpec extends SlaTargetRule {
  /** The clock starts at the first entry into one of these states (default: when the order/cycle starts). */
  startOn?: readonly string[];
  /** The clock stops at the first entry into one of these states. */
  stopOn: readonly string[];
  /** Measured again after a reopen (default true; the desk's response is not re-measured). */
  restartOnReopen?: boolean;
}

/** The policy that applies to one order, as `computeSlaState` consumes it. */
export interface ResolvedSlaPolicy {
  policyId?: string;
  ruleId?: string;
  targets: Partial<Record<SlaTargetName, SlaTargetSpec>>;
  /** Hold reasons that stop the clock (waiting for the owner, for parts); others do not. */
  pausingHoldReasons: readonly string[];
  /** States that count as "on hold" (default ['on_hold']). */
  holdStates?: readonly string[];
  /** States that end all clocks without a verdict (default ['cancelled']). */
  cancelStates?: readonly string[];
}

export interface SlaPolicyRule {
  id?: string;
  kind: string; // '*' for any
  category?: string; // '*' or absent for any
  priority?: string; // '*' or absent for any
  targets: Partial<Record<SlaTargetName, SlaTargetRule>>;
}

/** A complete policy set as an admin maintains it. */
export interface SlaPolicySet {
  id: string;
  name?: string;
  rules: SlaPolicyRule[];
  pausingHoldReasons: string[];
  /** Per kind, per target: override the default start/stop states. */
  clocks?: Record<string, Partial<Record<SlaTargetName, { startOn?: string[]; stopOn: string[]; restartOnReopen?: boolean }>>>;
}

// ---------------------------------------------------------------------------------------------
// Default start/stop states per kind (match the lifecycle tables in workorders/lifecycle).
// ---------------------------------------------------------------------------------------------

const REPAIR_AFTER_RECEIVED = [
  'awaiting_dispatch',
  'dispatched',
  'accepted',
  'on_site',
  'in_progress',
  'on_hold',
  'completed',
  'awaiting_payment',
  'awaiting_visit',
  'closed',
];
const DONE = ['completed', 'awaiting_payment', 'awaiting_visit', 'closed'];

type ClockDefs = Partial<Record<SlaTargetName, { startOn?: string[]; stopOn: string[]; restartOnReopen?: boolean }>>;

/**
 * Which state entries stop each clock, by kind. "Entering any later state" is spelled out
 * because a transfer or hand-back can skip intermediate states.
 */
export const DEFAULT_CLOCKS: Readonly<Record<string, ClockDefs>> = {
  repair: {
    response: { stopOn: REPAIR_AFTER_RECEIVED, restartOnReopen: false },
    dispatch: { stopOn: REPAIR_AFTER_RECEIVED.slice(1) },
    on_site: { stopOn: ['on_site', 'in_progress', 'on_hold', ...DONE] },
    resolution: { stopOn: DONE },
  },
  complaint: {
    response: { stopOn: REPAIR_AFTER_RECEIVED, restartOnReopen: false },
    dispatch: { stopOn: REPAIR_AFTER_RECEIVED.slice(1) },
    resolution: { stopOn: ['completed', 'awaiting_visit', 'closed'] },
  },
  enquiry: {
    response: { stopOn: ['dispatched', 'in_progress', 'completed', 'closed'], restartOnReopen: false },
    dispatch: { stopOn: ['dispatched', 'in_progress', 'completed', 'closed'] },
    resolution: { stopOn: ['completed', 'closed'] },
  },
  suggestion: {
    response: { stopOn: ['dispatched', 'in_progress', 'completed', 'closed'], restartOnReopen: false },
    resolution: { stopOn: ['completed', 'closed'] },
  },
  hazard: {
    response: { stopOn: ['assigned', 'rectifying', 'awaiting_reinspection', 'closed'], restartOnReopen: false },
    dispatch: { stopOn: ['assigned', 'rectifying', 'awaiting_reinspection', 'closed'] },
    // Rectification is done when the work is handed in for re-inspection; a failed
    // re-inspection does not restart it (the re-inspection outcome is its own statistic).
    resolution: { stopOn: ['awaiting_reinspection', 'closed'] },
  },
};

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const ratio = z.number().gt(0).max(10);

export const slaTargetRuleSchema = z.strictObject({
  minutes: z.number().positive().max(10 * 366 * 1440),
  calendar: z.enum(['business', '24x7']),
  warnAt: z.number().gt(0).max(1).optional(),
  escalations: z.array(z.strictObject({ ratio, level: z.string().min(1) })).optional(),
});

const targetsSchema = z.partialRecord(z.enum(SLA_TARGETS), slaTargetRuleSchema);

export const slaPolicyRuleSchema = z.strictObject({
  id: z.string().optional(),
  kind: z.string().min(1),
  category: z.string().min(1).optional(),
  priority: z.string().min(1).optional(),
  targets: targetsSchema,
});

const clockSchema = z.strictObject({
  startOn: z.array(z.string()).optional(),
  stopOn: z.array(z.string()).min(1),
  restartOnReopen: z.boolean().optional(),
});

export const slaPolicySetSchema = z
  .strictObject({
    id: z.string().min(1),
    name: z.string().optional(),
    rules: z.array(slaPolicyRuleSchema),
    pausingHoldReasons: z.array(z.string()),
    clocks: z.record(z.string(), z.partialRecord(z.enum(SLA_TARGETS), clockSchema)).optional(),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.rules.forEach((r, i) => {
      const key = `${r.kind}|${r.category ?? '*'}|${r.priority ?? '*'}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['rules', i], message: 'duplicate rule', params: { code: 'sla.duplicate_rule', key } });
      seen.add(key);
    });
  });

// ---------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------

export interface OrderClass {
  kind: string;
  category?: string | null;
  priority?: string | null;
}

const any = (v: string | undefined) => v === undefined || v === '*';

/** Specificity: kind beats category beats priority; a wildcard matches anything. */
function score(rule: SlaPolicyRule, o: OrderClass): number {
  if (!(any(rule.kind) || rule.kind === o.kind)) return -1;
  if (!(any(rule.category) || rule.category === o.category)) return -1;
  if (!(any(rule.priority) || rule.priority === o.priority)) return -1;
  return (any(rule.kind) ? 0 : 4) + (any(rule.category) ? 0 : 2) + (any(rule.priority) ? 0 : 1);
}

/** The rule that applies to an order (most specific; the first on ties), or null. */
export function matchRule(set: SlaPolicySet, order: OrderClass): SlaPolicyRule | null {
  let best: SlaPolicyRule | null = null;
  let bestScore = -1;
  for (const r of set.rules) {
    const s = score(r, order);
    if (s > bestScore) {
      best = r;
      bestScore = s;
    }
  }
  return best;
}

/**
 * The policy for one order: the matching rule's targets with their start/stop states. Targets
 * whose kind has no clock definition (no stop states) are dropped. Null when no rule matches.
 */
export function resolveSlaPolicy(set: SlaPolicySet, order: OrderClass): ResolvedSlaPolicy | null {
  const rule = matchRule(set, order);
  if (!rule) return null;
  const targets: Partial<Record<SlaTargetName, SlaTargetSpec>> = {};
  for (const name of SLA_TARGETS) {
    const t = rule.targets[name];
    if (!t) continue;
    const clock = set.clocks?.[order.kind]?.[name] ?? DEFAULT_CLOCKS[order.kind]?.[name];
    if (!clock) continue;
    targets[name] = { ...t, ...clock };
  }
  return { policyId: set.id, ruleId: rule.id, targets, pausingHoldReasons: set.pausingHoldReasons };
}

/** A sensible starting policy for a residential service centre (editable by admins). */
export const DEFAULT_SLA_POLICY: SlaPolicySet = {
  id: 'default',
  name: '默认时效标准',
  pausingHoldReasons: ['waiting_owner', 'waiting_parts'],
  rules: [
    {
      id: 'repair-urgent',
      kind: 'repair',
      priority: 'urgent',
      targets: {
        response: { minutes: 5, calendar: '24x7' },
        dispatch: { minutes: 10, calendar: '24x7' },
        on_site: { minutes: 30, calendar: '24x7', escalations: [{ ratio: 1, level: 'supervisor' }] },
        resolution: { minutes: 240, calendar: '24x7', escalations: [{ ratio: 1, level: 'supervisor' }, { ratio: 2, level: 'manager' }] },
      },
    },
    {
      id: 'repair',
      kind: 'repair',
      targets: {
        response: { minutes: 15, calendar: 'business' },
        dispatch: { minutes: 30, calendar: 'business' },
        on_site: { minutes: 120, calendar: 'business' },
        resolution: { minutes: 3 * 480, calendar: 'business', escalations: [{ ratio: 1, level: 'supervisor' }] },
      },
    },
    {
      id: 'complaint',
      kind: 'complaint',
      targets: {
        response: { minutes: 30, calendar: 'business' },
        dispatch: { minutes: 60, calendar: 'business' },
        resolution: { minutes: 2 * 480, calendar: 'business', escalations: [{ ratio: 1, level: 'manager' }] },
      },
    },
    { id: 'enquiry', kind: 'enquiry', targets: { response: { minutes: 30, calendar: 'business' }, resolution: { minutes: 480, calendar: 'business' } } },
    { id: 'suggestion', kind: 'suggestion', targets: { resolution: { minutes: 5 * 480, calendar: 'business' } } },
    {
      id: 'hazard',
      kind: 'hazard',
      targets: { dispatch: { minutes: 60, calendar: 'business' }, resolution: { minutes: 5 * 480, calendar: 'business' } },
    },
  ],
};
