/**
 * SLA clocks (时效计时) computed from an order's event history.
 *
 * Pure: `computeSlaState(policy, calendar, events, now)` derives everything — start, deadline,
 * warning instant, status, elapsed/remaining business minutes, and who held the order while
 * the clock ran — from the events alone. Changing a policy or a calendar therefore needs no
 * migration: recomputing with the new inputs gives the new deadlines (`recomputeOpenOrders`).
 *
 * Rules:
 * - the clock runs from its start (order creation, or entry into a `startOn` state) until the
 *   first entry into a `stopOn` state; entering a cancel state ends it without a verdict;
 * - time in a hold state with a *pausing* reason (waiting for the owner, for parts) does not
 *   count, and the deadline moves out by the paused business time; other hold reasons do not
 *   pause (the team's own delays count against the target);
 * - a reopen (dissatisfied return visit) starts a new cycle; targets with
 *   `restartOnReopen !== false` are measured again from the reopen;
 * - elapsed == target is met; breached means strictly over;
 * - events after `now` are ignored, so the same function answers "as of" questions.
 */
import {
  addBusinessMs,
  businessMsBetween,
  CALENDAR_24X7,
  type BusinessCalendar,
} from './calendar';
import {
  resolveSlaPolicy,
  SLA_TARGETS,
  type OrderClass,
  type ResolvedSlaPolicy,
  type SlaPolicySet,
  type SlaTargetName,
  type SlaTargetSpec,
} from './policy';
import { MS_PER_MINUTE, SlaError, toEpochMs } from './time';

/**
 * The parts of a work-order event the clocks read. Lifecycle events (workorders/lifecycle)
 * fit this shape as they are: `to` is the state entered, `patch` the fields changed.
 */
export interface SlaEvent {
  at: number | string;
  action?: string;
  /** State entered by this event; absent when the state did not change. */
  to?: string | null;
  /** This event reopens the order (starts a new SLA cycle). */
  reopen?: boolean;
  holdReason?: string | null;
  assigneeId?: string | null;
  ownerId?: string | null;
  patch?: { assigneeId?: string | null; ownerId?: string | null; holdReason?: string | null };
}

export type SlaStatus = 'pending' | 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
export type HolderRole = 'assignee' | 'owner' | 'unassigned';

export interface AttributionShare {
  holderId: string | null;
  role: HolderRole;
  minutes: number;
}

export interface SlaTargetState {
  target: SlaTargetName;
  /** 0 for the first pass, n after the n-th reopen. */
  cycle: number;
  calendar: 'business' | '24x7';
  targetMinutes: number;
  /** 'breached' covers both a stopped-late clock and one still running past its deadline. */
  status: SlaStatus;
  /** Still counting or paused (not stopped, cancelled or pending). */
  open: boolean;
  paused: boolean;
  overdue: boolean;
  /** Open, not yet overdue, past the warning threshold. */
  warning: boolean;
  startedAt: number | null;
  stoppedAt: number | null;
  stopReason: 'stop_state' | 'cancelled' | 'reopened' | null;
  /** Deadline after shifting by paused time so far (provisional while paused: "if resumed now"). */
  deadline: number | null;
  warningAt: number | null;
  escalations: Array<{ ratio: number; level: string; at: number | null; reached: boolean }>;
  elapsedMinutes: number;
  remainingMinutes: number;
  overdueMinutes: number;
  pausedMinutes: number;
  /** Elapsed (unpaused) time split by who held the order: the assignee, else the owner (首问人). */
  attribution: AttributionShare[];
}

/** A stretch of the order's history with constant state, hold reason and holders. */
export interface SlaSegment {
  from: number;
  to: number;
  cycle: number;
  state: string;
  holdReason: string | null;
  /** In a hold state with a pausing reason. */
  pausing: boolean;
  assigneeId: string | null;
  ownerId: string | null;
  holderId: string | null;
  holderRole: HolderRole;
  /** Measured on the business calendar passed in. */
  businessMinutes: number;
  wallMinutes: number;
}

export interface SlaState {
  now: number;
  /** Current cycle (= number of reopens so far). */
  cycle: number;
  /** Targets of the current cycle, in SLA_TARGETS order. */
  targets: SlaTargetState[];
  /** Targets of earlier cycles (kept for on-time statistics). */
  history: SlaTargetState[];
  segments: SlaSegment[];
  /** The next future instant at which a warning, deadline or escalation fires (for sweeps). */
  nextChangeAt: number | null;
}

