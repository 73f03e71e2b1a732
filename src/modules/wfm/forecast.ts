/**
 * Contact forecasting per interval (话务预测): intraday × weekly seasonality, trend, closed hours
 * and days, holidays and special days; candidate methods compared by rolling-origin backtest
 * with WAPE and MASE (scaled by the in-sample seasonal-naive error).
 */
import type { IntervalSeries } from './series';
import { addDays, dateOfDayNumber, dayNumber, weekdayOf } from './timezone';

/** Opening calendar used for training-day selection and for zeroing closed intervals. */
export interface ForecastCalendar {
  /** Weekdays without service (0 = Sunday … 6 = Saturday). */
  closedWeekdays?: number[];
  /** Closed dates (public holidays): never used for training, forecast 0. */
  holidays?: string[];
  /** Open dates on a weekday that is normally closed (调休 make-up working days). */
  openDates?: string[];
  /** Opening hours per weekday (HH:mm, `to` exclusive); slots outside are closed. Default: the series window. */
  openHours?: Partial<Record<number, { from: string; to: string }>>;
  /**
   * Special days (e.g. a billing day, a campaign). With `factor` the effect is known: the
   * forecast is multiplied by it and history on that date divided by it. With only `label`,
   * regression methods learn the effect from past days carrying the same label.
   */
  specialDays?: { date: string; factor?: number; label?: string }[];
  /** Dates whose history is unusable (outages, partial data): excluded from training only. */
  excludeFromTraining?: string[];
  /**
   * Label business-calendar days automatically (default true): `month-start`, `month-start-2`
   * (first/second open day of a month), `month-end` (last open day) and `after-closure` (first
   * open day after a holiday). Regression methods learn an effect per label from history.
   */
  autoLabels?: boolean;
}

/** One forecast day: counts per slot of the series window (0 in closed slots). */
export interface ForecastDay {
  date: string;
  values: number[];
}

/** A training day as methods see it (values de-adjusted for special-day factors). */
export interface TrainingDay {
  date: string;
  dayNo: number;
  weekday: number;
  values: Float64Array;
  total: number;
  /** Special-day labels (see `ForecastCalendar.autoLabels` and `specialDays[].label`). */
  labels: string[];
}

/** A day to forecast; `step` = open days after the origin (1 = next open day). */
export interface TargetDay {
  date: string;
  dayNo: number;
  weekday: number;
  step: number;
  labels: string[];
}

/** A forecasting method: history (ascending, all before the targets) → values per target. */
export interface ForecastMethod {
  name: string;
  description: string;
  forecast(history: readonly TrainingDay[], targets: readonly TargetDay[], slots: number): Float64Array[];
}

// ------------------------------------------------------------------ calendar helpers

interface CalendarView {
  isOpenDay(date: string): boolean;
  slotOpen(weekday: number, slot: number): boolean;
  factor(date: string): number;
  trainable(date: string): boolean;
  labels(date: string): string[];
}

function calendarView(series: Pick<IntervalSeries, 'intervalMinutes' | 'dayStartMinute'>, cal: ForecastCalendar = {}): CalendarView {
  const closedWd = new Set(cal.closedWeekdays ?? []);
  const holidays = new Set(cal.holidays ?? []);
  const excluded = new Set(cal.excludeFromTraining ?? []);
  const factors = new Map((cal.specialDays ?? []).filter((d) => d.factor !== undefined).map((d) => [d.date, d.factor as number]));
  const userLabels = new Map<string, string[]>();
  for (const d of cal.specialDays ?? []) if (d.label) userLabels.set(d.date, [...(userLabels.get(d.date) ?? []), d.label]);
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const openDates = new Set(cal.openDates ?? []);
  const isOpenDay = (date: string) => !holidays.has(date) && (openDates.has(date) || !closedWd.has(weekdayOf(date)));
  const auto = cal.autoLabels ?? true;
  const openWithin = (date: string, dir: 1 | -1): string | null => {
    // Nearest open day strictly before/after `date` (searching at most a month).
    for (let k = 1; k <= 31; k++) {
      const d = addDays(date, dir * k);
      if (isOpenDay(d)) return d;
    }
    return null;
  };
  return {
    isOpenDay,
    slotOpen: (wd, slot) => {
      const h = cal.openHours?.[wd];
      if (!h) return true;
      const start = series.dayStartMinute + slot * series.intervalMinutes;
      return start >= toMin(h.from) && start < toMin(h.to);
    },
    factor: (date) => factors.get(date) ?? 1,
    trainable: (date) => !excluded.has(date),
    labels: (date) => {
      const out = [...(userLabels.get(date) ?? [])];
      if (!auto || !isOpenDay(date)) return out;
      const prev = openWithin(date, -1);
      const next = openWithin(date, 1);
      const month = date.slice(0, 7);
      if (!prev || prev.slice(0, 7) !== month) out.push('month-start');
      else {
        const prev2 = openWithin(prev, -1);
        if (!prev2 || prev2.slice(0, 7) !== month) out.push('month-start-2');
      }
      if (!next || next.slice(0, 7) !== month) out.push('month-end');
      // A holiday (not a weekly closed day) between the previous open day and this one.
      const holidayBetween = (a: string, b: string) => {
        for (let d = addDays(a, 1); d < b; d = addDays(d, 1)) if (holidays.has(d)) return true;
        return false;
      };
      if (prev && holidayBetween(prev, date)) out.push('after-closure');
      else if (prev) {
        // Demand held back by a closure spills over more than one day.
        const prev2 = openWithin(prev, -1);
        if (prev2 && holidayBetween(prev2, prev)) out.push('after-closure-2');
      }
      if (next && holidayBetween(date, next)) out.push('before-closure');
      return out;
    },
  };
}

