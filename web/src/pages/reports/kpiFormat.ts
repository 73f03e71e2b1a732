/**
 * The one place a KPI value becomes text on a screen (dashboard, plan vs actual, role cards): a
 * rate is a percentage with one decimal (催单率 too — it is chasers ÷ orders, and may pass 100 %),
 * a count an integer, money through ../../money, a duration minutes or hours. Mirrors the
 * server's src/modules/reports/kpiFormat.ts, which prints the reports. Pure.
 */
import { formatMoney, formatNumber, formatPercent, type UiLocale } from '../../format';

export type KpiKind = 'rate' | 'count' | 'money' | 'duration';

const NON_RATE: Record<string, Exclude<KpiKind, 'rate'>> = { overdue_orders: 'count', arrears: 'money', aht_seconds: 'duration' };

export function kpiKind(code: string): KpiKind {
  return NON_RATE[code] ?? 'rate';
}

/** KPIs whose numerator and denominator are money in fen. */
export const MONEY_PARTS = new Set(['collection_rate', 'arrears']);

const UNITS: Record<UiLocale, { s: string; m: string; h: string }> = {
  'zh-CN': { s: ' 秒', m: ' 分钟', h: ' 小时' },
  'zh-TW': { s: ' 秒', m: ' 分鐘', h: ' 小時' },
  en: { s: ' s', m: ' min', h: ' h' },
};

export function formatDuration(seconds: number, locale: UiLocale): string {
  const u = UNITS[locale] ?? UNITS['zh-CN'];
  if (seconds < 60) return `${Math.round(seconds)}${u.s}`;
  if (seconds < 3600) return `${formatNumber(seconds / 60, locale, 1)}${u.m}`;
  return `${formatNumber(seconds / 3600, locale, 1)}${u.h}`;
}

/** A KPI's value by its kind; null when there is no value (the caller says "no data" its own way). */
export function formatKpiValue(code: string, value: number | null | undefined, locale: UiLocale): string | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  switch (kpiKind(code)) {
    case 'count':
      return formatNumber(Math.round(value), locale, 0);
    case 'money':
      return formatMoney(Math.round(value), locale);
    case 'duration':
      return formatDuration(value, locale);
    default:
      return formatPercent(value, locale);
  }
}

/** Numerator / denominator as read: money in yuan, the rest as counts. */
export function formatKpiParts(code: string, numerator: number, denominator: number, locale: UiLocale): string {
  const f = (n: number) => (MONEY_PARTS.has(code) ? formatMoney(n, locale) : formatNumber(n, locale));
  return `${f(numerator)} / ${f(denominator)}`;
}
