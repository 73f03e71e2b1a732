/**
 * Work-order vocabulary for the screens: state/action/reason names come straight from the
 * server's lifecycle labels (one source of truth for all three languages, bundled at build time),
 * plus the pure rules that turn an available action into a form and a request body.
 */
import { LIFECYCLE_LABELS, type LabelLocale } from '../../../../src/modules/workorders/lifecycle/labels';
import { ADOPTION_OUTCOMES, CHECK_OUTCOMES, HOLD_REASONS, VISIT_OUTCOMES } from '../../../../src/modules/workorders/lifecycle/types';
import type { AvailableAction, OrderKind } from './api';

export { HOLD_REASONS, VISIT_OUTCOMES };

const labels = (locale: string) => LIFECYCLE_LABELS[(locale in LIFECYCLE_LABELS ? locale : 'zh-CN') as LabelLocale];

/** Every state any kind of order can be in (the filter of the order list). */
export const ALL_STATES: readonly string[] = Object.keys(LIFECYCLE_LABELS['zh-CN'].states);

export function kindLabel(locale: string, kind: string): string {
  return labels(locale).kinds[kind as OrderKind] ?? kind;
}
export function stateLabel(locale: string, kind: string, state: string): string {
  const l = labels(locale);
  return l.stateOverrides[kind as OrderKind]?.[state] ?? l.states[state] ?? state;
}
export function actionLabel(locale: string, kind: string, action: string): string {
  const l = labels(locale);
  return l.actionOverrides[kind as OrderKind]?.[action] ?? l.actions[action] ?? action;
}
export function holdReasonLabel(locale: string, reason: string): string {
  return labels(locale).holdReasons[reason] ?? reason;
}
export function outcomeLabel(locale: string, outcome: string): string {
  return labels(locale).outcomes[outcome] ?? outcome;
}

/** Tag colours by state: waiting states warm, work in hand blue, done green, stopped grey. */
const STATE_COLOURS: Record<string, string> = {
  received: 'orange',
  awaiting_dispatch: 'orange',
  reported: 'orange',
  applied: 'orange',
  dispatched: 'geekblue',
  assigned: 'geekblue',
  accepted: 'blue',
  on_site: 'blue',
  in_progress: 'processing',
  rectifying: 'processing',
  working: 'processing',
  on_hold: 'purple',
  completed: 'cyan',
  awaiting_payment: 'gold',
  awaiting_visit: 'gold',
  awaiting_reinspection: 'gold',
  awaiting_acceptance: 'gold',
  violation: 'red',
  closed: 'green',
  cancelled: 'default',
  rejected: 'default',
};
export function stateColour(state: string): string {
  return STATE_COLOURS[state] ?? 'default';
}

export const PRIORITY_COLOURS: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

/** Actions a customer-facing button should not offer as a primary (destructive or rare) choice. */
const SECONDARY = new Set(['cancel', 'hand_back', 'transfer', 'redispatch', 'reopen', 'close_without_visit', 'handover_owner', 'reject']);
export function isSecondary(action: string): boolean {
  return SECONDARY.has(action);
}
const DANGER = new Set(['cancel', 'reject', 'record_violation']);
export function isDanger(action: string): boolean {
  return DANGER.has(action);
}

// ---------- action forms ----------

export type FieldKind = 'technician' | 'staff' | 'holdReason' | 'outcome' | 'text' | 'longText' | 'money' | 'channel' | 'scores' | 'materials';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** Required only when the outcome is one of these (a negative outcome must say why). */
  requiredWhenOutcome?: readonly string[];
  options?: readonly string[];
}

/** How the customer was told the result (告知方式). */
export const INFORM_CHANNELS = ['phone', 'sms', 'visit', 'app'] as const;

/** Outcomes offered for an action: a return visit is rated, a suggestion is adopted or not, an inspection passes or fails. */
export function outcomeOptions(kind: string, action: string): readonly string[] {
  if (action === 'return_visit') return VISIT_OUTCOMES;
  if (kind === 'suggestion') return ADOPTION_OUTCOMES;
  return CHECK_OUTCOMES;
}

const NEGATIVE_OUTCOMES = ['dissatisfied', 'fail'] as const;

/** Actions whose assignee is a technician (派单 / 改派 / 转单); other assignments pick from all staff. */
const TECHNICIAN_ACTIONS = new Set(['dispatch', 'redispatch', 'transfer', 'assign', 'reassign']);
/** Complaints, enquiries and suggestions go to a department or colleague rather than a technician. */
const TECHNICIAN_KINDS = new Set(['repair', 'hazard']);