interface Norm {
  at: number;
  to: string | null;
  reopen: boolean;
  holdReason: string | null | undefined;
  assigneeId: string | null | undefined;
  ownerId: string | null | undefined;
}

function pick<T>(top: T | undefined, fromPatch: T | undefined): T | undefined {
  return top !== undefined ? top : fromPatch;
}

function normalise(events: readonly SlaEvent[], now: number): Norm[] {
  const list = events.map((e, i) => ({
    i,
    n: {
      at: toEpochMs(e.at),
      to: e.to ?? null,
      reopen: e.reopen === true,
      holdReason: pick(e.holdReason, e.patch?.holdReason),
      assigneeId: pick(e.assigneeId, e.patch?.assigneeId),
      ownerId: pick(e.ownerId, e.patch?.ownerId),
    },
  }));
  // Stable by time: events with equal timestamps keep their log order.
  list.sort((a, b) => a.n.at - b.n.at || a.i - b.i);
  return list.map((x) => x.n).filter((e) => e.at <= now);
}

interface Entry {
  at: number;
  state: string;
  cycle: number;
}

interface Cycle {
  start: number;
  end: number | null;
}

function holderOf(assigneeId: string | null, ownerId: string | null): { id: string | null; role: HolderRole } {
  if (assigneeId) return { id: assigneeId, role: 'assignee' };
  if (ownerId) return { id: ownerId, role: 'owner' };
  return { id: null, role: 'unassigned' };
}

/** Compute every SLA clock of one order as of `now` (epoch ms). */
export function computeSlaState(
  policy: ResolvedSlaPolicy,
  calendar: BusinessCalendar,
  events: readonly SlaEvent[],
  now: number,
): SlaState {
  if (!Number.isFinite(now)) throw new SlaError('sla.invalid_instant', { name: 'now', value: String(now) });
  const evs = normalise(events, now);
  const empty: SlaState = { now, cycle: 0, targets: [], history: [], segments: [], nextChangeAt: null };
  if (evs.length === 0) return empty;
  if (!evs[0].to) throw new SlaError('sla.first_event_without_state', {});

  const holdStates = new Set(policy.holdStates ?? ['on_hold']);
  const pausing = new Set(policy.pausingHoldReasons);
  const cancelStates = new Set(policy.cancelStates ?? ['cancelled']);

  // Replay the history into segments, state entries and cycles.
  const segments: SlaSegment[] = [];
  const segMs: number[] = []; // business ms of each segment on `calendar` (reused by the targets)
  const entries: Entry[] = [];
  const cycles: Cycle[] = [];
  let state = '';
  let holdReason: string | null = null;
  let assigneeId: string | null = null;
  let ownerId: string | null = null;
  let cycle = -1;
  for (let i = 0; i < evs.length; i++) {
    const e = evs[i];
    if (i === 0 || e.reopen) {
      if (cycle >= 0) cycles[cycle].end = e.at;
      cycle++;
      cycles.push({ start: e.at, end: null });
    }
    if (e.to) {
      state = e.to;
      entries.push({ at: e.at, state, cycle });
    }
    if (e.holdReason !== undefined) holdReason = e.holdReason;
    if (!holdStates.has(state)) holdReason = null;
    if (e.assigneeId !== undefined) assigneeId = e.assigneeId;
    if (e.ownerId !== undefined) ownerId = e.ownerId;
    const to = i + 1 < evs.length ? evs[i + 1].at : now;
    if (to > e.at) {
      const h = holderOf(assigneeId, ownerId);
      const ms = businessMsBetween(calendar, e.at, to);
      segMs.push(ms);
      segments.push({
        from: e.at,
        to,
        cycle,
        state,
        holdReason,
        pausing: holdStates.has(state) && holdReason !== null && pausing.has(holdReason),
        assigneeId,
        ownerId,
        holderId: h.id,
        holderRole: h.role,
        businessMinutes: ms / MS_PER_MINUTE,
        wallMinutes: (to - e.at) / MS_PER_MINUTE,
      });
    }
  }

  // Whether the order sits in a pausing hold right now (even if it entered it exactly at `now`).
  const pausingNow = holdStates.has(state) && holdReason !== null && pausing.has(holdReason);
  const targets: SlaTargetState[] = [];
  const history: SlaTargetState[] = [];
  for (let c = 0; c < cycles.length; c++) {
    for (const name of SLA_TARGETS) {
      const spec = policy.targets[name];
      if (!spec) continue;
      if (c > 0 && spec.restartOnReopen === false) continue;
      const cal = spec.calendar === '24x7' ? CALENDAR_24X7 : calendar;
      const known = cal === calendar ? segMs : null;
      const st = targetState(name, spec, cal, c, cycles[c], entries, segments, known, cancelStates, now, pausingNow);
      (c === cycles.length - 1 ? targets : history).push(st);
    }
  }

  let nextChangeAt: number | null = null;
  for (const t of targets) {
    if (!t.open || t.paused) continue;
    for (const at of [t.warningAt, t.deadline, ...t.escalations.map((x) => x.at)])
      if (at !== null && at > now && (nextChangeAt === null || at < nextChangeAt)) nextChangeAt = at;
  }
  return { now, cycle: cycles.length - 1, targets, history, segments, nextChangeAt };
}

