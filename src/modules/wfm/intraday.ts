/**
 * Intraday re-forecast (日内重预测): the calls seen so far today update the rest of the day's
 * forecast. The day's level is scaled by the ratio of actual to forecast so far, shrunk toward 1
 * by a weight that grows with the volume seen: a few calls say little, a busy morning says a lot.
 */
import type { Store } from '../../db';
import { queueForecast, queueStaffing, type IntervalMinutes } from './service';
import { requiredAgents, type StaffingTarget } from './staffing';
import type { QueueRow } from './store';
import type { SlDefinition } from './types';
import { loadSchedule, scheduledOver } from './schedule';

export interface ReforecastOptions {
  /**
   * Prior strength in calls (default 100). The weight of the observed ratio is F ÷ (F + k) with F
   * the calls forecast so far: with Poisson counts the ratio's variance is about 1/F, and k = 1/τ²
   * for a day-level forecast error of relative spread τ (k = 100 ↔ τ = 10 %), so the weight is the
   * posterior-mean weight of that normal approximation.
   */
  priorCalls?: number;
}

export interface Reforecast {
  /** Σ forecast and Σ actual over the elapsed intervals. */
  seenForecast: number;
  seenActual: number;
  /** seenActual ÷ seenForecast (1 when nothing was forecast). */
  ratio: number;
  weight: number;
  /** 1 + weight × (ratio − 1): applied to the remaining intervals. */
  factor: number;
  /** Actual for elapsed intervals, re-forecast for the rest. */
  values: number[];
}

/** Re-forecasts one day: intervals [0, elapsed) are past (actuals known), the rest are scaled. */
export function reforecastDay(forecast: readonly number[], actual: readonly (number | null)[], elapsed: number, options: ReforecastOptions = {}): Reforecast {
  const k = options.priorCalls ?? 100;
  if (!(k >= 0)) throw new RangeError(`priorCalls must be ≥ 0, got ${k}`);
  const n = Math.max(0, Math.min(elapsed, forecast.length));
  let f = 0;
  let a = 0;
  for (let i = 0; i < n; i++) {
    f += forecast[i];
    a += actual[i] ?? 0;
  }
  const ratio = f > 0 ? a / f : 1;
  const weight = f > 0 ? f / (f + k) : 0;
  const factor = 1 + weight * (ratio - 1);
  const values = forecast.map((v, i) => (i < n ? (actual[i] ?? 0) : v * factor));
  return { seenForecast: f, seenActual: a, ratio, weight, factor, values };
}

/**
 * Forecast, actual, re-forecast and required agents per interval of `date` as of `nowMs`, with the
 * published schedule's working agents beside them and the gap (working − required: below zero the
 * interval is short of agents).
 */
export async function queueIntraday(store: Store, queue: QueueRow, q: { date: string; intervalMinutes: IntervalMinutes; nowMs: number; priorCalls?: number }) {
  const range = { from: q.date, to: q.date, intervalMinutes: q.intervalMinutes };
  const fc = await queueForecast(store, queue, range, q.nowMs);
  const staffing = await queueStaffing(store, queue, { ...range, source: 'forecast', precomputedForecast: fc }, q.nowMs);
  const lenMs = q.intervalMinutes * 60_000;
  const elapsed = fc.intervals.filter((iv) => Date.parse(iv.startAt) + lenMs <= q.nowMs).length;
  const rf = reforecastDay(fc.intervals.map((iv) => iv.forecast), fc.intervals.map((iv) => iv.actual), elapsed, { priorCalls: q.priorCalls });
  const inp = staffing.inputs;
  const target: StaffingTarget = {
    ...(inp.serviceLevel && { serviceLevel: { target: inp.serviceLevel.target, thresholdSeconds: inp.serviceLevel.thresholdSeconds, definition: staffing.definitions.slDefinition as SlDefinition, shortAbandonSeconds: staffing.definitions.shortAbandonSeconds } }),
    ...(inp.asaSeconds !== null && { maxAsaSeconds: inp.asaSeconds }),
    ...(inp.maxOccupancy !== null && { maxOccupancy: inp.maxOccupancy }),
    shrinkage: inp.shrinkage,
  };
  const load = (calls: number) => ({ calls, intervalSeconds: q.intervalMinutes * 60, ahtSeconds: inp.ahtSeconds as number, ...(inp.patienceSeconds !== null && { patienceSeconds: inp.patienceSeconds }) });
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const dayStart = fc.intervals.length ? fc.intervals[0].startAt : new Date(q.nowMs).toISOString();
  const dayEnd = fc.intervals.length ? new Date(Date.parse(fc.intervals[fc.intervals.length - 1].startAt) + lenMs).toISOString() : dayStart;
  const published = await loadSchedule(store.db, queue.id, dayStart, dayEnd);
  const scheduled = scheduledOver(published, fc.intervals.map((iv) => Date.parse(iv.startAt)), lenMs);
  return {
    queue: staffing.queue,
    date: q.date,
    now: new Date(q.nowMs).toISOString(),
    intervalMinutes: q.intervalMinutes,
    method: fc.method,
    inputs: inp,
    reforecast: { seenForecast: r3(rf.seenForecast), seenActual: rf.seenActual, ratio: r3(rf.ratio), weight: r3(rf.weight), factor: r3(rf.factor), priorCalls: q.priorCalls ?? 100 },
    schedule: { published: published.length > 0, publishedAt: published.reduce<string | null>((m, r) => (m === null || r.publishedAt > m ? r.publishedAt : m), null) },
    intervals: fc.intervals.map((iv, i) => {
      const past = i < elapsed;
      const required = past ? staffing.intervals[i].agents : requiredAgents(load(rf.values[i]), target).agents;
      const sch = scheduled[i];
      return {
        start: iv.start, startAt: iv.startAt, past, forecast: iv.forecast, actual: past ? (iv.actual ?? 0) : iv.actual, reforecast: r3(rf.values[i]),
        requiredAgents: staffing.intervals[i].agents,
        requiredAgentsReforecast: past ? null : required,
        scheduledOnDuty: sch ? r3(sch.onDuty) : null,
        scheduledWorking: sch ? r3(sch.working) : null,
        /** Working agents scheduled less those the (re-)forecast needs; negative = short. */
        gap: sch ? r3(sch.working - required) : null,
      };
    }),
  };
}
