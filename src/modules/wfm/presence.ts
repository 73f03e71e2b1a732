/**
 * Agents on duty from the data (在岗人数): time-weighted presence per interval from service spans.
 *
 * Counting every agent with talk time in an interval as on duty for the whole interval overstates
 * staffing (one call at 10:55 does not make a full hour). Here an agent is present from the first
 * to the last call of a stretch of work; a gap between calls longer than an idle threshold ends the
 * stretch (a break, or the end of a shift). Wrap-up after a call counts as presence where the data
 * has it. The distinct-agent count is kept beside it for comparison.
 *
 * All times are milliseconds on one clock (callers pass naive local ms so that slots align with
 * local interval boundaries, as in intervals.ts).
 */
import { quantile } from './fidelity';
import type { CallRecord } from './types';
import { naiveDate, utcToLocalNaiveMs } from './timezone';
import type { RollUpPeriod } from './intervals';
import { periodStartOf } from './intervals';

/** One served call of one agent. */
export interface ServiceSpan {
  agent: string;
  startMs: number;
  endMs: number;
  /** After-call work following the call (s), when the data has it. */
  wrapUpSeconds?: number;
}

/** A stretch of continuous duty of one agent. */
export interface Stretch {
  agent: string;
  startMs: number;
  endMs: number;
  calls: number;
}

/** Presence of all agents in one interval (slot = floor(ms ÷ interval length)). */
export interface IntervalPresence {
  slotIndex: number;
  /** Σ agent-seconds present in the interval. */
  presentSeconds: number;
  /** Time-weighted agents present: presentSeconds ÷ interval seconds (fractional). */
  agentsPresent: number;
  /** Distinct agents with talk time in the interval (the older, coarser count). */
  distinctAgents: number;
}

/** Idle threshold (s) for a gap that begins at `gapStartMs`. */
export type IdleThresholdAt = (gapStartMs: number) => number;

export interface PresenceOptions {
  intervalMinutes: number;
  /** A gap between calls of one agent longer than this ends the stretch (s); fixed or by time. */
  idleThresholdSeconds: number | IdleThresholdAt;
}

/**
 * Groups each agent's spans into stretches: the next call starts a new stretch when it begins
 * more than `idleThresholdSeconds` after the end (with wrap-up) of the stretch so far.
 */
export function agentStretches(spans: readonly ServiceSpan[], idleThresholdSeconds: number | IdleThresholdAt): Stretch[] {
  if (typeof idleThresholdSeconds === 'number' && !(idleThresholdSeconds >= 0)) throw new RangeError(`idleThresholdSeconds must be ≥ 0, got ${idleThresholdSeconds}`);
  const thresholdMs = typeof idleThresholdSeconds === 'number' ? () => idleThresholdSeconds * 1000 : (at: number) => idleThresholdSeconds(at) * 1000;
  const byAgent = new Map<string, ServiceSpan[]>();
  for (const s of spans) {
    let l = byAgent.get(s.agent);
    if (!l) byAgent.set(s.agent, (l = []));
    l.push(s);
  }
  const out: Stretch[] = [];
  for (const [agent, list] of byAgent) {
    list.sort((a, b) => a.startMs - b.startMs);
    let cur: Stretch | null = null;
    for (const s of list) {
      const end = Math.max(s.startMs, s.endMs) + (s.wrapUpSeconds ?? 0) * 1000;
      // The gap is judged by the threshold in force when it began (the end of the stretch so far).
      if (cur && s.startMs - cur.endMs <= thresholdMs(cur.endMs)) {
        cur.endMs = Math.max(cur.endMs, end);
        cur.calls++;
      } else {
        if (cur) out.push(cur);
        cur = { agent, startMs: s.startMs, endMs: end, calls: 1 };
      }
    }
    if (cur) out.push(cur);
  }
  return out.sort((a, b) => a.startMs - b.startMs || (a.agent < b.agent ? -1 : 1));
}

