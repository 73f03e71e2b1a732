/**
 * The dunning ladder (催缴阶梯). A project configures when an account enters the ladder (e.g.
 * two months or more in arrears) and the steps, each on a day of the month: reminder on the
 * 5th, second reminder on the 10th, third with a notice letter on the 15th, measures on the
 * 20th only with a manager's approval. `nextDunningStep` says, for a date, what is due.
 *
 * Schedule from the date the account entered the ladder: step 1 falls on the first occurrence
 * of its day on or after entry; each later step on the first occurrence of its day strictly
 * after the previous step's scheduled date. Steps are taken in order, never skipped; a step
 * is due on max(its scheduled date, the date the previous step was taken + minGapDays), so a
 * late step does not push the rest of the ladder back, but two steps never share a day.
 * A step that needs approval is never reported "due" without an approval given in this
 * episode by an allowed role.
 */
import { BillingError } from './errors';
import { type DateStr, addDays, assertDate, daysInMonth, diffDays, maxDate, parseDate, ymd } from './dates';

export interface LadderStep {
  readonly code: string;
  /** 1–31; in shorter months the step falls on the last day. */
  readonly dayOfMonth: number;
  /** 'reminder', 'notice_letter', 'measures', … (what the collector does). */
  readonly action: string;
  readonly requiresApproval?: boolean;
  /** Roles whose approval counts; absent = any recorded approval. */
  readonly approverRoles?: readonly string[];
}

export interface DunningLadder {
  readonly entry: {
    /** Enter when at least this many months are in arrears (see monthsInArrears). */
    readonly minMonthsInArrears: number;
    /** …and at least this much is overdue (default 1 fen). */
    readonly minOverdueFen?: number;
  };
  readonly steps: readonly LadderStep[];
  /** Minimum days between two steps actually taken (default 1: not on the same day). */
  readonly minGapDays?: number;
}

/** The ladder from the design document (DESIGN.md §4). */
export const DEFAULT_DUNNING_LADDER: DunningLadder = {
  entry: { minMonthsInArrears: 2, minOverdueFen: 1 },
  steps: [
    { code: 'reminder_1', dayOfMonth: 5, action: 'reminder' },
    { code: 'reminder_2', dayOfMonth: 10, action: 'reminder' },
    { code: 'notice_letter', dayOfMonth: 15, action: 'notice_letter' },
    { code: 'measures', dayOfMonth: 20, action: 'measures', requiresApproval: true, approverRoles: ['manager'] },
  ],
  minGapDays: 1,
};

export interface StepRecord {
  readonly code: string;
  readonly takenOn: DateStr;
}

export interface StepApproval {
  readonly stepCode: string;
  readonly status: 'approved' | 'rejected';
  readonly decidedBy: string;
  readonly approverRole: string;
  readonly decidedOn: DateStr;
}

export interface DunningInput {
  readonly asOf: DateStr;
  readonly monthsInArrears: number;
  readonly overdueFen: number;
  /** When the account entered the ladder in the current episode; default asOf (enters today). */
  readonly enteredOn?: DateStr;
  /** Steps taken in this episode, in order. */
  readonly history: readonly StepRecord[];
  readonly approvals?: readonly StepApproval[];
}

export type DunningDecision =
  | { readonly status: 'not_in_ladder' }
  | { readonly status: 'due'; readonly step: LadderStep; readonly stepIndex: number; readonly dueOn: DateStr; readonly daysLate: number }
  | { readonly status: 'awaiting_approval'; readonly step: LadderStep; readonly stepIndex: number; readonly dueOn: DateStr }
  | { readonly status: 'approval_rejected'; readonly step: LadderStep; readonly stepIndex: number; readonly approval: StepApproval }
  | { readonly status: 'waiting'; readonly step: LadderStep; readonly stepIndex: number; readonly dueOn: DateStr }
  | { readonly status: 'completed' };

