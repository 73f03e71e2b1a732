/** Plan vs actual, pure: how a KPI row is coloured and how its gap reads. */
import type { KpiVsTarget } from './api';

export type Tone = 'met' | 'missed' | 'none';

/** Green when met, red when missed; nothing without data or target ("no data" is not a miss). */
export function gapTone(k: Pick<KpiVsTarget, 'met' | 'value' | 'target'>): Tone {
  if (k.value === null || !k.target || k.met === null) return 'none';
  return k.met ? 'met' : 'missed';
}

/** The gap in percentage points with its sign, at the displayed precision (0.1): "+1.2", "−1.8". */
export function gapPoints(gap: number | null): string | null {
  if (gap === null) return null;
  const p = Math.round(gap * 1000) / 10;
  if (p === 0) return '0.0';
  return `${p > 0 ? '+' : '−'}${Math.abs(p).toFixed(1)}`;
}

/** KPIs whose numerator and denominator are money in fen (docs/reports.md). */
export const MONEY_KPIS = new Set(['collection_rate']);

/** KPIs read as a count per hundred, not a share (催单率（每百单）). */
export const PER_HUNDRED_KPIS = new Set(['chase_rate']);