/** Time-weighted presence and distinct agents per interval, for the slots any span touches. */
export function presenceByInterval(spans: readonly ServiceSpan[], options: PresenceOptions): Map<number, IntervalPresence> {
  const intervalMs = options.intervalMinutes * 60_000;
  const out = new Map<number, IntervalPresence>();
  const slot = (i: number) => {
    let p = out.get(i);
    if (!p) out.set(i, (p = { slotIndex: i, presentSeconds: 0, agentsPresent: 0, distinctAgents: 0 }));
    return p;
  };
  for (const st of agentStretches(spans, options.idleThresholdSeconds)) {
    forEachSlice(st, intervalMs, (i, ms) => (slot(i).presentSeconds += ms / 1000));
  }
  // Distinct agents with talk time, as intervals.ts counts them.
  const seen = new Map<number, Set<string>>();
  for (const s of spans) {
    const first = Math.floor(s.startMs / intervalMs);
    const last = s.endMs > s.startMs ? Math.floor((s.endMs - 1) / intervalMs) : first;
    for (let i = first; i <= last; i++) {
      let set = seen.get(i);
      if (!set) seen.set(i, (set = new Set()));
      set.add(s.agent);
    }
  }
  for (const [i, set] of seen) slot(i).distinctAgents = set.size;
  for (const p of out.values()) p.agentsPresent = p.presentSeconds / (intervalMs / 1000);
  return out;
}

/** Presence of each agent per interval (slot → agent → agents, i.e. seconds present ÷ interval seconds), for splitting presence by skill. */
export function presenceByAgent(spans: readonly ServiceSpan[], options: PresenceOptions): Map<number, Map<string, number>> {
  const intervalMs = options.intervalMinutes * 60_000;
  const out = new Map<number, Map<string, number>>();
  for (const st of agentStretches(spans, options.idleThresholdSeconds)) {
    forEachSlice(st, intervalMs, (i, ms) => {
      let m = out.get(i);
      if (!m) out.set(i, (m = new Map()));
      m.set(st.agent, (m.get(st.agent) ?? 0) + ms / intervalMs);
    });
  }
  return out;
}

/** Calls `add(slot, ms)` for each interval a stretch overlaps, with the milliseconds of the overlap. */
function forEachSlice(st: { startMs: number; endMs: number }, intervalMs: number, add: (slot: number, ms: number) => void): void {
  const first = Math.floor(st.startMs / intervalMs);
  const last = st.endMs > st.startMs ? Math.floor((st.endMs - 1) / intervalMs) : first;
  for (let i = first; i <= last; i++) {
    const ms = Math.min(st.endMs, (i + 1) * intervalMs) - Math.max(st.startMs, i * intervalMs);
    if (ms > 0) add(i, ms);
  }
}

/** Gaps between consecutive calls of each agent: where each begins (ms) and its length (s). */
function stretchGaps(spans: readonly ServiceSpan[]): { startMs: number; seconds: number }[] {
  const byAgent = new Map<string, Stretch[]>();
  for (const s of agentStretches(spans, 0)) {
    let l = byAgent.get(s.agent);
    if (!l) byAgent.set(s.agent, (l = []));
    l.push(s);
  }
  const out: { startMs: number; seconds: number }[] = [];
  for (const l of byAgent.values()) for (let i = 1; i < l.length; i++) out.push({ startMs: l[i - 1].endMs, seconds: (l[i].startMs - l[i - 1].endMs) / 1000 });
  return out;
}

/** Gaps (s) between consecutive calls of the same agent (end of one, with wrap-up, to start of the next), below `maxSeconds`. */
export function withinAgentGaps(spans: readonly ServiceSpan[], maxSeconds = 12 * 3600): number[] {
  const stretches = agentStretches(spans, 0);
  const byAgent = new Map<string, Stretch[]>();
  for (const s of stretches) {
    let l = byAgent.get(s.agent);
    if (!l) byAgent.set(s.agent, (l = []));
    l.push(s);
  }
  const gaps: number[] = [];
  for (const l of byAgent.values()) {
    for (let i = 1; i < l.length; i++) {
      const g = (l[i].startMs - l[i - 1].endMs) / 1000;
      if (g > 0 && g < maxSeconds) gaps.push(g);
    }
  }
  return gaps;
}

