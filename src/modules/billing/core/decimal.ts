/**
 * Exact decimal arithmetic for quantities and prices (area m², meter readings, unit prices in
 * fen with fractional digits, percentages). Inputs are decimal strings or numbers; a number is
 * read through its shortest round-trip text (89.57 → "89.57"), so what the user typed is what
 * is computed. Internally a decimal is a scaled BigInt; nothing is ever a binary float.
 */
import { BillingError } from './errors';

/** A decimal as typed: "89.57", "0.5283", 280, "5". No exponent, no sign unless allowed. */
export type DecimalInput = string | number;

/** value = units / 10^scale, exactly. */
export interface Dec {
  readonly units: bigint;
  readonly scale: number;
}

/** Exact rational num / den with den > 0. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal exactly. `maxScale` limits fractional digits (e.g. 2 for area in m²) so
 * that over-precise input is rejected rather than silently rounded.
 */
export function parseDecimal(
  input: DecimalInput,
  opts: { name?: string; maxScale?: number; allowNegative?: boolean } = {},
): Dec {
  const name = opts.name ?? 'value';
  const text = typeof input === 'number' ? numberText(input, name) : input.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m || (m[1] && !opts.allowNegative)) {
    throw new BillingError('INVALID_DECIMAL', `${name} must be a ${opts.allowNegative ? '' : 'non-negative '}decimal number, got "${text}"`, { name, value: text });
  }
  const frac = m[3] ?? '';
  const maxScale = opts.maxScale ?? 6;
  // Trailing zeros do not add precision: "89.570" is fine for a 2-decimal area.
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > maxScale) {
    throw new BillingError('INVALID_DECIMAL', `${name} allows at most ${maxScale} decimal places, got "${text}"`, { name, value: text, maxScale });
  }
  const units = BigInt(m[2] + trimmed) * (m[1] ? -1n : 1n);
  return { units, scale: trimmed.length };
}

function numberText(n: number, name: string): string {
  if (!Number.isFinite(n)) {
    throw new BillingError('INVALID_DECIMAL', `${name} must be finite`, { name, value: String(n) });
  }
  const s = String(n);
  if (/e/i.test(s)) {
    throw new BillingError('INVALID_DECIMAL', `${name} is out of range for a decimal: ${s}`, { name, value: s });
  }
  return s;
}

export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Decimal → exact ratio. */
export function decToRatio(d: Dec): Ratio {
  return { num: d.units, den: pow10(d.scale) };
}

export function ratio(num: bigint | number, den: bigint | number = 1n): Ratio {
  const n = BigInt(num);
  const d = BigInt(den);
  if (d === 0n) throw new BillingError('INVALID_DECIMAL', 'division by zero');
  return d < 0n ? { num: -n, den: -d } : { num: n, den: d };
}

export function mulRatio(...rs: Ratio[]): Ratio {
  let num = 1n;
  let den = 1n;
  for (const r of rs) {
    num *= r.num;
    den *= r.den;
  }
  return { num, den };
}

export function addRatio(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

export function subDec(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * pow10(scale - a.scale) - b.units * pow10(scale - b.scale), scale };
}

export function addDec(a: Dec, b: Dec): Dec {
  return subDec(a, { units: -b.units, scale: b.scale });
}

export function compareDec(a: Dec, b: Dec): number {
  const d = subDec(a, b).units;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Canonical text of a decimal: no trailing zeros, "0" for zero. */
export function formatDec(d: Dec): string {
  const neg = d.units < 0n;
  let digits = (neg ? -d.units : d.units).toString();
  if (d.scale > 0) {
    digits = digits.padStart(d.scale + 1, '0');
    const int = digits.slice(0, digits.length - d.scale);
    const frac = digits.slice(digits.length - d.scale).replace(/0+$/, '');
    digits = frac ? `${int}.${frac}` : int;
  }
  return (neg && digits !== '0' ? '-' : '') + digits;
}

/**
 * Rounds an exact ratio to an integer, half up (四舍五入): ties go away from zero, so
 * 0.5 → 1 and −0.5 → −1. This is the only rounding mode in the billing core.
 */
export function roundHalfUp(r: Ratio): bigint {
  const neg = r.num < 0n !== r.den < 0n;
  const n = r.num < 0n ? -r.num : r.num;
  const d = r.den < 0n ? -r.den : r.den;
  const q = (2n * n + d) / (2n * d);
  return neg ? -q : q;
}

/** Converts a BigInt fen amount to a number, refusing anything beyond the safe range. */
export function toFen(v: bigint, name = 'amount'): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new BillingError('AMOUNT_OVERFLOW', `${name} overflows: the result is beyond ${Number.MAX_SAFE_INTEGER} fen`, { name });
  }
  return Number(v);
}

/** round_half_up(product of the factors) as fen. */
export function roundProductFen(...factors: Ratio[]): number {
  return toFen(roundHalfUp(mulRatio(...factors)));
}