/** Training days of `series` up to and including `originDate`: open, complete, de-adjusted. */
export function trainingDays(series: IntervalSeries, originDate: string, calendar?: ForecastCalendar): TrainingDay[] {
  const view = calendarView(series, calendar);
  const origin = dayNumber(originDate);
  const out: TrainingDay[] = [];
  for (const d of series.days) {
    const dayNo = dayNumber(d.date);
    if (dayNo > origin) break;
    if (!view.isOpenDay(d.date) || !view.trainable(d.date)) continue;
    const wd = weekdayOf(d.date);
    const f = view.factor(d.date);
    const values = new Float64Array(series.slotsPerDay);
    let total = 0;
    let complete = true;
    for (let s = 0; s < series.slotsPerDay; s++) {
      if (!view.slotOpen(wd, s)) continue;
      const v = d.values[s];
      if (!Number.isFinite(v)) {
        complete = false;
        break;
      }
      values[s] = v / f;
      total += v / f;
    }
    if (complete) out.push({ date: d.date, dayNo, weekday: wd, values, total, labels: view.labels(d.date) });
  }
  return out;
}

/** Open days in (originDate, originDate + horizonDays], numbered by open-day step. */
export function targetDays(originDate: string, horizonDays: number, calendar?: ForecastCalendar): TargetDay[] {
  const view = calendarView({ intervalMinutes: 60, dayStartMinute: 0 }, calendar);
  const out: TargetDay[] = [];
  let step = 0;
  for (let k = 1; k <= horizonDays; k++) {
    const date = addDays(originDate, k);
    if (!view.isOpenDay(date)) continue;
    step++;
    out.push({ date, dayNo: dayNumber(date), weekday: weekdayOf(date), step, labels: view.labels(date) });
  }
  return out;
}

// ------------------------------------------------------------------ methods

function sameWeekday(history: readonly TrainingDay[], wd: number, k: number): TrainingDay[] {
  const out: TrainingDay[] = [];
  for (let i = history.length - 1; i >= 0 && out.length < k; i--) if (history[i].weekday === wd) out.push(history[i]);
  return out;
}

/** Seasonal naive: the same interval on the latest open day with the same weekday. */
export function seasonalNaive(): ForecastMethod {
  return {
    name: 'seasonal-naive',
    description: 'same interval, latest same weekday',
    forecast(history, targets, slots) {
      return targets.map((t) => {
        const src = sameWeekday(history, t.weekday, 1)[0] ?? history[history.length - 1];
        return src ? Float64Array.from(src.values) : new Float64Array(slots);
      });
    },
  };
}

/** Mean of the same interval over the last `k` same weekdays. */
export function meanOfLastWeeks(k: number): ForecastMethod {
  return {
    name: `mean-last-${k}-weeks`,
    description: `mean of the same interval over the last ${k} same weekdays`,
    forecast(history, targets, slots) {
      return targets.map((t) => {
        let src = sameWeekday(history, t.weekday, k);
        if (src.length === 0) src = history.slice(-k);
        const out = new Float64Array(slots);
        for (const d of src) for (let s = 0; s < slots; s++) out[s] += d.values[s] / src.length;
        return out;
      });
    },
  };
}

/**
 * Intraday shape (shares summing to 1) of weekday `wd`, shrunk toward the all-weekday shape.
 * With `halfLifeWeeks` recent days weigh more (weights halve every that many weeks back).
 */
