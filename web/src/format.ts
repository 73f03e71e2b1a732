/**
 * Locale-aware display of money, numbers, dates and times. Pure functions over Intl: no React,
 * so they are unit-tested in node and reused by every screen.
 */

export type UiLocale = 'zh-CN' | 'zh-TW' | 'en';

/** Business time zone: the server stores UTC, people read Shanghai time. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}
function dateFormat(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, opts)));
  return f;
}

// Money lives in ./money (one formatter for every screen); re-exported for existing imports.
export { fenToYuanString, formatMoney } from './money';

export function formatNumber(value: number, locale: UiLocale | string, maxFractionDigits = 2): string {
  return numberFormat(locale, { maximumFractionDigits: maxFractionDigits }).format(value);
}

/** A share in [0, 1] as a percentage. */
export function formatPercent(ratio: number, locale: UiLocale | string, fractionDigits = 1): string {
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(ratio);
}

/**
 * Date fields per language: Chinese readers expect 2024/05/01; in English an all-numeric date is
 * ambiguous (5 Jan or 1 May?), so the month is spelled.
 */
function dateParts(locale: string): Intl.DateTimeFormatOptions {
  return locale.startsWith('en') ? { year: 'numeric', month: 'short', day: 'numeric' } : { year: 'numeric', month: '2-digit', day: '2-digit' };
}

/** A UTC ISO instant from the server, shown as date and time in Asia/Shanghai. */
export function formatDateTime(iso: string | null | undefined, locale: UiLocale | string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(locale, { timeZone: BUSINESS_TIME_ZONE, ...dateParts(locale), hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/**
 * A calendar date (YYYY-MM-DD, e.g. a move-in date) has no time zone: format it as that very day,
 * never shifted by the viewer's offset.
 */
export function formatDate(ymd: string | null | undefined, locale: UiLocale | string): string {
  if (!ymd) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(ymd);
  if (Number.isNaN(d.getTime())) return ymd;
  return dateFormat(locale, { timeZone: m ? 'UTC' : BUSINESS_TIME_ZONE, ...dateParts(locale) }).format(d);
}

/** The calendar date of a UTC instant in Asia/Shanghai, as YYYY-MM-DD. */
export function businessDate(iso: string): string {
  const parts = dateFormat('en-CA', { timeZone: BUSINESS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
