/**
 * What kind of figure each KPI is, and the one place a KPI value becomes text in a report: a rate
 * is a percentage with one decimal, a count an integer, money 元 with two decimals, a duration
 * minutes or hours. Every table, sentence and the role dashboard print through `fmtKpi`, so a
 * KPI cannot be shown one way in a report and another on the dashboard. Pure.
 */
import { fmtInt, fmtPct, fmtYuan, type Lang } from './narrative';

export type KpiKind = 'rate' | 'count' | 'money' | 'duration';

/** Non-rate KPIs by code; everything else (接通率, 收费率, 催单率 …) is a rate 0..1 (催单率 may exceed 1). */
const NON_RATE: Record<string, Exclude<KpiKind, 'rate'>> = {
  overdue_orders: 'count',
  arrears: 'money',
  aht_seconds: 'duration',
};

export function kpiKind(code: string): KpiKind {
  return NON_RATE[code] ?? 'rate';
}

/** Seconds → "45 秒" / "12.5 分钟" / "1.5 小时" (en: s / min / h). */
export function fmtDuration(seconds: number, lang: Lang = 'zh-CN'): string {
  const u = lang === 'en' ? { s: ' s', m: ' min', h: ' h' } : lang === 'zh-TW' ? { s: ' 秒', m: ' 分鐘', h: ' 小時' } : { s: ' 秒', m: ' 分钟', h: ' 小时' };
  const trim1 = (v: number) => (Math.round(v * 10) / 10).toFixed(1).replace(/\.0$/, '');
  if (seconds < 60) return `${Math.round(seconds)}${u.s}`;
  if (seconds < 3600) return `${trim1(seconds / 60)}${u.m}`;
  return `${trim1(seconds / 3600)}${u.h}`;
}

/** A KPI's value as printed: by its kind; null → the language's "no data". */
export function fmtKpi(code: string, value: number | null | undefined, lang: Lang = 'zh-CN'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return fmtPct(null, lang);
  switch (kpiKind(code)) {
    case 'count':
      return fmtInt(value);
    case 'money':
      return fmtYuan(value, lang);
    case 'duration':
      return fmtDuration(value, lang);
    default:
      return fmtPct(value, lang);
  }
}