/** First date ≥ from whose day of month is `day` (clamped to the month's last day). */
export function nextDayOfMonth(from: DateStr, day: number): DateStr {
  let { y, m } = parseDate(from);
  for (;;) {
    const d = ymd(y, m, Math.min(day, daysInMonth(y, m)));
    if (d >= from) return d;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

/** Scheduled date of every step for an account that entered the ladder on `enteredOn`. */
export function ladderSchedule(ladder: DunningLadder, enteredOn: DateStr): { code: string; scheduledOn: DateStr }[] {
  validateLadder(ladder);
  assertDate(enteredOn, 'enteredOn');
  const out: { code: string; scheduledOn: DateStr }[] = [];
  let from = enteredOn;
  for (const s of ladder.steps) {
    const on = nextDayOfMonth(from, s.dayOfMonth);
    out.push({ code: s.code, scheduledOn: on });
    from = addDays(on, 1);
  }
  return out;
}

/** Does the account qualify for the ladder? */
export function inLadder(ladder: DunningLadder, monthsInArrears: number, overdueFen: number): boolean {
  return monthsInArrears >= ladder.entry.minMonthsInArrears && overdueFen >= (ladder.entry.minOverdueFen ?? 1);
}

/** What the ladder asks for on `input.asOf`. */
export function nextDunningStep(ladder: DunningLadder, input: DunningInput): DunningDecision {
  validateLadder(ladder);
  assertDate(input.asOf, 'asOf');
  // Paying down below the threshold ends the episode: no further steps.
  if (!inLadder(ladder, input.monthsInArrears, input.overdueFen)) return { status: 'not_in_ladder' };
  const enteredOn = input.enteredOn ?? input.asOf;
  assertDate(enteredOn, 'enteredOn');
  if (enteredOn > input.asOf) throw new BillingError('INVALID_LADDER', `entered the ladder (${enteredOn}) after asOf (${input.asOf})`);

  const history = input.history;
  history.forEach((h, i) => {
    const expected = ladder.steps[i];
    if (!expected || h.code !== expected.code) {
      throw new BillingError('INVALID_LADDER', `step history out of order: #${i + 1} is ${h.code}, expected ${expected?.code ?? 'nothing'}`, { index: i, code: h.code });
    }
    assertDate(h.takenOn, 'takenOn');
    if (h.takenOn < enteredOn || (i > 0 && h.takenOn < history[i - 1].takenOn)) {
      throw new BillingError('INVALID_LADDER', `step ${h.code} taken on ${h.takenOn}, out of order`, { code: h.code });
    }
  });
  const k = history.length;
  if (k >= ladder.steps.length) return { status: 'completed' };

  const step = ladder.steps[k];
  const scheduled = ladderSchedule(ladder, enteredOn)[k].scheduledOn;
  const gap = ladder.minGapDays ?? 1;
  const dueOn = k === 0 ? scheduled : maxDate(scheduled, addDays(history[k - 1].takenOn, gap));
  if (input.asOf < dueOn) return { status: 'waiting', step, stepIndex: k, dueOn };

  if (step.requiresApproval) {
    // Only decisions made in this episode and by an allowed role count; the latest wins.
    const decisions = (input.approvals ?? [])
      .filter((a) => a.stepCode === step.code && a.decidedOn >= enteredOn && a.decidedOn <= input.asOf)
      .filter((a) => !step.approverRoles || step.approverRoles.includes(a.approverRole))
      .sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : a.decidedOn > b.decidedOn ? 1 : 0));
    const last = decisions[decisions.length - 1];
    if (!last) return { status: 'awaiting_approval', step, stepIndex: k, dueOn };
    if (last.status === 'rejected') return { status: 'approval_rejected', step, stepIndex: k, approval: last };
  }
  return { status: 'due', step, stepIndex: k, dueOn, daysLate: diffDays(dueOn, input.asOf) };
}

function validateLadder(ladder: DunningLadder): void {
  if (ladder.steps.length === 0) throw new BillingError('INVALID_LADDER', 'a dunning ladder needs at least one step');
  const codes = new Set<string>();
  for (const s of ladder.steps) {
    if (!Number.isInteger(s.dayOfMonth) || s.dayOfMonth < 1 || s.dayOfMonth > 31) {
      throw new BillingError('INVALID_LADDER', `step ${s.code}: dayOfMonth must be 1–31`, { code: s.code });
    }
    if (codes.has(s.code)) throw new BillingError('INVALID_LADDER', `duplicate step code ${s.code}`, { code: s.code });
    codes.add(s.code);
  }
  if (!Number.isInteger(ladder.entry.minMonthsInArrears) || ladder.entry.minMonthsInArrears < 1) {
    throw new BillingError('INVALID_LADDER', 'entry.minMonthsInArrears must be a positive integer');
  }
  const gap = ladder.minGapDays ?? 1;
  if (!Number.isInteger(gap) || gap < 0) throw new BillingError('INVALID_LADDER', 'minGapDays must be a non-negative integer');
}
