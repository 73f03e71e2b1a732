/** Plan vs actual, pure: how a KPI row is coloured and how its gap reads. */
import type { KpiVsTarget } from './api';

export type Tone = 'met' | 'near' | 'missed' | 'none';

/** Within this many ratio units of a missed target a figure is "near" (amber) — the server's NEAR_GAP. */
export const NEAR_GAP = 0.02;

/** Green when met, amber when missed by at most 2 points, red beyond; nothing without data or target ("no data" is not a miss). */
export function gapTone(k: Pick<KpiVsTarget, 'met' | 'value' | 'target'> & { gap?: number | null }): Tone {
  if (k.value === null || !k.target || k.met === null) return 'none';
  if (k.met) return 'met';
  return k.gap !== undefined && k.gap !== null && -k.gap <= NEAR_GAP + 1e-9 ? 'near' : 'missed';
}

/** The gap in percentage points with its sign, at the displayed precision (0.1): "+1.2", "−1.8". */
export function gapPoints(gap: number | null): string | null {
  if (gap === null) return null;
  const p = Math.round(gap * 1000) / 10;
  if (p === 0) return '0.0';
  return `${p > 0 ? '+' : '−'}${Math.abs(p).toFixed(1)}`;
}
