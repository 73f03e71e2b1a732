/** Pure helpers of the resident app (tested without a browser). */
import type { Bill } from '../../opsApi';

export interface AccountSummary {
  outstandingFen: number;
  overdueFen: number;
  creditFen: number;
}

/** Arrears over all of a resident's homes: the sums the home page and the bills tab both show. */
export function totalArrears(accounts: readonly AccountSummary[]): AccountSummary {
  return accounts.reduce((s, a) => ({ outstandingFen: s.outstandingFen + a.outstandingFen, overdueFen: s.overdueFen + a.overdueFen, creditFen: s.creditFen + a.creditFen }), { outstandingFen: 0, overdueFen: 0, creditFen: 0 });
}

export interface PeriodGroup {
  month: string;
  bills: Bill[];
  amountFen: number;
  outstandingFen: number;
}

/** Bills grouped by accounting month, newest first; within a month, unpaid first. */
export function billsByPeriod(bills: readonly Bill[]): PeriodGroup[] {
  const by = new Map<string, Bill[]>();
  for (const b of bills) {
    const list = by.get(b.accountMonth) ?? [];
    list.push(b);
    by.set(b.accountMonth, list);
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([month, list]) => ({
      month,
      bills: [...list].sort((x, y) => Number(x.outstandingFen === 0) - Number(y.outstandingFen === 0) || (x.feeName ?? '').localeCompare(y.feeName ?? '')),
      amountFen: list.reduce((s, b) => s + b.amountFen, 0),
      outstandingFen: list.reduce((s, b) => s + b.outstandingFen, 0),
    }));
}

/** "2026-11" → "2026年11月" (zh) / "2026-11" (en): a month as residents read it. */
export function monthLabel(month: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return locale.startsWith('zh') ? `${m[1]}年${Number(m[2])}月` : month;
}