function intradayProfile(history: readonly TrainingDay[], wd: number, slots: number, ownDays: number, pooledDays: number, ownWeight: number, halfLifeWeeks = Infinity): Float64Array {
  const lastDay = history[history.length - 1]?.dayNo ?? 0;
  const acc = (days: readonly TrainingDay[]) => {
    const p = new Float64Array(slots);
    let n = 0;
    for (const d of days) {
      if (d.total <= 0) continue;
      const w = Number.isFinite(halfLifeWeeks) ? 0.5 ** ((lastDay - d.dayNo) / 7 / halfLifeWeeks) : 1;
      for (let s = 0; s < slots; s++) p[s] += (w * d.values[s]) / d.total;
      n += w;
    }
    if (n > 0) for (let s = 0; s < slots; s++) p[s] /= n;
    return { p, n };
  };
  const own = acc(sameWeekday(history, wd, ownDays));
  const pooled = acc(history.slice(-pooledDays));
  if (own.n === 0) return pooled.p;
  if (pooled.n === 0) return own.p;
  const out = new Float64Array(slots);
  for (let s = 0; s < slots; s++) out[s] = ownWeight * own.p[s] + (1 - ownWeight) * pooled.p[s];
  return out;
}

interface HwParams { alpha: number; beta: number; gamma: number; phi: number }

interface HwState { level: number; trend: number; season: Float64Array; sse: number; n: number }

/**
 * Holt–Winters on daily totals, one step per open day: additive damped trend, multiplicative
 * weekday factors. Initial factors from the first four weeks.
 */
function runHoltWinters(history: readonly TrainingDay[], p: HwParams, warmup: number): HwState {
  const season = new Float64Array(7).fill(1);
  const init = history.slice(0, Math.min(history.length, 20));
  const mean = init.reduce((a, d) => a + d.total, 0) / Math.max(1, init.length);
  const sum = new Float64Array(7);
  const cnt = new Float64Array(7);
  for (const d of init) {
    sum[d.weekday] += d.total;
    cnt[d.weekday]++;
  }
  for (let w = 0; w < 7; w++) if (cnt[w] > 0 && mean > 0) season[w] = sum[w] / cnt[w] / mean;
  let level = mean;
  let trend = 0;
  let sse = 0;
  let n = 0;
  for (let i = 0; i < history.length; i++) {
    const d = history[i];
    const s = season[d.weekday];
    const fc = (level + p.phi * trend) * s;
    if (i >= warmup) {
      sse += (d.total - fc) ** 2;
      n++;
    }
    const prevLevel = level;
    level = p.alpha * (d.total / s) + (1 - p.alpha) * (prevLevel + p.phi * trend);
    trend = p.beta * (level - prevLevel) + (1 - p.beta) * p.phi * trend;
    if (level > 0) season[d.weekday] = p.gamma * (d.total / level) + (1 - p.gamma) * s;
  }
  return { level, trend, season, sse, n };
}

const HW_GRID: HwParams[] = (() => {
  const out: HwParams[] = [];
  for (const alpha of [0.05, 0.1, 0.2, 0.3, 0.5])
    for (const beta of [0, 0.05, 0.15])
      for (const gamma of [0.05, 0.1, 0.2, 0.4])
        for (const phi of beta === 0 ? [1] : [0.8, 0.95]) out.push({ alpha, beta, gamma, phi });
  return out;
})();

/** Options of the multiplicative day-level × intraday-profile method. */
export interface ProfileMethodOptions {
  /** Same-weekday days in the intraday shape (default 8). */
  ownDays?: number;
  /** Recent days of any weekday in the pooled shape (default 20). */
  pooledDays?: number;
  /** Weight of the weekday's own shape vs. the pooled one (default 0.7). */
  ownWeight?: number;
}

/**
 * Holt–Winters daily totals (level, damped trend, weekday factors; smoothing constants fitted
 * per origin by one-step-ahead squared error) × an intraday profile shrunk toward the pooled shape.
 */
export function holtWintersProfile(options: ProfileMethodOptions = {}): ForecastMethod {
  const ownDays = options.ownDays ?? 8;
  const pooledDays = options.pooledDays ?? 20;
  const ownWeight = options.ownWeight ?? 0.7;
  return {
    name: `hw-profile`,
    description: `Holt–Winters daily totals × intraday profile (own ${ownDays} same weekdays, weight ${ownWeight}, pooled ${pooledDays} days)`,
    forecast(history, targets, slots) {
      if (history.length < 10) return meanOfLastWeeks(4).forecast(history, targets, slots);
      const warmup = Math.min(10, Math.floor(history.length / 2));
      let best = HW_GRID[0];
      let bestSse = Infinity;
      for (const p of HW_GRID) {
        const st = runHoltWinters(history, p, warmup);
        if (st.sse < bestSse) {
          bestSse = st.sse;
          best = p;
        }
      }
      const st = runHoltWinters(history, best, warmup);
      return targets.map((t) => {
        let damp = 0;
        for (let j = 1, f = best.phi; j <= t.step; j++, f *= best.phi) damp += f;
        const total = Math.max(0, (st.level + damp * st.trend) * st.season[t.weekday]);
        const prof = intradayProfile(history, t.weekday, slots, ownDays, pooledDays, ownWeight);
        return prof.map((x) => x * total);
      });
    },
  };
}

