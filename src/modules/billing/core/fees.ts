/**
 * Fee arithmetic (费用计算): area-based property fee, proration by days, metered consumption,
 * discounts and one-off paid services. Every function returns integer fen and rounds exactly
 * once per documented step, half up (see docs/billing.md).
 */
import { BillingError, assertFen } from './errors';
import {
  type Dec,
  type DecimalInput,
  type Ratio,
  compareDec,
  decToRatio,
  formatDec,
  parseDecimal,
  ratio,
  roundHalfUp,
  roundProductFen,
  subDec,
  addDec,
  toFen,
} from './decimal';
import { type DateStr, daysInMonth, monthsBetween, parseDate } from './dates';

/** Chargeable area has at most 2 decimals (m², as on the property certificate). */
export const AREA_SCALE = 2;
/** Unit prices are fen with up to 4 decimals (i.e. yuan with 6), enough for 0.5283 元/kWh. */
export const PRICE_SCALE = 4;
/** Meter readings have at most 4 decimals. */
export const READING_SCALE = 4;

/**
 * Monthly area-based fee (物业费/月) = round_half_up(area m² × unit price fen/m²/month).
 * Example: 89.57 m² × 280 fen (2.80 元) = 25 079.6 → 25 080 fen.
 */
export function areaMonthlyFen(areaM2: DecimalInput, unitPriceFen: DecimalInput): number {
  const area = parseDecimal(areaM2, { name: 'areaM2', maxScale: AREA_SCALE });
  const price = parseDecimal(unitPriceFen, { name: 'unitPriceFen', maxScale: PRICE_SCALE });
  return roundProductFen(decToRatio(area), decToRatio(price));
}

/** One calendar month's share of a prorated charge. */
export interface MonthPortion {
  /** 'YYYY-MM' */
  readonly month: string;
  /** First and last chargeable day of month (1-based, inclusive). */
  readonly fromDay: number;
  readonly toDay: number;
  readonly daysInMonth: number;
  readonly fen: number;
}

/**
 * The part of a monthly charge for days fromDay..toDay (inclusive) of a month with `dim` days.
 *
 * Cumulative rounding: share = R(M × toDay / dim) − R(M × (fromDay − 1) / dim), R = round half
 * up. A full month gives exactly M, and the shares of consecutive day ranges always add up to
 * the whole (the roundings telescope), so a month split between two occupants never gains or
 * loses a fen; each share is within one fen of the exact M × days / dim.
 */
export function prorateMonthFen(monthlyFen: number, fromDay: number, toDay: number, dim: number): number {
  assertFen(monthlyFen, 'monthlyFen');
  if (!Number.isInteger(dim) || dim < 28 || dim > 31 || !Number.isInteger(fromDay) || !Number.isInteger(toDay) || fromDay < 1 || toDay > dim || fromDay > toDay) {
    throw new BillingError('INVALID_RANGE', `invalid day range ${fromDay}..${toDay} of a ${dim}-day month`, { fromDay, toDay, dim });
  }
  const m = BigInt(monthlyFen);
  const D = BigInt(dim);
  return toFen(roundHalfUp(ratio(m * BigInt(toDay), D)) - roundHalfUp(ratio(m * BigInt(fromDay - 1), D)));
}

/**
 * A monthly charge prorated over an inclusive date range that may span several months
 * (e.g. a quarterly bill for someone who moved in on 15 February): each calendar month is
 * prorated on its own day count and the shares are summed.
 */
export function prorateRangeFen(monthlyFen: number, start: DateStr, end: DateStr): { fen: number; months: MonthPortion[] } {
  assertFen(monthlyFen, 'monthlyFen');
  const s = parseDate(start, 'start');
  const e = parseDate(end, 'end');
  if (end < start) throw new BillingError('INVALID_RANGE', `range ends (${end}) before it starts (${start})`, { start, end });
  const months: MonthPortion[] = [];
  let fen = 0;
  for (const month of monthsBetween(start, end)) {
    const y = Number(month.slice(0, 4));
    const mo = Number(month.slice(5, 7));
    const dim = daysInMonth(y, mo);
    const fromDay = month === start.slice(0, 7) ? s.d : 1;
    const toDay = month === end.slice(0, 7) ? e.d : dim;
    const part = prorateMonthFen(monthlyFen, fromDay, toDay, dim);
    months.push({ month, fromDay, toDay, daysInMonth: dim, fen: part });
    fen += part;
  }
  return { fen, months };
}

/** Counted months of a range as an exact ratio (Σ days/daysInMonth), for display and checks. */
export function rangeMonthsRatio(start: DateStr, end: DateStr): Ratio {
  let num = 0n;
  let den = 1n;
  for (const p of prorateRangeFen(0, start, end).months) {
    const days = BigInt(p.toDay - p.fromDay + 1);
    const d = BigInt(p.daysInMonth);
    num = num * d + days * den;
    den = den * d;
  }
  return { num, den };
}

/** Explicit meter replacement (换表): final reading of the old meter, first of the new one. */
export interface MeterReplacement {
  readonly oldFinal: DecimalInput;
  readonly newInitial: DecimalInput;
}

