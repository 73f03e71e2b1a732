/**
 * Date ranges of the dashboard in business days (Asia/Shanghai, no daylight saving: UTC+8), as
 * the UTC instants the KPI API takes. Pure.
 */
import { businessDate } from '../../format';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** UTC instant of 00:00 in Shanghai on a YYYY-MM-DD day. */
export function shanghaiMidnight(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS).toISOString();
}

/** YYYY-MM-DD `n` days after `ymd` (negative goes back). */
export function addDays(ymd: string, n: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

export type RangeKey = 'today' | '7d' | '30d' | 'month';

/**
 * [from, to) for a named range ending with today (in Shanghai): today; the last 7 or 30 days
 * including today; this calendar month so far.
 */
export function rangeFor(key: RangeKey, now: Date): { from: string; to: string; firstDay: string; lastDay: string } {
  const today = businessDate(now.toISOString());
  const firstDay = key === 'today' ? today : key === '7d' ? addDays(today, -6) : key === '30d' ? addDays(today, -29) : `${today.slice(0, 8)}01`;
  return { from: shanghaiMidnight(firstDay), to: shanghaiMidnight(addDays(today, 1)), firstDay, lastDay: today };
}

/** KPIs whose numerator and denominator are money in fen (shown as yuan); the rest count things. */
export const MONEY_KPIS: ReadonlySet<string> = new Set(['collection_rate']);

/** Whether a KPI value misses its target (a figure to look at first). */
export function belowTarget(k: { value: number | null; target?: number }): boolean {
  return k.value !== null && k.target !== undefined && k.value < k.target;
}