/** Options of the day-level regression × intraday-profile method. */
export interface RegressionMethodOptions extends ProfileMethodOptions {
  /** Fit window in weeks (default 26). */
  weeks?: number;
  /** Observation weights halve every this many weeks back (default 8; Infinity = equal weights). */
  halfLifeWeeks?: number;
  /** Include a linear trend (default false: a fitted slope extrapolated a week ahead is noisy). */
  trend?: boolean;
  /** Learn an effect per special-day label (default true). */
  labels?: boolean;
  /** Ridge penalty on trend and label effects, in weighted observations (default 1). */
  ridge?: number;
  /** Half-life (weeks) of the day weights in the intraday shape (default: equal weights). */
  profileHalfLifeWeeks?: number;
  /** Method name (default `regression-profile` / `regression-trend-profile`). */
  name?: string;
}

/**
 * Weighted regression of log daily totals on weekday, a linear trend and special-day labels
 * (month start/end, after a closure, user labels) × the intraday profile. Labels seen fewer than
 * twice in the window are ignored; the ridge keeps rare effects modest.
 */
export function regressionProfile(options: RegressionMethodOptions = {}): ForecastMethod {
  const weeks = options.weeks ?? 26;
  const halfLife = options.halfLifeWeeks ?? 8;
  const useTrend = options.trend ?? false;
  const useLabels = options.labels ?? true;
  const ridge = options.ridge ?? 1;
  const ownDays = options.ownDays ?? 8;
  const pooledDays = options.pooledDays ?? 20;
  const ownWeight = options.ownWeight ?? 0.7;
  const profileHalfLife = options.profileHalfLifeWeeks ?? Infinity;
  return {
    name: options.name ?? (useTrend ? 'regression-trend-profile' : 'regression-profile'),
    description: `log daily total ~ weekday${useTrend ? ' + trend' : ''}${useLabels ? ' + special days' : ''} over ${weeks} weeks (half-life ${halfLife} w) × intraday profile${Number.isFinite(profileHalfLife) ? ` (own ${ownDays} same weekdays, half-life ${profileHalfLife} w)` : ''}`,
    forecast(history, targets, slots) {
      const last = history[history.length - 1];
      if (!last) return targets.map(() => new Float64Array(slots));
      const recent = history.filter((d) => d.dayNo > last.dayNo - weeks * 7 && d.total > 0);
      const wds = [...new Set(recent.map((d) => d.weekday))].sort((x, y) => x - y);
      const labelCount = new Map<string, number>();
      if (useLabels) for (const d of recent) for (const l of d.labels) labelCount.set(l, (labelCount.get(l) ?? 0) + 1);
      const labels = [...labelCount].filter(([, n]) => n >= 2).map(([l]) => l).sort();
      const p = wds.length + (useTrend ? 1 : 0) + labels.length;
      if (recent.length < p + 3) return meanOfLastWeeks(4).forecast(history, targets, slots);
      const row = (weekday: number, dayNo: number, dayLabels: readonly string[]): Float64Array => {
        const x = new Float64Array(p);
        const w = wds.indexOf(weekday);
        if (w >= 0) x[w] = 1;
        else for (let i = 0; i < wds.length; i++) x[i] = 1 / wds.length; // unseen weekday: average level
        let c = wds.length;
        if (useTrend) x[c++] = (dayNo - last.dayNo) / 7;
        for (const l of labels) x[c++] = dayLabels.includes(l) ? 1 : 0;
        return x;
      };
      const xtx = Array.from({ length: p }, () => new Float64Array(p));
      const xty = new Float64Array(p);
      for (const d of recent) {
        const x = row(d.weekday, d.dayNo, d.labels);
        const wt = Number.isFinite(halfLife) ? 0.5 ** ((last.dayNo - d.dayNo) / 7 / halfLife) : 1;
        const y = Math.log(d.total);
        for (let i = 0; i < p; i++) {
          xty[i] += wt * x[i] * y;
          for (let j = 0; j < p; j++) xtx[i][j] += wt * x[i] * x[j];
        }
      }
      for (let i = 0; i < p; i++) xtx[i][i] += i < wds.length ? 1e-9 : ridge;
      const beta = solveSymmetric(xtx, xty);
      return targets.map((t) => {
        const x = row(t.weekday, t.dayNo, t.labels);
        let eta = 0;
        for (let i = 0; i < p; i++) eta += x[i] * beta[i];
        const total = Math.exp(eta);
        const prof = intradayProfile(history, t.weekday, slots, ownDays, pooledDays, ownWeight, profileHalfLife);
        return prof.map((v) => v * total);
      });
    },
  };
}

