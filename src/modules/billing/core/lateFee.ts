/**
 * Late fees (滞纳金): a daily rate on the overdue principal after a grace period, capped
 * (by default at the principal itself). Accrual is exact and rounded once, half up, at the end.
 */
import { BillingError, assertFen } from './errors';
import { type DecimalInput, decToRatio, parseDecimal, ratio, roundHalfUp, roundProductFen, toFen } from './decimal';
import { type DateStr, addDays, assertDate, diffDays } from './dates';
import type { AccountState } from './ledger';

export interface LateFeeRule {
  /** Percent of overdue principal per day: "0.05" = 0.05 % a day. */
  readonly dailyRatePercent: DecimalInput;
  /** Days after the due date during which no late fee accrues. */
  readonly graceDays: number;
  /**
   * false (default): accrue only for days after the grace period.
   * true: once the grace period has passed with principal still unpaid, accrue from the day
   * after the due date (some contracts say "逾期超过宽限期的，自应缴之日起计收").
   */
  readonly retroactive?: boolean;
  /** Cap as percent of the original principal; "100" = never more than the principal; null = uncapped. */
  readonly capPercentOfPrincipal?: DecimalInput | null;
}

/** 0.05 % a day after 15 days' grace, capped at the principal. Projects configure their own. */
export const DEFAULT_LATE_FEE_RULE: LateFeeRule = {
  dailyRatePercent: '0.05',
  graceDays: 15,
  retroactive: false,
  capPercentOfPrincipal: '100',
};

/** A reduction of principal (payment, credit applied, write-off) effective on a date. */
export interface PrincipalReduction {
  readonly date: DateStr;
  readonly fen: number;
}

export interface LateFeeSegment {
  /** Inclusive accrual days with a constant overdue principal. */
  readonly from: DateStr;
  readonly to: DateStr;
  readonly days: number;
  readonly principalFen: number;
}

export interface LateFeeResult {
  readonly lateFeeFen: number;
  readonly uncappedFen: number;
  readonly capFen: number | null;
  readonly segments: readonly LateFeeSegment[];
}

/**
 * Late fee accrued on one bill up to and including `asOf`.
 *
 * Day D accrues on the principal still unpaid at the end of D (a payment dated D stops D's
 * accrual). Accrual days are D > dueDate + graceDays (or, retroactively, D > dueDate once the
 * grace period has lapsed unpaid), D ≤ asOf. Fee = round_half_up(Σ principal × days × rate),
 * then min(fee, cap).
 */
export function computeLateFee(
  bill: { readonly principalFen: number; readonly dueDate: DateStr; readonly reductions?: readonly PrincipalReduction[] },
  asOf: DateStr,
  rule: LateFeeRule,
): LateFeeResult {
  assertFen(bill.principalFen, 'principalFen');
  assertDate(bill.dueDate, 'dueDate');
  assertDate(asOf, 'asOf');
  if (!Number.isInteger(rule.graceDays) || rule.graceDays < 0) throw new BillingError('INVALID_RANGE', 'graceDays must be a non-negative integer');
  const rate = decToRatio(parseDecimal(rule.dailyRatePercent, { name: 'dailyRatePercent', maxScale: 6 }));
  const capPct = rule.capPercentOfPrincipal === undefined ? '100' : rule.capPercentOfPrincipal;
  const capFen = capPct === null ? null : roundProductFen(ratio(bill.principalFen), decToRatio(parseDecimal(capPct, { name: 'capPercentOfPrincipal' })), ratio(1, 100));

  const reductions = [...(bill.reductions ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const r of reductions) {
    assertDate(r.date, 'reduction date');
    // Negative: a voided or reversed payment (冲红) puts the principal back from its date.
    assertFen(r.fen, 'reduction fen', { allowNegative: true });
  }
  const unpaidAtEndOf = (d: DateStr) => Math.max(0, bill.principalFen - reductions.filter((r) => r.date <= d).reduce((s, r) => s + r.fen, 0));

  const graceEnd = addDays(bill.dueDate, rule.graceDays);
  let first: DateStr;
  if (rule.retroactive) {
    if (asOf <= graceEnd || unpaidAtEndOf(graceEnd) === 0) return { lateFeeFen: 0, uncappedFen: 0, capFen, segments: [] };
    first = addDays(bill.dueDate, 1);
  } else {
    first = addDays(graceEnd, 1);
  }
  const segments: LateFeeSegment[] = [];
  if (first <= asOf) {
    // Principal changes only on reduction dates, so walk those instead of every day.
    const changeDays = [...new Set(reductions.map((r) => r.date).filter((d) => d >= first && d <= asOf))];
    let from = first;
    for (const cd of [...changeDays, addDays(asOf, 1)]) {
      if (cd > from) {
        const to = addDays(cd, -1);
        const p = unpaidAtEndOf(from);
        if (p > 0) segments.push({ from, to, days: diffDays(from, to) + 1, principalFen: p });
      }
      from = cd > from ? cd : from;
    }
  }
  let fenDays = 0n;
  for (const s of segments) fenDays += BigInt(s.principalFen) * BigInt(s.days);
  const uncappedFen = toFen(roundHalfUp(ratio(fenDays * rate.num, rate.den * 100n)));
  return { lateFeeFen: capFen === null ? uncappedFen : Math.min(uncappedFen, capFen), uncappedFen, capFen, segments };
}

export interface LateFeeAssessment {
  readonly billId: string;
  /** Late fee accrued on the bill from its due date to asOf. */
  readonly accruedFen: number;
  readonly alreadyChargedFen: number;
  /** What to charge now: accrued − already charged, never negative. */
  readonly chargeFen: number;
  /** Idempotency key of the late-fee charge for this bill and date. */
  readonly key: string;
}

/**
 * Late fees of an account's charge bills as of a date (late-fee bills themselves never accrue
 * late fees). Settlements of every kind (payment, credit, write-off) reduce the principal on
 * their date. Charges are incremental so assessing again later adds only what accrued since.
 */
export function assessLateFees(
  state: AccountState,
  asOf: DateStr,
  rule: LateFeeRule,
  alreadyChargedFen: Readonly<Record<string, number>> = {},
): LateFeeAssessment[] {
  const out: LateFeeAssessment[] = [];
  for (const b of state.bills) {
    if (b.bill.kind === 'late_fee') continue;
    const { lateFeeFen } = computeLateFee(
      { principalFen: b.bill.amountFen, dueDate: b.bill.dueDate, reductions: b.settlements.map((s) => ({ date: s.date, fen: s.fen })) },
      asOf,
      rule,
    );
    const already = alreadyChargedFen[b.bill.id] ?? 0;
    const chargeFen = Math.max(0, lateFeeFen - already);
    if (lateFeeFen > 0 || already > 0) {
      out.push({ billId: b.bill.id, accruedFen: lateFeeFen, alreadyChargedFen: already, chargeFen, key: ['LF', b.bill.id, asOf].map(encodeURIComponent).join('|') });
    }
  }
  return out;
}