/**
 * The idle threshold chosen from the data's own gaps, not from any accuracy target: while on
 * duty an agent's idle time between calls is roughly exponential, so its mean is estimated
 * robustly from the median gap (median ÷ ln 2 — the median is insensitive to the long off-duty
 * gaps in the tail), and a gap an on-duty agent would exceed with probability below 1 % is taken
 * as the end of a stretch: threshold = mean · ln 100. Returns `fallback` without gaps.
 */
export function idleThresholdFromGaps(gaps: readonly number[], tailProbability = 0.01, fallback = 300): number {
  const s = gaps.filter((g) => Number.isFinite(g) && g > 0).sort((a, b) => a - b);
  if (s.length === 0) return fallback;
  const mean = quantile(s, 0.5) / Math.LN2;
  return mean * Math.log(1 / tailProbability);
}

export interface AdaptivePresenceOptions {
  intervalMinutes: number;
  /** The pooled threshold (s), e.g. from `idleThresholdFromGaps`: the floor of every interval's. */
  baseThresholdSeconds: number;
  /** Tail probability of an on-duty idle gap beyond the threshold (default 0.01, as the pooled one). */
  tailProbability?: number;
  /** Fixed-point passes (default 4). */
  iterations?: number;
  /** Ceiling of an interval's threshold (s; default the interval length): a longer gap is never taken as idle on duty. */
  maxThresholdSeconds?: number;
  /**
   * Starting thresholds: `gaps` (default) — per interval from the median of the gaps that begin
   * in it (median ÷ ln 2 as the mean, as for the pooled threshold; at least 5 gaps), which does
   * not depend on presence; `pooled` — the pooled threshold everywhere.
   */
  seed?: 'gaps' | 'pooled';
}

export interface AdaptivePresence {
  presence: Map<number, IntervalPresence>;
  /** Idle threshold (s) per interval slot where it rose above the base. */
  thresholds: Map<number, number>;
  /** The threshold in force at a time (the slot's, else the base): reuse it for per-agent presence. */
  thresholdAt: IdleThresholdAt;
}

/**
 * Presence with a traffic-dependent idle threshold. An on-duty agent waits longer between calls
 * when calls are few: in an interval with n agents present, a = busy agent-equivalents (talk
 * time ÷ interval length) and λ answered calls, the idle agent-time (n − a)·T is split into λ
 * idle periods (each answered call ends one), so by Little's law the mean idle gap is
 * (n − a)·T ÷ λ — no routing assumption needed. Taking idle gaps as exponential with that mean,
 * the interval's threshold is mean · ln(1 ÷ tail), never below the pooled threshold (which the
 * busy hours dominate) nor above `maxThresholdSeconds`. n depends on the thresholds, so the
 * estimate is iterated from the pooled threshold; each pass can only raise thresholds, and the
 * ceiling bounds them.
 */
export function adaptivePresence(spans: readonly ServiceSpan[], options: AdaptivePresenceOptions): AdaptivePresence {
  const intervalMs = options.intervalMinutes * 60_000;
  const intervalS = intervalMs / 1000;
  const ln = Math.log(1 / (options.tailProbability ?? 0.01));
  const base = options.baseThresholdSeconds;
  const cap = Math.max(base, options.maxThresholdSeconds ?? intervalS);
  // Busy seconds and answered calls per slot (calls counted where they start).
  const busy = new Map<number, number>();
  const calls = new Map<number, number>();
  for (const s of spans) {
    const k = Math.floor(s.startMs / intervalMs);
    calls.set(k, (calls.get(k) ?? 0) + 1);
    const end = Math.max(s.startMs, s.endMs) + (s.wrapUpSeconds ?? 0) * 1000;
    for (let i = k; i * intervalMs < end; i++) {
      const lo = Math.max(s.startMs, i * intervalMs);
      const hi = Math.min(end, (i + 1) * intervalMs);
      if (hi > lo) busy.set(i, (busy.get(i) ?? 0) + (hi - lo) / 1000);
    }
  }
  const thresholds = new Map<number, number>();
  if ((options.seed ?? 'gaps') === 'gaps') {
    // An interval where every gap was cut has no idle time left to measure, so presence alone
    // could never lift its threshold: start from the gaps that begin in it.
    const gapsBySlot = new Map<number, number[]>();
    for (const st of stretchGaps(spans)) {
      if (st.seconds > cap) continue;
      const k = Math.floor(st.startMs / intervalMs);
      let l = gapsBySlot.get(k);
      if (!l) gapsBySlot.set(k, (l = []));
      l.push(st.seconds);
    }
    for (const [k, g] of gapsBySlot) {
      if (g.length < 5) continue;
      g.sort((x, y) => x - y);
      const th = Math.min(cap, (quantile(g, 0.5) / Math.LN2) * ln);
      if (th > base) thresholds.set(k, th);
    }
  }
  const at: IdleThresholdAt = (ms) => thresholds.get(Math.floor(ms / intervalMs)) ?? base;
  let presence = presenceByInterval(spans, { intervalMinutes: options.intervalMinutes, idleThresholdSeconds: at });
  for (let it = 0; it < (options.iterations ?? 4); it++) {
    let changed = false;
    for (const [k, p] of presence) {
      const lambda = calls.get(k) ?? 0;
      if (lambda === 0) continue;
      const idleSeconds = Math.max(0, p.presentSeconds - (busy.get(k) ?? 0));
      const th = Math.min(cap, Math.max(base, (idleSeconds / lambda) * ln));
      if (th > (thresholds.get(k) ?? base) + 1e-6) {
        thresholds.set(k, th);
        changed = true;
      }
    }
    if (!changed) break;
    presence = presenceByInterval(spans, { intervalMinutes: options.intervalMinutes, idleThresholdSeconds: at });
  }
  return { presence, thresholds, thresholdAt: at };
}