function solveSymmetric(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => {
    const r = new Float64Array(n + 1);
    r.set(row);
    r[n] = b[i];
    return r;
  });
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || m[c][c] === 0) continue;
      const f = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return Float64Array.from({ length: n }, (_, i) => (m[i][i] === 0 ? 0 : m[i][n] / m[i][i]));
}

/** Options of the exponentially weighted same-weekday method. */
export interface EwProfileOptions {
  /** Weights of past same weekdays halve every this many weeks (default 3). */
  halfLifeWeeks?: number;
  /** Same weekdays looked back at most (default 26). */
  maxWeeks?: number;
  /** Recent open days whose actual ÷ fitted total sets the level (default 5, one working week). */
  levelDays?: number;
  /** Share of that level ratio applied (default 0.5: halfway between the profile and the recent level; 0 = no level). */
  levelShrink?: number;
  /** Method name (default `ew-weekday-profile`). */
  name?: string;
}

/** Exponentially weighted mean of one weekday's days at or before `beforeDayNo` (per slot). */
function ewSameWeekday(history: readonly TrainingDay[], wd: number, beforeDayNo: number, slots: number, halfLife: number, maxWeeks: number): Float64Array | null {
  const out = new Float64Array(slots);
  let wsum = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const d = history[i];
    if (d.dayNo > beforeDayNo || d.weekday !== wd) continue;
    const age = (beforeDayNo - d.dayNo) / 7;
    if (age > maxWeeks) break;
    const w = 0.5 ** (age / halfLife);
    for (let s = 0; s < slots; s++) out[s] += w * d.values[s];
    wsum += w;
  }
  if (wsum === 0) return null;
  for (let s = 0; s < slots; s++) out[s] /= wsum;
  return out;
}

/**
 * Exponentially weighted same-weekday profile (each interval: weighted mean of past same
 * weekdays, recent weeks weighing more) × a level from the recent days: the ratio of the last
 * open days' actual totals to what the same weighting had forecast for them, shrunk toward 1.
 */
export function ewWeekdayProfile(options: EwProfileOptions = {}): ForecastMethod {
  const hl = options.halfLifeWeeks ?? 3;
  const maxWeeks = options.maxWeeks ?? 26;
  const levelDays = options.levelDays ?? 5;
  const shrink = options.levelShrink ?? 0.5;
  return {
    name: options.name ?? 'ew-weekday-profile',
    description: `same interval, same weekdays weighted with a ${hl}-week half-life over ${maxWeeks} weeks${shrink > 0 ? ` × the level of the last ${levelDays} open days (${shrink} of its ratio to the weighted mean)` : ''}`,
    forecast(history, targets, slots) {
      const last = history[history.length - 1];
      if (!last) return targets.map(() => new Float64Array(slots));
      // Level: each of the last open days against its own EW forecast from the weeks before it.
      let act = 0;
      let fit = 0;
      if (shrink > 0) for (const d of history.slice(-levelDays)) {
        const f = ewSameWeekday(history, d.weekday, d.dayNo - 1, slots, hl, maxWeeks);
        if (!f) continue;
        act += d.total;
        for (let s = 0; s < slots; s++) fit += f[s];
      }
      const ratio = act > 0 && fit > 0 ? act / fit : 1;
      const level = 1 + shrink * (ratio - 1);
      return targets.map((t) => {
        const f = ewSameWeekday(history, t.weekday, last.dayNo, slots, hl, maxWeeks);
        if (!f) return meanOfLastWeeks(4).forecast(history, [t], slots)[0];
        return f.map((v) => v * level);
      });
    },
  };
}

/** Options of the weighted combination of the best two candidates. */
export interface CombinationOptions {
  /** Inner one-week-ahead backtests on the history, at the last this many weeks (default 6). */
  innerWeeks?: number;
  /** Method name (default `best-two-combination`). */
  name?: string;
}

/**
 * Weighted combination of the two candidates with the lowest error in an inner rolling-origin
 * backtest on the history alone (one week ahead at each of the last `innerWeeks` weeks); the
 * weights are inversely proportional to their absolute errors there. Combining two forecasts
 * whose errors are not perfectly correlated lowers the error of either on average.
 */