/**
 * Consumption (用量) = current − previous. A current reading below the previous one is never
 * guessed at (it may be a replacement, a rollover past 9999 or a typing error): it throws
 * METER_READING_DECREASED unless the replacement is recorded explicitly, in which case
 * consumption = (oldFinal − previous) + (current − newInitial).
 * Returns the consumption as canonical decimal text.
 */
export function meterConsumption(previous: DecimalInput, current: DecimalInput, replacement?: MeterReplacement): string {
  const prev = parseDecimal(previous, { name: 'previous', maxScale: READING_SCALE });
  const curr = parseDecimal(current, { name: 'current', maxScale: READING_SCALE });
  if (!replacement) {
    if (compareDec(curr, prev) < 0) {
      throw new BillingError(
        'METER_READING_DECREASED',
        `meter reading went down from ${formatDec(prev)} to ${formatDec(curr)}; record a meter replacement or correct the reading`,
        { previous: formatDec(prev), current: formatDec(curr) },
      );
    }
    return formatDec(subDec(curr, prev));
  }
  const oldFinal = parseDecimal(replacement.oldFinal, { name: 'oldFinal', maxScale: READING_SCALE });
  const newInitial = parseDecimal(replacement.newInitial, { name: 'newInitial', maxScale: READING_SCALE });
  if (compareDec(oldFinal, prev) < 0 || compareDec(curr, newInitial) < 0) {
    throw new BillingError('METER_REPLACEMENT_INVALID', 'replacement readings must satisfy previous ≤ oldFinal and newInitial ≤ current', {
      previous: formatDec(prev),
      oldFinal: formatDec(oldFinal),
      newInitial: formatDec(newInitial),
      current: formatDec(curr),
    });
  }
  return formatDec(addDec(subDec(oldFinal, prev), subDec(curr, newInitial)));
}

/**
 * Metered charge (水费/电费) = round_half_up(consumption × multiplier × unit price fen).
 * The multiplier is the meter's ratio (倍率, e.g. a CT meter reading ×40), default 1.
 * Example: 123.4 kWh × 52.83 fen = 6 519.222 → 6 519 fen.
 */
export function meteredChargeFen(consumption: DecimalInput, unitPriceFen: DecimalInput, multiplier: DecimalInput = 1): number {
  const q = parseDecimal(consumption, { name: 'consumption', maxScale: READING_SCALE });
  const p = parseDecimal(unitPriceFen, { name: 'unitPriceFen', maxScale: PRICE_SCALE });
  const k = parseDecimal(multiplier, { name: 'multiplier', maxScale: 4 });
  return roundProductFen(decToRatio(q), decToRatio(k), decToRatio(p));
}

/** A discount (优惠): percentage off (e.g. prepay a year, 5 % off) or a fixed amount off. */
export type DiscountTerms =
  | { readonly kind: 'percent'; /** "5" = 5 % off; up to 4 decimals */ readonly percentOff: DecimalInput }
  | { readonly kind: 'fixed'; readonly amountFen: number };

export interface AppliedDiscount {
  readonly discountId: string;
  readonly fen: number;
}

/**
 * Applies discounts in the given order, each to what is left after the previous ones.
 * Percent: round_half_up(remaining × percent / 100). Fixed: min(amount, remaining). The net
 * never goes below zero.
 */
export function applyDiscounts(
  grossFen: number,
  discounts: readonly ({ readonly id: string } & DiscountTerms)[],
): { discountFen: number; netFen: number; applied: AppliedDiscount[] } {
  assertFen(grossFen, 'grossFen');
  let remaining = grossFen;
  const applied: AppliedDiscount[] = [];
  for (const d of discounts) {
    let off: number;
    if (d.kind === 'percent') {
      const pct: Dec = parseDecimal(d.percentOff, { name: 'percentOff', maxScale: 4 });
      if (pct.units > 100n * 10n ** BigInt(pct.scale)) {
        throw new BillingError('INVALID_DECIMAL', `percentOff must be between 0 and 100, got ${formatDec(pct)}`, { value: formatDec(pct) });
      }
      off = roundProductFen(ratio(remaining), decToRatio(pct), ratio(1, 100));
    } else {
      assertFen(d.amountFen, 'discount amountFen');
      off = Math.min(d.amountFen, remaining);
    }
    remaining -= off;
    applied.push({ discountId: d.id, fen: off });
  }
  return { discountFen: grossFen - remaining, netFen: remaining, applied };
}

/** One item of a one-off paid service (有偿服务), e.g. labour or a part of a paid repair. */
export interface ServiceItem {
  readonly description: string;
  readonly quantity: DecimalInput;
  readonly unitPriceFen: DecimalInput;
}

/**
 * A one-off charge: each item is its own line, round_half_up(quantity × unit price); the
 * charge is the sum of the rounded lines (what the printed slip shows adds up).
 */
export function serviceChargeFen(items: readonly ServiceItem[]): { totalFen: number; lines: (ServiceItem & { fen: number })[] } {
  const lines = items.map((it) => {
    const q = parseDecimal(it.quantity, { name: 'quantity', maxScale: 4 });
    const p = parseDecimal(it.unitPriceFen, { name: 'unitPriceFen', maxScale: PRICE_SCALE });
    return { ...it, fen: roundProductFen(decToRatio(q), decToRatio(p)) };
  });
  return { totalFen: lines.reduce((s, l) => s + l.fen, 0), lines };
}
