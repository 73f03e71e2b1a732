/**
 * Report periods: a month (2026-11), a quarter (2026-Q4) or a year (2026), as Shanghai local
 * time ranges [from, to) in UTC and the billing months they cover. Pure.
 */
import { AppError } from '../../core/errors';

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  code: string;
  kind: PeriodKind;
  year: number;
  /** UTC instants of local midnight at the start and just after the end. */
  from: string;
  to: string;
  /** Account months (YYYY-MM) inside the period, for billing figures. */
  months: string[];
}

const OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

function localMidnight(year: number, month1: number): string {
  return new Date(Date.UTC(year, month1 - 1, 1) - OFFSET_MS).toISOString();
}

export function parsePeriod(code: string): Period {
  let m = /^(\d{4})-(\d{2})$/.exec(code);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) throw new AppError(400, 'reports.bad_period', { period: code });
    return { code, kind: 'month', year: y, from: localMidnight(y, mo), to: localMidnight(y, mo + 1), months: [`${y}-${pad(mo)}`] };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(code);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const first = (q - 1) * 3 + 1;
    return { code, kind: 'quarter', year: y, from: localMidnight(y, first), to: localMidnight(y, first + 3), months: [0, 1, 2].map((i) => `${y}-${pad(first + i)}`) };
  }
  m = /^(\d{4})$/.exec(code);
  if (m) {
    const y = Number(m[1]);
    return { code, kind: 'year', year: y, from: localMidnight(y, 1), to: localMidnight(y + 1, 1), months: Array.from({ length: 12 }, (_, i) => `${y}-${pad(i + 1)}`) };
  }
  throw new AppError(400, 'reports.bad_period', { period: code });
}

/** The period before (previous month / quarter / year). */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'year') return parsePeriod(String(p.year - 1));
  if (p.kind === 'quarter') {
    const q = Number(p.code.slice(-1));
    return parsePeriod(q === 1 ? `${p.year - 1}-Q4` : `${p.year}-Q${q - 1}`);
  }
  const mo = Number(p.code.slice(5, 7));
  return parsePeriod(mo === 1 ? `${p.year - 1}-12` : `${p.year}-${pad(mo - 1)}`);
}

/** The same period one year earlier. */
export function sameLastYear(p: Period): Period {
  return parsePeriod(`${p.year - 1}${p.code.slice(4)}`);
}

/** The month (YYYY-MM) that was last completed at `now`, in Shanghai time. */
export function lastCompletedMonth(now: Date): string {
  const local = new Date(now.getTime() + OFFSET_MS);
  const y = local.getUTCFullYear();
  const mo = local.getUTCMonth() + 1;
  return mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`;
}

/** Periods that contain `p` (the month's quarter and year), for targets set on a longer period. */
export function enclosingPeriods(p: Period): string[] {
  if (p.kind === 'year') return [p.code];
  if (p.kind === 'quarter') return [p.code, String(p.year)];
  const q = Math.floor((Number(p.code.slice(5, 7)) - 1) / 3) + 1;
  return [p.code, `${p.year}-Q${q}`, String(p.year)];
}
