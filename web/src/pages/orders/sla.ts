/**
 * SLA clocks as people read them: which clock matters now and how risky it is. Pure; the
 * minutes come from the server (they run on the business calendar, so the browser's wall clock
 * cannot recompute them).
 */
import type { Order, SlaTarget } from './api';

/** green running · orange warning · red breached/overdue · grey met/paused/not started/cancelled. */
export type SlaRisk = 'ok' | 'warning' | 'breached' | 'met' | 'paused' | 'pending' | 'cancelled';

export function slaRisk(t: SlaTarget): SlaRisk {
  if (t.status === 'breached' || (t.status === 'running' && (t.overdueMinutes ?? 0) > 0)) return 'breached';
  if (t.status === 'paused' || (t.status === 'running' && t.paused)) return 'paused';
  if (t.status === 'running') return t.warning ? 'warning' : 'ok';
  return t.status;
}

export const RISK_COLOUR: Record<SlaRisk, string> = {
  ok: '#389e0d',
  warning: '#d46b08',
  breached: '#cf1322',
  met: '#8c8c8c',
  paused: '#8c8c8c',
  pending: '#8c8c8c',
  cancelled: '#8c8c8c',
};

/** antd Tag preset per risk. */
export const RISK_TAG: Record<SlaRisk, string> = {
  ok: 'success',
  warning: 'warning',
  breached: 'error',
  met: 'default',
  paused: 'default',
  pending: 'default',
  cancelled: 'default',
};

const RANK: Record<SlaRisk, number> = { breached: 0, warning: 1, ok: 2, paused: 3, pending: 4, met: 5, cancelled: 6 };

/**
 * The clock to show on a card: the riskiest one still ticking (breached, then warning, then the
 * running one with the least time left); null when every clock has stopped or none applies.
 * A clock that stopped late is history — the detail page shows it, a card does not.
 */
export function currentClock(targets: readonly SlaTarget[]): SlaTarget | null {
  let best: SlaTarget | null = null;
  for (const t of targets) {
    const r = slaRisk(t);
    if (r === 'met' || r === 'cancelled' || r === 'pending' || t.stoppedAt) continue;
    if (!best) {
      best = t;
      continue;
    }
    const rb = slaRisk(best);
    if (RANK[r] < RANK[rb]) best = t;
    else if (RANK[r] === RANK[rb]) {
      // Same risk: the one further overdue, or with the least time left.
      const key = (x: SlaTarget) => (r === 'breached' ? -(x.overdueMinutes ?? 0) : (x.remainingMinutes ?? Infinity));
      if (key(t) < key(best)) best = t;
    }
  }
  return best;
}

/** Risk of a whole order (lists, board cards): its current clock, or the stored flags when clocks are absent. */
export function orderRisk(o: Pick<Order, 'slaBreached' | 'slaWarning' | 'sla'>): SlaRisk | null {
  const c = currentClock(o.sla?.targets ?? []);
  if (c) return slaRisk(c);
  if (o.slaBreached) return 'breached';
  if (o.slaWarning) return 'warning';
  return null;
}

/** Minutes split for display ("2 d 3 h", "45 min"); days count 24 h. */
export function splitMinutes(total: number): { days: number; hours: number; minutes: number } {
  const m = Math.max(0, Math.round(total));
  return { days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60), minutes: m % 60 };
}