export function bestTwoCombination(bases: readonly ForecastMethod[], options: CombinationOptions = {}): ForecastMethod {
  const innerWeeks = options.innerWeeks ?? 6;
  const names = bases.map((b) => b.name).join(', ');
  return {
    name: options.name ?? 'best-two-combination',
    description: `weighted mean of the best two of ${names} in an inner ${innerWeeks}-week backtest on the history (weights ∝ 1 ÷ their error)`,
    forecast(history, targets, slots) {
      const last = history[history.length - 1];
      if (!last || bases.length === 0) return targets.map(() => new Float64Array(slots));
      const err = new Float64Array(bases.length);
      let scored = 0;
      for (let w = innerWeeks; w >= 1; w--) {
        const originNo = last.dayNo - 7 * w;
        const cut = history.findIndex((d) => d.dayNo > originNo);
        if (cut < 20) continue; // too little history before this inner origin
        const inner = history.slice(0, cut);
        const innerTargets: TargetDay[] = history
          .slice(cut)
          .filter((d) => d.dayNo <= originNo + 7)
          .map((d, i) => ({ date: d.date, dayNo: d.dayNo, weekday: d.weekday, step: i + 1, labels: d.labels }));
        if (innerTargets.length === 0) continue;
        bases.forEach((b, bi) => {
          const fc = b.forecast(inner, innerTargets, slots);
          innerTargets.forEach((t, ti) => {
            const actual = history[cut + ti].values;
            for (let s = 0; s < slots; s++) err[bi] += Math.abs(actual[s] - fc[ti][s]);
          });
        });
        scored++;
      }
      if (scored === 0) return bases[0].forecast(history, targets, slots);
      const order = bases.map((_, i) => i).sort((a, b) => err[a] - err[b]);
      const picked = order.slice(0, Math.min(2, bases.length));
      const inv = picked.map((i) => 1 / Math.max(err[i], 1e-9));
      const sum = inv.reduce((a, b) => a + b, 0);
      const out = targets.map(() => new Float64Array(slots));
      picked.forEach((bi, k) => {
        const fc = bases[bi].forecast(history, targets, slots);
        fc.forEach((v, ti) => {
          for (let s = 0; s < slots; s++) out[ti][s] += (inv[k] / sum) * Math.max(0, v[s]);
        });
      });
      return out;
    },
  };
}

/** The standard candidate set compared by the backtest. */
export function defaultCandidates(): ForecastMethod[] {
  return [
    seasonalNaive(),
    meanOfLastWeeks(4),
    meanOfLastWeeks(8),
    holtWintersProfile(),
    regressionProfile({ trend: false }),
    regressionProfile({ trend: true }),
    ewWeekdayProfile({ levelShrink: 0, name: 'ew-weekday-mean' }),
    ewWeekdayProfile(),
    bestTwoCombination([meanOfLastWeeks(8), holtWintersProfile(), regressionProfile({ trend: false }), regressionProfile({ trend: true }), ewWeekdayProfile({ levelShrink: 0, name: 'ew-weekday-mean' })]),
  ];
}

// ------------------------------------------------------------------ forecasting

/**
 * Forecast of the open days in (originDate, originDate + horizonDays] with `method`,
 * trained on history up to `originDate` (default: the last day of the series).
 */
export function forecastSeries(
  series: IntervalSeries,
  method: ForecastMethod,
  options: { horizonDays: number; originDate?: string; calendar?: ForecastCalendar },
): ForecastDay[] {
  const origin = options.originDate ?? series.days[series.days.length - 1]?.date;
  if (!origin) return [];
  const view = calendarView(series, options.calendar);
  const history = trainingDays(series, origin, options.calendar);
  const targets = targetDays(origin, options.horizonDays, options.calendar);
  const values = method.forecast(history, targets, series.slotsPerDay);
  const out: ForecastDay[] = [];
  // Closed days (weekends, holidays) are part of the answer: zero demand.
  for (let k = 1; k <= options.horizonDays; k++) {
    const date = addDays(origin, k);
    const ti = targets.findIndex((t) => t.date === date);
    const wd = weekdayOf(date);
    const f = view.factor(date);
    out.push({
      date,
      values: Array.from({ length: series.slotsPerDay }, (_, s) => (ti < 0 || !view.slotOpen(wd, s) ? 0 : Math.max(0, values[ti][s] * f))),
    });
  }
  return out;
}

// ------------------------------------------------------------------ accuracy

/** Weighted absolute percentage error Σ|e| / Σ|actual|. */
export function wape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let e = 0;
  let a = 0;
  for (let i = 0; i < actual.length; i++) {
    e += Math.abs(actual[i] - forecast[i]);
    a += Math.abs(actual[i]);
  }
  return a > 0 ? e / a : NaN;
}

/**
 * MASE scale: in-sample mean absolute error of the seasonal-naive forecast (same interval,
 * previous same-weekday training day) over open intervals.
 */