function stateAt(entries: readonly Entry[], at: number, cycle: number): string | null {
  let s: string | null = null;
  for (const e of entries) {
    if (e.at > at) break;
    if (e.cycle <= cycle) s = e.state;
  }
  return s;
}

function targetState(
  name: SlaTargetName,
  spec: SlaTargetSpec,
  cal: BusinessCalendar,
  c: number,
  cyc: Cycle,
  entries: readonly Entry[],
  segments: readonly SlaSegment[],
  knownMs: readonly number[] | null,
  cancelStates: ReadonlySet<string>,
  now: number,
  pausingNow: boolean,
): SlaTargetState {
  const targetMs = Math.round(spec.minutes * MS_PER_MINUTE);
  const warnRatio = spec.warnAt ?? 0.8;
  const inCycle = entries.filter((e) => e.cycle === c);
  const base: SlaTargetState = {
    target: name,
    cycle: c,
    calendar: spec.calendar,
    targetMinutes: spec.minutes,
    status: 'pending',
    open: false,
    paused: false,
    overdue: false,
    warning: false,
    startedAt: null,
    stoppedAt: null,
    stopReason: null,
    deadline: null,
    warningAt: null,
    escalations: (spec.escalations ?? []).map((x) => ({ ratio: x.ratio, level: x.level, at: null, reached: false })),
    elapsedMinutes: 0,
    remainingMinutes: spec.minutes,
    overdueMinutes: 0,
    pausedMinutes: 0,
    attribution: [],
  };

  // Start.
  let start: number | null = null;
  if (!spec.startOn) start = cyc.start;
  else {
    const startOn = new Set(spec.startOn);
    const first = stateAt(entries, cyc.start, c);
    if (first !== null && startOn.has(first)) start = cyc.start;
    else start = inCycle.find((e) => startOn.has(e.state))?.at ?? null;
  }
  if (start === null) return base;

  // Stop: the state held at the start counts as an entry (a clock can stop at once).
  const stopOn = new Set(spec.stopOn);
  const atStart = stateAt(entries, start, c);
  let stop: number | null = atStart !== null && stopOn.has(atStart) ? start : null;
  let cancel: number | null = atStart !== null && cancelStates.has(atStart) ? start : null;
  for (const e of inCycle) {
    if (e.at < start) continue;
    if (stop === null && stopOn.has(e.state)) stop = e.at;
    if (cancel === null && cancelStates.has(e.state)) cancel = e.at;
  }
  let end: number;
  let stopReason: SlaTargetState['stopReason'] = null;
  if (stop !== null && (cancel === null || stop <= cancel)) {
    end = stop;
    stopReason = 'stop_state';
  } else if (cancel !== null) {
    end = cancel;
    stopReason = 'cancelled';
  } else if (cyc.end !== null) {
    end = cyc.end;
    stopReason = 'reopened';
  } else end = now;

  // Walk the history between start and end: active pieces count, pausing pieces do not.
  const active: Array<[number, number, number]> = []; // [from, to, businessMs]
  let elapsed = 0;
  let paused = 0;
  const shares = new Map<string, AttributionShare>();
  let pausedNow = false;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.to <= start || seg.from >= end) continue;
    const f = Math.max(seg.from, start);
    const t = Math.min(seg.to, end);
    const whole = knownMs !== null && f === seg.from && t === seg.to;
    const ms = whole ? knownMs[i] : businessMsBetween(cal, f, t);
    if (seg.pausing) {
      paused += ms;
      continue;
    }
    elapsed += ms;
    active.push([f, t, ms]);
    const key = `${seg.holderRole}:${seg.holderId ?? ''}`;
    const share = shares.get(key) ?? { holderId: seg.holderId, role: seg.holderRole, minutes: 0 };
    share.minutes += ms / MS_PER_MINUTE;
    shares.set(key, share);
  }
  if (stopReason === null) pausedNow = pausingNow;

  // Instant at which the unpaused elapsed time reaches `ms`; beyond the known history the
  // clock is assumed to run on from `end` (resumed now, if paused).
  const reach = (ms: number): number => {
    let acc = 0;
    for (const [f, , pieceMs] of active) {
      if (acc + pieceMs >= ms) return addBusinessMs(cal, f, ms - acc);
      acc += pieceMs;
    }
    return addBusinessMs(cal, end, ms - acc);
  };

  const deadline = reach(targetMs);
  const warningAt = reach(Math.round(targetMs * warnRatio));
  const open = stopReason === null;
  const overdue = elapsed > targetMs;
  let status: SlaStatus;
  if (stopReason === 'cancelled') status = 'cancelled';
  else if (overdue) status = 'breached';
  else if (!open) status = 'met';
  else status = pausedNow ? 'paused' : 'running';
  return {
    ...base,
    status,
    open,
    paused: open && pausedNow,
    overdue,
    warning: open && !overdue && elapsed >= Math.round(targetMs * warnRatio),
    startedAt: start,
    stoppedAt: open ? null : end,
    stopReason,
    deadline,
    warningAt,
    escalations: (spec.escalations ?? []).map((x) => {
      const ms = Math.round(targetMs * x.ratio);
      return { ratio: x.ratio, level: x.level, at: reach(ms), reached: elapsed >= ms };
    }),
    elapsedMinutes: elapsed / MS_PER_MINUTE,
    remainingMinutes: Math.max(0, targetMs - elapsed) / MS_PER_MINUTE,
    overdueMinutes: Math.max(0, elapsed - targetMs) / MS_PER_MINUTE,
    pausedMinutes: paused / MS_PER_MINUTE,
    attribution: [...shares.values()],
  };
}

