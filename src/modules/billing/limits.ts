/**
 * Sanity bounds on what a fee item may charge. They catch typing slips — a price keyed in fen
 * where yuan was meant, an extra zero — before a bill run turns them into bills of 1 万亿元.
 * Bounds are generous for any real property fee in China and live here as constants, one place
 * to change them; the error names the bound so the person entering the price sees why.
 *
 *   area     unit price ≤ 100 元 per m² a month (typical 物业费 1–10 元/㎡·月)
 *   metered  unit price ≤ 100 元 per unit read (water ~3–10 元/吨, electricity < 2 元/度)
 *   service  unit price ≤ 100,000 元 a time (paid services at the desk)
 *   fixed    amount     ≤ 1,000,000 元 a month (parking rent, garbage fee, …)
 *   any single bill line ≤ 100,000,000 元 (beyond that the arithmetic is refused as an overflow)
 */
import { AppError } from '../../core/errors';
import { parseDecimal } from './core/decimal';

export const FEE_LIMITS_FEN = {
  area: 10_000,
  metered: 10_000,
  service: 10_000_000,
  fixed: 100_000_000,
} as const;

/** The largest single amount a bill run may produce: 1 亿元. */
export const MAX_BILL_LINE_FEN = 10_000_000_000;

type PricedKind = keyof typeof FEE_LIMITS_FEN;

/** Refuses a price (decimal fen) or monthly amount (integer fen) beyond the bound for its kind. */
export function assertFeeWithinLimits(kind: PricedKind, value: string | number | null | undefined): void {
  if (value === null || value === undefined) return;
  const max = FEE_LIMITS_FEN[kind];
  const d = parseDecimal(value, { name: 'unitPrice', maxScale: 6 });
  // value > max  ⇔  units > max · 10^scale (exact, no float)
  if (d.units > BigInt(max) * 10n ** BigInt(d.scale)) {
    throw new AppError(400, `billing.fee_limit.${kind}`, { max: (max / 100).toLocaleString('en-US') });
  }
}