export function seasonalNaiveScale(history: readonly TrainingDay[], slots: number, slotOpen: (wd: number, s: number) => boolean = () => true): number {
  const last = new Map<number, TrainingDay>();
  let sum = 0;
  let n = 0;
  for (const d of history) {
    const prev = last.get(d.weekday);
    if (prev) {
      for (let s = 0; s < slots; s++) {
        if (!slotOpen(d.weekday, s)) continue;
        sum += Math.abs(d.values[s] - prev.values[s]);
        n++;
      }
    }
    last.set(d.weekday, d);
  }
  return n > 0 ? sum / n : NaN;
}

export interface HorizonScore {
  /** Open-day step after the origin (1 = next open day). */
  step: number;
  wape: number;
  mase: number;
  points: number;
}

export interface MethodScore {
  method: string;
  description: string;
  wape: number;
  mase: number;
  points: number;
  byHorizon: HorizonScore[];
}

export interface BacktestOptions {
  /** Forecast origins: each forecast uses history up to and including that date. */
  origins: string[];
  /** Calendar days after each origin that are forecast (e.g. 7 for one week ahead). */
  horizonDays: number;
  calendar?: ForecastCalendar;
}

/**
 * Rolling-origin backtest: for every origin and method, forecast the horizon from history up to
 * the origin and score open intervals that have actuals. MASE uses each origin's own in-sample
 * seasonal-naive scale.
 */
export function backtest(series: IntervalSeries, methods: readonly ForecastMethod[], options: BacktestOptions): MethodScore[] {
  const view = calendarView(series, options.calendar);
  const byDate = new Map(series.days.map((d) => [d.date, d.values]));
  const slots = series.slotsPerDay;
  type Acc = { err: number; act: number; scaled: number; n: number };
  const accs = methods.map(() => new Map<number, Acc>());
  for (const origin of options.origins) {
    const history = trainingDays(series, origin, options.calendar);
    if (history.length === 0) continue;
    const scale = seasonalNaiveScale(history, slots, view.slotOpen);
    const targets = targetDays(origin, options.horizonDays, options.calendar).filter((t) => {
      const v = byDate.get(t.date);
      return v !== undefined && view.trainable(t.date);
    });
    if (targets.length === 0) continue;
    methods.forEach((m, mi) => {
      const fc = m.forecast(history, targets, slots);
      targets.forEach((t, ti) => {
        const actual = byDate.get(t.date)!;
        const f = view.factor(t.date);
        let a = accs[mi].get(t.step);
        if (!a) accs[mi].set(t.step, (a = { err: 0, act: 0, scaled: 0, n: 0 }));
        for (let s = 0; s < slots; s++) {
          if (!view.slotOpen(t.weekday, s) || !Number.isFinite(actual[s])) continue;
          const e = Math.abs(actual[s] - Math.max(0, fc[ti][s] * f));
          a.err += e;
          a.act += Math.abs(actual[s]);
          a.scaled += e / scale;
          a.n++;
        }
      });
    });
  }
  return methods.map((m, mi) => {
    const steps = [...accs[mi].keys()].sort((x, y) => x - y);
    const byHorizon = steps.map((step) => {
      const a = accs[mi].get(step)!;
      return { step, wape: a.err / a.act, mase: a.scaled / a.n, points: a.n };
    });
    const tot = [...accs[mi].values()].reduce((x, a) => ({ err: x.err + a.err, act: x.act + a.act, scaled: x.scaled + a.scaled, n: x.n + a.n }), { err: 0, act: 0, scaled: 0, n: 0 });
    return { method: m.name, description: m.description, wape: tot.err / tot.act, mase: tot.scaled / tot.n, points: tot.n, byHorizon };
  });
}

/**
 * Origins for one-week-ahead backtests: the day before each of the last `weeks` weeks that
 * have data (weeks start on `weekStartsOn`, default Monday), skipping the last `skipLastWeeks`
 * weeks (e.g. to keep a test window apart). Oldest first.
 */
export function weeklyOrigins(series: IntervalSeries, weeks: number, options: { skipLastWeeks?: number; weekStartsOn?: number } = {}): string[] {
  const lastDate = series.days[series.days.length - 1]?.date;
  if (!lastDate) return [];
  const weekStartsOn = options.weekStartsOn ?? 1;
  // Start of the last week that has data.
  const lastWeekStart = dayNumber(lastDate) - ((weekdayOf(lastDate) - weekStartsOn + 7) % 7);
  const out: string[] = [];
  const skip = options.skipLastWeeks ?? 0;
  for (let w = weeks - 1 + skip; w >= skip; w--) out.push(dateOfDayNumber(lastWeekStart - 7 * w - 1));
  return out;
}

