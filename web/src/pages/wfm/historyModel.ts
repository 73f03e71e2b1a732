/** Pure shaping of queue history (statistics, forecast, staffing) for charts and tables. */
import type { QueueForecast, QueueStats, StaffingRow, StatsRow } from '../../wfmApi';

/** Axis label of a statistics row: "11-20 09:30" per interval (date shown when the range spans days), or the period start. */
export function statsLabel(r: StatsRow, multiDay: boolean): string {
  if (r.periodStart) return r.periodStart;
  const md = (r.date ?? '').slice(5);
  return multiDay ? `${md} ${r.start ?? ''}` : (r.start ?? '');
}

export function statsSeries(s: QueueStats) {
  const multiDay = s.from !== s.to;
  return {
    categories: s.rows.map((r) => statsLabel(r, multiDay)),
    answered: s.rows.map((r) => r.answered),
    abandoned: s.rows.map((r) => r.abandoned),
    serviceLevel: s.rows.map((r) => r.serviceLevel),
    asa: s.rows.map((r) => r.asa),
    aht: s.rows.map((r) => r.aht),
  };
}

export function forecastSeries(f: QueueForecast) {
  const multiDay = f.from !== f.to;
  return {
    categories: f.intervals.map((i) => (multiDay ? `${i.date.slice(5)} ${i.start}` : i.start)),
    forecast: f.intervals.map((i) => i.forecast),
    actual: f.intervals.map((i) => i.actual),
    hasActual: f.intervals.some((i) => i.actual !== null),
  };
}

export function staffingSeries(rows: readonly StaffingRow[]) {
  const multiDay = rows.length > 0 && rows[0].date !== rows[rows.length - 1].date;
  return {
    categories: rows.map((r) => (multiDay ? `${r.date.slice(5)} ${r.start}` : r.start)),
    agents: rows.map((r) => r.agents),
    agentsFractional: rows.map((r) => r.agentsFractional),
    scheduled: rows.map((r) => r.scheduled),
    calls: rows.map((r) => r.calls),
  };
}

/** Only rows with any traffic, for a table that should not list empty nights. */
export function activeRows<T extends { offered?: number; calls?: number }>(rows: readonly T[]): T[] {
  return rows.filter((r) => (r.offered ?? 0) > 0 || (r.calls ?? 0) > 0);
}