// ---------------------------------------------------------------------------------------------
// Recompute
// ---------------------------------------------------------------------------------------------

export interface OpenOrderInput extends OrderClass {
  id: string;
  events: readonly SlaEvent[];
  /** Deadlines as currently stored (epoch ms), to report which ones move. */
  storedDeadlines?: Partial<Record<SlaTargetName, number | null>>;
}

export interface RecomputeResult {
  id: string;
  policy: ResolvedSlaPolicy | null;
  state: SlaState;
  /** Targets whose deadline differs from the stored one. */
  changed: SlaTargetName[];
}

/**
 * After a policy or calendar change: recompute the clocks of open orders. It is the same
 * function as for a single order — deadlines are always derived, never patched.
 */
export function recomputeOpenOrders(
  policySet: SlaPolicySet,
  calendar: BusinessCalendar,
  orders: readonly OpenOrderInput[],
  now: number,
): RecomputeResult[] {
  return orders.map((o) => {
    const policy = resolveSlaPolicy(policySet, o);
    const state = policy
      ? computeSlaState(policy, calendar, o.events, now)
      : { now, cycle: 0, targets: [], history: [], segments: [], nextChangeAt: null };
    const changed: SlaTargetName[] = [];
    for (const name of SLA_TARGETS) {
      const stored = o.storedDeadlines?.[name];
      const fresh = state.targets.find((t) => t.target === name)?.deadline ?? null;
      if (stored === undefined && fresh === null) continue;
      if ((stored ?? null) !== fresh) changed.push(name);
    }
    return { id: o.id, policy, state, changed };
  });
}

/** The figure the on-time KPI (及时率) counts: a target that stopped and was met or breached. */
export function isCountable(t: SlaTargetState): boolean {
  return t.status === 'met' || (t.status === 'breached' && !t.open);
}