/** Picks the candidate with the lowest backtest WAPE (MASE breaks ties). */
export function selectMethod(scores: readonly MethodScore[]): MethodScore {
  if (scores.length === 0) throw new RangeError('no candidate scores');
  return [...scores].sort((a, b) => a.wape - b.wape || a.mase - b.mase)[0];
}

// ------------------------------------------------------------------ prediction intervals

/** Multiplicative residual quantiles per interval of the day: actual ≈ forecast × ratio. */
export interface PredictionBands {
  /** Quantile levels, e.g. 0.1 and 0.9. */
  lowerLevel: number;
  upperLevel: number;
  /** Per slot: quantiles of actual ÷ forecast over the backtest (1 where too few points). */
  lower: Float64Array;
  upper: Float64Array;
  points: number;
}

function quantileOf(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Forecast/actual pairs of one method over a rolling-origin backtest (open slots with actuals). */
function backtestPairs(series: IntervalSeries, method: ForecastMethod, options: BacktestOptions, visit: (step: number, slot: number, forecast: number, actual: number) => void): void {
  const view = calendarView(series, options.calendar);
  const byDate = new Map(series.days.map((d) => [d.date, d.values]));
  for (const origin of options.origins) {
    const history = trainingDays(series, origin, options.calendar);
    if (history.length === 0) continue;
    const targets = targetDays(origin, options.horizonDays, options.calendar).filter((t) => byDate.has(t.date) && view.trainable(t.date));
    if (targets.length === 0) continue;
    const fc = method.forecast(history, targets, series.slotsPerDay);
    targets.forEach((t, ti) => {
      const actual = byDate.get(t.date)!;
      const f = view.factor(t.date);
      for (let s = 0; s < series.slotsPerDay; s++) {
        if (!view.slotOpen(t.weekday, s) || !Number.isFinite(actual[s])) continue;
        visit(t.step, s, Math.max(0, fc[ti][s] * f), actual[s]);
      }
    });
  }
}

/**
 * Prediction bands from backtest residuals: for each interval of the day, the `lower`/`upper`
 * quantiles of actual ÷ forecast over the backtest origins (intervals forecast below one
 * contact are skipped, their ratio being unstable). Multiplicative, so a band scales with the
 * forecast; computed per interval of the day because early and late intervals are noisier.
 */
export function residualBands(series: IntervalSeries, method: ForecastMethod, options: BacktestOptions, lower = 0.1, upper = 0.9): PredictionBands {
  const ratios = Array.from({ length: series.slotsPerDay }, () => [] as number[]);
  backtestPairs(series, method, options, (_step, s, f, a) => {
    if (f >= 1) ratios[s].push(a / f);
  });
  const lo = new Float64Array(series.slotsPerDay).fill(1);
  const hi = new Float64Array(series.slotsPerDay).fill(1);
  let points = 0;
  ratios.forEach((r, s) => {
    points += r.length;
    if (r.length < 5) return;
    r.sort((x, y) => x - y);
    lo[s] = quantileOf(r, lower);
    hi[s] = quantileOf(r, upper);
  });
  return { lowerLevel: lower, upperLevel: upper, lower: lo, upper: hi, points };
}

export interface BandCoverage {
  step: number;
  /** Share of actuals inside [forecast × lower, forecast × upper]. */
  coverage: number;
  /** Share below the lower bound and above the upper bound. */
  below: number;
  above: number;
  /** Mean band width ÷ mean actual. */
  relativeWidth: number;
  points: number;
}

/** Empirical coverage of `bands` around `method`'s forecasts over a backtest, per horizon step and overall (step 0). */
export function bandCoverage(series: IntervalSeries, method: ForecastMethod, bands: PredictionBands, options: BacktestOptions): BandCoverage[] {
  type Acc = { inside: number; below: number; above: number; width: number; act: number; n: number };
  const acc = new Map<number, Acc>();
  const add = (k: number, lo: number, hi: number, a: number) => {
    let x = acc.get(k);
    if (!x) acc.set(k, (x = { inside: 0, below: 0, above: 0, width: 0, act: 0, n: 0 }));
    if (a < lo) x.below++;
    else if (a > hi) x.above++;
    else x.inside++;
    x.width += hi - lo;
    x.act += a;
    x.n++;
  };
  backtestPairs(series, method, options, (step, s, f, a) => {
    const lo = f * bands.lower[s];
    const hi = f * bands.upper[s];
    add(step, lo, hi, a);
    add(0, lo, hi, a);
  });
  return [...acc.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([step, x]) => ({ step, coverage: x.inside / x.n, below: x.below / x.n, above: x.above / x.n, relativeWidth: x.act > 0 ? x.width / x.act : NaN, points: x.n }));
}