/**
 * The form for an available action, built only from what the server says it requires or may
 * take — field order is fixed so forms look alike: who, why, how much, notes.
 */
export function actionFields(kind: string, a: AvailableAction): FieldSpec[] {
  const req = new Set(a.requires);
  const all = [...a.requires, ...a.optional.filter((f) => !req.has(f))];
  const fields: FieldSpec[] = [];
  const has = (f: string) => all.includes(f);
  if (has('assigneeId')) fields.push({ name: 'assigneeId', kind: TECHNICIAN_ACTIONS.has(a.action) && TECHNICIAN_KINDS.has(kind) ? 'technician' : 'staff', required: req.has('assigneeId') });
  if (has('newOwnerId')) fields.push({ name: 'newOwnerId', kind: 'staff', required: req.has('newOwnerId') });
  if (has('departmentId')) fields.push({ name: 'departmentId', kind: 'text', required: req.has('departmentId') });
  if (has('holdReason')) fields.push({ name: 'holdReason', kind: 'holdReason', required: req.has('holdReason'), options: HOLD_REASONS });
  if (has('outcome')) fields.push({ name: 'outcome', kind: 'outcome', required: req.has('outcome'), options: outcomeOptions(kind, a.action) });
  if (a.action === 'return_visit') fields.push({ name: 'scores', kind: 'scores', required: false });
  if (has('channel')) fields.push({ name: 'channel', kind: 'channel', required: req.has('channel'), options: INFORM_CHANNELS });
  for (const money of ['chargeFen', 'amountFen', 'deductionFen']) if (has(money)) fields.push({ name: money, kind: 'money', required: req.has(money) });
  if (has('reason')) {
    const conditional = !req.has('reason') && has('outcome');
    fields.push({ name: 'reason', kind: 'longText', required: req.has('reason'), ...(conditional && { requiredWhenOutcome: NEGATIVE_OUTCOMES }) });
  }
  if (a.action === 'complete' && kind === 'repair') fields.push({ name: 'materials', kind: 'materials', required: false });
  if (has('note')) fields.push({ name: 'note', kind: 'longText', required: req.has('note') });
  if (a.action === 'return_visit') fields.push({ name: 'comment', kind: 'longText', required: false });
  return fields;
}

/**
 * Yuan typed by a person ("12", "12.5", "1,200.05") → integer fen, exactly (no float on the
 * way). Null when it is not an amount of money with at most two decimals.
 */
export function yuanToFen(input: string): number | null {
  const s = input.replace(/[\s,，¥￥]/g, '');
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

export interface ActionValues {
  [field: string]: unknown;
  scoreSpeed?: number;
  scoreAttitude?: number;
  scoreQuality?: number;
  materials?: { name?: string; quantity?: number | string | null; unit?: string }[];
}

/**
 * The request body for an action from its form values: empty inputs are left out, money is
 * converted from yuan to fen, the version the user saw goes along (a concurrent change answers 409).
 */
export function actionBody(fields: FieldSpec[], values: ActionValues, expectedVersion: number): Record<string, unknown> {
  const body: Record<string, unknown> = { expectedVersion };
  for (const f of fields) {
    if (f.kind === 'scores') {
      for (const k of ['scoreSpeed', 'scoreAttitude', 'scoreQuality'] as const) {
        const v = values[k];
        if (typeof v === 'number' && v >= 1 && v <= 5) body[k] = Math.round(v);
      }
      continue;
    }
    if (f.kind === 'materials') {
      const rows = (values.materials ?? [])
        .map((m) => ({ name: (m?.name ?? '').trim(), quantity: Number(m?.quantity), unit: (m?.unit ?? '').trim() }))
        .filter((m) => m.name && Number.isFinite(m.quantity) && m.quantity > 0)
        .map((m) => (m.unit ? m : { name: m.name, quantity: m.quantity }));
      if (rows.length) body.materials = rows;
      continue;
    }
    const v = values[f.name];
    if (v === undefined || v === null) continue;
    if (f.kind === 'money') {
      // Typed as text on purpose: a float in between could turn 10.05 yuan into 1004 fen.
      const fen = yuanToFen(String(v));
      if (fen !== null) body[f.name] = fen;
      continue;
    }
    if (typeof v === 'string') {
      const s = v.trim();
      if (s) body[f.name] = s;
      continue;
    }
    body[f.name] = v;
  }
  return body;
}

/** Whether the reason field is needed for the chosen outcome. */
export function reasonNeeded(spec: FieldSpec, outcome: unknown): boolean {
  return spec.required || (!!spec.requiredWhenOutcome && typeof outcome === 'string' && spec.requiredWhenOutcome.includes(outcome));
}