/** Collects service spans of call records per queue (and all queues under `allQueuesKey`). */
export interface PresenceCollector {
  add(record: CallRecord): void;
  /** Spans by queue key, times in naive local ms of the business zone. */
  spans(): Map<string, ServiceSpan[]>;
}

export function createPresenceCollector(options: { timeZone: string; allQueuesKey?: string | null }): PresenceCollector {
  const allKey = options.allQueuesKey === undefined ? '*' : options.allQueuesKey;
  const by = new Map<string, ServiceSpan[]>();
  const push = (k: string, s: ServiceSpan) => {
    let l = by.get(k);
    if (!l) by.set(k, (l = []));
    l.push(s);
  };
  return {
    add(r) {
      if (!r.answered || r.agent === undefined) return;
      const startUtc = r.serviceStartAt ? Date.parse(r.serviceStartAt) : Date.parse(r.arrivalAt) + r.waitSeconds * 1000;
      const endUtc = r.serviceEndAt ? Date.parse(r.serviceEndAt) : startUtc + r.talkSeconds * 1000;
      const startMs = utcToLocalNaiveMs(startUtc, options.timeZone);
      const span: ServiceSpan = { agent: r.agent, startMs, endMs: startMs + Math.max(0, endUtc - startUtc) };
      push(r.queue, span);
      if (allKey !== null && allKey !== r.queue) push(allKey, span);
    },
    spans: () => by,
  };
}

/** Presence rolled up by day or month (local dates of naive-ms slots). */
export interface PresencePeriod {
  periodStart: string;
  /** Σ time-weighted agent-hours present. */
  presentHours: number;
  /** Σ distinct agents × interval hours (the coarse count). */
  distinctAgentHours: number;
  /** presentHours ÷ distinctAgentHours. */
  ratio: number;
  intervals: number;
}

export function rollUpPresence(presence: Map<number, IntervalPresence>, intervalMinutes: number, period: Exclude<RollUpPeriod, 'week'>): PresencePeriod[] {
  const intervalMs = intervalMinutes * 60_000;
  const groups = new Map<string, PresencePeriod>();
  for (const p of presence.values()) {
    const key = periodStartOf(naiveDate(p.slotIndex * intervalMs), period);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { periodStart: key, presentHours: 0, distinctAgentHours: 0, ratio: NaN, intervals: 0 }));
    g.presentHours += p.presentSeconds / 3600;
    g.distinctAgentHours += (p.distinctAgents * intervalMinutes) / 60;
    g.intervals++;
  }
  const out = [...groups.values()].sort((a, b) => (a.periodStart < b.periodStart ? -1 : 1));
  for (const g of out) g.ratio = g.distinctAgentHours > 0 ? g.presentHours / g.distinctAgentHours : NaN;
  return out;
}
