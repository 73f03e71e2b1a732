import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, createCalendar } from './calendar';
import { computeSlaState, isCountable, recomputeOpenOrders, type SlaEvent, type SlaState, type SlaTargetState } from './clock';
import {
  DEFAULT_SLA_POLICY,
  matchRule,
  resolveSlaPolicy,
  slaPolicySetSchema,
  type ResolvedSlaPolicy,
  type SlaPolicySet,
} from './policy';
import { bj, fmtBj, office, officeConfig } from './test-fixtures';

const POLICY: SlaPolicySet = {
  id: 'test',
  pausingHoldReasons: ['waiting_owner', 'waiting_parts'],
  rules: [
    {
      id: 'repair',
      kind: 'repair',
      targets: {
        response: { minutes: 15, calendar: 'business' },
        dispatch: { minutes: 30, calendar: 'business' },
        on_site: { minutes: 120, calendar: 'business' },
        resolution: {
          minutes: 1350,
          calendar: 'business',
          escalations: [
            { ratio: 1, level: 'supervisor' },
            { ratio: 1.5, level: 'manager' },
          ],
        },
      },
    },
    {
      id: 'repair-urgent',
      kind: 'repair',
      priority: 'urgent',
      targets: { response: { minutes: 5, calendar: '24x7' }, resolution: { minutes: 4320, calendar: '24x7' } },
    },
    { id: 'noise', kind: 'complaint', category: 'noise', targets: { resolution: { minutes: 60, calendar: 'business' } } },
    { id: 'complaint-high', kind: 'complaint', priority: 'high', targets: { resolution: { minutes: 30, calendar: 'business' } } },
    { id: 'fallback', kind: '*', targets: { resolution: { minutes: 9999, calendar: 'business' } } },
  ],
};
const repair = resolveSlaPolicy(POLICY, { kind: 'repair', category: 'plumbing', priority: 'normal' })!;

/** An event at Beijing time `time` entering `to` (or changing fields only when `to` is null). */
function ev(time: string, to: string | null, extra: Partial<SlaEvent> = {}): SlaEvent {
  return { at: bj(time), ...(to ? { to } : {}), ...extra };
}

/** A repair taken by agent A, dispatched to technician T, held for parts overnight, completed. */
const HISTORY: SlaEvent[] = [
  ev('2025-09-02 09:00', 'received', { ownerId: 'agentA' }),
  ev('2025-09-02 09:10', 'awaiting_dispatch'),
  ev('2025-09-02 09:20', 'dispatched', { patch: { assigneeId: 'techT' } }),
  ev('2025-09-02 09:30', 'accepted'),
  ev('2025-09-02 10:15', 'on_site'),
  ev('2025-09-02 10:20', 'in_progress'),
  ev('2025-09-02 11:00', 'on_hold', { holdReason: 'waiting_parts' }),
  ev('2025-09-03 10:30', 'in_progress', { holdReason: null }),
  ev('2025-09-03 14:00', 'completed'),
];

const target = (s: SlaState, name: string): SlaTargetState => {
  const t = s.targets.find((x) => x.target === name);
  if (!t) throw new Error(`no target ${name}`);
  return t;
};
const view = (t: SlaTargetState) => ({
  status: t.status,
  start: fmtBj(t.startedAt),
  stop: fmtBj(t.stoppedAt),
  deadline: fmtBj(t.deadline),
  warningAt: fmtBj(t.warningAt),
  elapsed: t.elapsedMinutes,
  remaining: t.remainingMinutes,
  overdue: t.overdueMinutes,
  paused: t.pausedMinutes,
});

describe('computeSlaState: a full repair history', () => {
  const s = computeSlaState(repair, office, HISTORY, bj('2025-09-03 15:00'));

  it('measures each target from creation to its stop state', () => {
    expect(view(target(s, 'response'))).toEqual({
      status: 'met', start: '2025-09-02 09:00', stop: '2025-09-02 09:10', deadline: '2025-09-02 09:15',
      warningAt: '2025-09-02 09:12', elapsed: 10, remaining: 5, overdue: 0, paused: 0,
    });
    expect(view(target(s, 'dispatch'))).toMatchObject({ status: 'met', stop: '2025-09-02 09:20', deadline: '2025-09-02 09:30', elapsed: 20 });
    expect(view(target(s, 'on_site'))).toMatchObject({ status: 'met', stop: '2025-09-02 10:15', deadline: '2025-09-02 11:00', elapsed: 75 });
  });

  it('pauses resolution while waiting for parts and moves the deadline by the paused business time', () => {
    // Paused: Tue 11:00–12:00, 13:30–17:30, Wed 08:30–10:30 = 420 business minutes.
    // Unpaused the deadline would be Fri 09:00; 420 minutes later it is Fri 17:30.
    expect(view(target(s, 'resolution'))).toEqual({
      status: 'met', start: '2025-09-02 09:00', stop: '2025-09-03 14:00', deadline: '2025-09-05 17:30',
      warningAt: '2025-09-05 11:30', elapsed: 240, remaining: 1110, overdue: 0, paused: 420,
    });
    expect(fmtBj(addBusinessMinutes(office, bj('2025-09-02 09:00'), 1350 + 420))).toBe('2025-09-05 17:30');
  });

  it('attributes elapsed time to the owner until dispatch, then to the assignee', () => {
    expect(target(s, 'resolution').attribution).toEqual([
      { holderId: 'agentA', role: 'owner', minutes: 20 },
      { holderId: 'techT', role: 'assignee', minutes: 220 },
    ]);
    expect(target(s, 'dispatch').attribution).toEqual([{ holderId: 'agentA', role: 'owner', minutes: 20 }]);
  });

  it('returns the history as segments with business and wall minutes', () => {
    const hold = s.segments.find((x) => x.state === 'on_hold')!;
    expect(hold).toMatchObject({ holdReason: 'waiting_parts', pausing: true, holderId: 'techT', businessMinutes: 420, wallMinutes: 23.5 * 60 });
    expect(s.segments[0]).toMatchObject({ state: 'received', holderRole: 'owner', businessMinutes: 10 });
    expect(s.segments.at(-1)).toMatchObject({ state: 'completed', businessMinutes: 60 });
    expect(s.segments.reduce((a, x) => a + x.wallMinutes, 0)).toBe((bj('2025-09-03 15:00') - bj('2025-09-02 09:00')) / 60_000);
  });

  it('computes escalation instants on the same clock', () => {
    expect(target(s, 'resolution').escalations.map((e) => [e.level, fmtBj(e.at), e.reached])).toEqual([
      ['supervisor', '2025-09-05 17:30', false],
      ['manager', '2025-09-09 13:45', false],
    ]);
    expect(s.nextChangeAt).toBeNull(); // all clocks stopped
  });
});

describe('computeSlaState: running, paused, warnings and breaches', () => {
  it('is paused during a pausing hold, with a provisional deadline as if resumed now', () => {
    const s = computeSlaState(repair, office, HISTORY, bj('2025-09-02 15:00'));
    const r = target(s, 'resolution');
    expect(view(r)).toMatchObject({ status: 'paused', elapsed: 120, paused: 150, deadline: '2025-09-05 11:30' });
    expect(r.open && r.paused).toBe(true);
    expect(s.nextChangeAt).toBeNull();
  });

  it('is paused from the very instant the hold starts', () => {
    const s = computeSlaState(repair, office, HISTORY, bj('2025-09-02 11:00'));
    expect(target(s, 'resolution').status).toBe('paused');
  });

  it('does not pause for a hold reason outside the pausing list', () => {
    const busy = HISTORY.map((e) => (e.holdReason === 'waiting_parts' ? { ...e, holdReason: 'technician_busy' } : e));
    const s = computeSlaState(repair, office, busy, bj('2025-09-03 15:00'));
    expect(view(target(s, 'resolution'))).toMatchObject({ status: 'met', elapsed: 660, paused: 0, deadline: '2025-09-05 09:00' });
    expect(s.segments.find((x) => x.state === 'on_hold')?.pausing).toBe(false);
  });

  it('warns past 80 % and schedules the next sweep at the earliest future instant', () => {
    const fresh = HISTORY.slice(0, 1);
    const s = computeSlaState(repair, office, fresh, bj('2025-09-02 09:13'));
    expect(target(s, 'response')).toMatchObject({ status: 'running', warning: true, overdue: false });
    expect(target(s, 'dispatch')).toMatchObject({ status: 'running', warning: false });
    expect(fmtBj(s.nextChangeAt)).toBe('2025-09-02 09:15');
    expect(fmtBj(computeSlaState(repair, office, fresh, bj('2025-09-02 09:05')).nextChangeAt)).toBe('2025-09-02 09:12');
  });

  it('reports a running clock past its deadline as breached and still open', () => {
    const s = computeSlaState(repair, office, HISTORY.slice(0, 1), bj('2025-09-02 09:20'));
    expect(target(s, 'response')).toMatchObject({ status: 'breached', open: true, overdue: true, overdueMinutes: 5, remainingMinutes: 0, stoppedAt: null });
    expect(isCountable(target(s, 'response'))).toBe(false);
  });

  it('reports a late stop as breached and countable', () => {
    const late = [HISTORY[0], ev('2025-09-02 09:16', 'awaiting_dispatch')];
    const t = target(computeSlaState(repair, office, late, bj('2025-09-02 10:00')), 'response');
    expect(t).toMatchObject({ status: 'breached', open: false, overdueMinutes: 1 });
    expect(isCountable(t)).toBe(true);
  });

  it('meets a target stopped exactly at the deadline', () => {
    const onTime = [HISTORY[0], ev('2025-09-02 09:15', 'awaiting_dispatch')];
    expect(target(computeSlaState(repair, office, onTime, bj('2025-09-02 10:00')), 'response').status).toBe('met');
  });

  it('ignores events after now (as-of evaluation)', () => {
    const s = computeSlaState(repair, office, HISTORY, bj('2025-09-02 09:15'));
    expect(target(s, 'response').status).toBe('met');
    expect(target(s, 'dispatch')).toMatchObject({ status: 'running', elapsedMinutes: 15 });
    expect(s.segments.at(-1)).toMatchObject({ state: 'awaiting_dispatch' });
  });

  it('returns an empty state before the order exists', () => {
    expect(computeSlaState(repair, office, HISTORY, bj('2025-09-01 00:00')).targets).toEqual([]);
  });

  it('accepts ISO-string instants and out-of-order events', () => {
    const iso = HISTORY.map((e) => ({ ...e, at: new Date(e.at as number).toISOString() })).reverse();
    const a = computeSlaState(repair, office, iso, bj('2025-09-03 15:00'));
    const b = computeSlaState(repair, office, HISTORY, bj('2025-09-03 15:00'));
    expect(a.targets).toEqual(b.targets);
  });
});

describe('computeSlaState: calendars and long targets', () => {
  it('skips lunch', () => {
    const p: ResolvedSlaPolicy = { targets: { resolution: { minutes: 60, calendar: 'business', stopOn: ['completed'] } }, pausingHoldReasons: [] };
    const s = computeSlaState(p, office, [ev('2025-09-02 11:50', 'received')], bj('2025-09-02 11:55'));
    expect(fmtBj(target(s, 'resolution').deadline)).toBe('2025-09-02 14:20');
  });

  it('spans several days through a make-up Sunday and up to a national holiday', () => {
    // Fri 26 Sep 10:00: 360 that day, Sun 28 (调休) 450, Mon 29 450, Tue 30 90 → Tue 10:00.
    const s = computeSlaState(repair, office, [ev('2025-09-26 10:00', 'received')], bj('2025-09-26 10:00'));
    expect(fmtBj(target(s, 'resolution').deadline)).toBe('2025-09-30 10:00');
    const urgent = resolveSlaPolicy(POLICY, { kind: 'repair', priority: 'urgent' })!;
    const u = computeSlaState(urgent, office, [ev('2025-09-26 10:00', 'received')], bj('2025-09-26 10:00'));
    expect(fmtBj(target(u, 'resolution').deadline)).toBe('2025-09-29 10:00'); // 24×7: three wall days
    expect(fmtBj(target(u, 'response').deadline)).toBe('2025-09-26 10:05');
  });

  it('keeps counting from the next window when created outside business hours', () => {
    const s = computeSlaState(repair, office, [ev('2025-09-30 20:00', 'received')], bj('2025-10-05 12:00'));
    const r = target(s, 'response');
    expect(r).toMatchObject({ status: 'running', elapsedMinutes: 0 });
    expect(fmtBj(r.deadline)).toBe('2025-10-09 08:45');
  });
});

describe('computeSlaState: cancel, reopen and start states', () => {
  it('cancels open clocks without a verdict; stopped ones keep theirs', () => {
    const h = [ev('2025-09-02 09:00', 'received'), ev('2025-09-02 09:05', 'awaiting_dispatch'), ev('2025-09-02 09:40', 'cancelled')];
    const s = computeSlaState(repair, office, h, bj('2025-09-02 10:00'));
    expect(target(s, 'response').status).toBe('met');
    expect(target(s, 'dispatch')).toMatchObject({ status: 'cancelled', open: false, overdue: true, stopReason: 'cancelled' });
    expect(target(s, 'resolution')).toMatchObject({ status: 'cancelled', overdue: false });
    expect(isCountable(target(s, 'dispatch'))).toBe(false);
  });

  it('starts a new cycle on reopen and keeps the first cycle in history', () => {
    const h = [
      ...HISTORY,
      ev('2025-09-03 14:05', 'awaiting_visit'),
      ev('2025-09-04 10:00', 'awaiting_dispatch', { reopen: true, patch: { assigneeId: null } }),
      ev('2025-09-04 10:30', 'dispatched', { patch: { assigneeId: 'techU' } }),
    ];
    const s = computeSlaState(repair, office, h, bj('2025-09-04 11:00'));
    expect(s.cycle).toBe(1);
    expect(s.targets.map((t) => t.target)).toEqual(['dispatch', 'on_site', 'resolution']); // response is not re-measured
    expect(view(target(s, 'dispatch'))).toMatchObject({ status: 'met', start: '2025-09-04 10:00', elapsed: 30 });
    expect(view(target(s, 'resolution'))).toMatchObject({ status: 'running', elapsed: 60 });
    expect(target(s, 'resolution').attribution).toEqual([
      { holderId: 'agentA', role: 'owner', minutes: 30 },
      { holderId: 'techU', role: 'assignee', minutes: 30 },
    ]);
    expect(s.history.map((t) => [t.cycle, t.target, t.status])).toEqual([
      [0, 'response', 'met'],
      [0, 'dispatch', 'met'],
      [0, 'on_site', 'met'],
      [0, 'resolution', 'met'],
    ]);
    expect(s.segments.at(-1)?.cycle).toBe(1);
  });

  it('supports clocks that start on a state (on-site measured from dispatch) and stay pending before it', () => {
    const set: SlaPolicySet = {
      ...POLICY,
      clocks: { repair: { on_site: { startOn: ['dispatched'], stopOn: ['on_site', 'in_progress', 'completed'] } } },
    };
    const p = resolveSlaPolicy(set, { kind: 'repair' })!;
    const early = computeSlaState(p, office, HISTORY, bj('2025-09-02 09:15'));
    expect(target(early, 'on_site')).toMatchObject({ status: 'pending', open: false, deadline: null, startedAt: null });
    const later = computeSlaState(p, office, HISTORY, bj('2025-09-02 12:00'));
    expect(view(target(later, 'on_site'))).toMatchObject({ status: 'met', start: '2025-09-02 09:20', elapsed: 55, deadline: '2025-09-02 11:20' });
  });
});

describe('policies', () => {
  it('picks the most specific matching rule', () => {
    expect(matchRule(POLICY, { kind: 'repair', priority: 'urgent' })?.id).toBe('repair-urgent');
    expect(matchRule(POLICY, { kind: 'repair', priority: 'normal' })?.id).toBe('repair');
    expect(matchRule(POLICY, { kind: 'complaint', category: 'noise', priority: 'high' })?.id).toBe('noise');
    expect(matchRule(POLICY, { kind: 'complaint', category: 'parking', priority: 'high' })?.id).toBe('complaint-high');
    expect(matchRule(POLICY, { kind: 'praise' })?.id).toBe('fallback');
    expect(matchRule({ ...POLICY, rules: POLICY.rules.slice(0, 2) }, { kind: 'praise' })).toBeNull();
  });

  it('drops targets a kind has no clock for', () => {
    expect(Object.keys(resolveSlaPolicy(POLICY, { kind: 'praise' })!.targets)).toEqual([]);
    expect(resolveSlaPolicy(POLICY, { kind: 'repair' })!.targets.on_site?.stopOn).toContain('on_site');
  });

  it('validates policy sets', () => {
    expect(slaPolicySetSchema.safeParse(POLICY).success).toBe(true);
    expect(slaPolicySetSchema.safeParse(DEFAULT_SLA_POLICY).success).toBe(true);
    const dup = { ...POLICY, rules: [POLICY.rules[0], { ...POLICY.rules[0], id: 'again' }] };
    const r = slaPolicySetSchema.safeParse(dup);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('sla.duplicate_rule');
    const bad = { ...POLICY, rules: [{ kind: 'repair', targets: { resolution: { minutes: -5, calendar: 'business' } } }] };
    expect(slaPolicySetSchema.safeParse(bad).success).toBe(false);
  });
});

describe('recomputation after a policy or calendar change', () => {
  const open = [ev('2025-09-02 09:00', 'received', { ownerId: 'agentA' }), ev('2025-09-02 09:10', 'awaiting_dispatch')];
  const now = bj('2025-09-02 09:30');
  const before = computeSlaState(repair, office, open, now);
  const stored = Object.fromEntries(before.targets.map((t) => [t.target, t.deadline]));
  const order = { id: 'BX1', kind: 'repair', priority: 'normal', events: open, storedDeadlines: stored };

  it('reports nothing when nothing changed', () => {
    expect(recomputeOpenOrders(POLICY, office, [order], now)[0].changed).toEqual([]);
  });

  it('moves the resolution deadline when the target is shortened', () => {
    const shorter: SlaPolicySet = {
      ...POLICY,
      rules: POLICY.rules.map((r) => (r.id === 'repair' ? { ...r, targets: { ...r.targets, resolution: { minutes: 900, calendar: 'business' as const } } } : r)),
    };
    const [res] = recomputeOpenOrders(shorter, office, [order], now);
    expect(res.changed).toEqual(['resolution']);
    expect(fmtBj(target(res.state, 'resolution').deadline)).toBe('2025-09-04 09:00');
    expect(fmtBj(target(before, 'resolution').deadline)).toBe('2025-09-05 09:00');
  });

  it('moves only the deadlines a new day off affects', () => {
    const withDayOff = createCalendar({ ...officeConfig, holidays: [...officeConfig.holidays!, { date: '2025-09-03', kind: 'holiday', name: '停电检修' }] });
    const [res] = recomputeOpenOrders(POLICY, withDayOff, [order], now);
    expect(res.changed).toEqual(['resolution']);
    expect(fmtBj(target(res.state, 'resolution').deadline)).toBe('2025-09-08 09:00');
    expect(fmtBj(target(res.state, 'response').deadline)).toBe('2025-09-02 09:15');
  });

  it('handles orders no rule covers', () => {
    const none = { ...POLICY, rules: [] };
    const [res] = recomputeOpenOrders(none, office, [order], now);
    expect(res.policy).toBeNull();
    expect(res.changed).toEqual(['response', 'dispatch', 'on_site', 'resolution']);
  });
});

describe('clock properties over random hold/resume histories', () => {
  const policy: ResolvedSlaPolicy = {
    targets: {
      response: { minutes: 30, calendar: 'business', stopOn: ['in_progress', 'on_hold', 'completed'] },
      resolution: { minutes: 900, calendar: 'business', stopOn: ['completed'] },
      dispatch: { minutes: 2000, calendar: '24x7', stopOn: ['completed'] },
    },
    pausingHoldReasons: ['waiting_owner', 'waiting_parts'],
  };
  type Step = { gap: number; kind: 'hold' | 'resume' | 'assign' | 'complete'; reason: string; who: string };
  const step = fc.record({
    gap: fc.integer({ min: 0, max: 2000 }),
    kind: fc.constantFrom<Step['kind']>('hold', 'resume', 'assign', 'assign', 'complete'),
    reason: fc.constantFrom('waiting_owner', 'waiting_parts', 'technician_busy'),
    who: fc.constantFrom('t1', 't2', 't3'),
  });
  const start = fc.integer({ min: bj('2025-09-20 00:00') / 60_000, max: bj('2026-03-01 00:00') / 60_000 }).map((m) => m * 60_000);

  function build(t0: number, steps: Step[]): { events: SlaEvent[]; end: number } {
    const events: SlaEvent[] = [{ at: t0, to: 'received', ownerId: 'agent' }, { at: t0, to: 'in_progress' }];
    let t = t0;
    let state = 'in_progress';
    for (const s of steps) {
      t += s.gap * 60_000;
      if (state === 'completed') break;
      if (s.kind === 'hold' && state === 'in_progress') events.push({ at: t, to: (state = 'on_hold'), holdReason: s.reason });
      else if (s.kind === 'resume' && state === 'on_hold') events.push({ at: t, to: (state = 'in_progress'), holdReason: null });
      else if (s.kind === 'assign') events.push({ at: t, patch: { assigneeId: s.who } });
      else if (s.kind === 'complete') events.push({ at: t, to: (state = 'completed') });
    }
    return { events, end: t };
  }

  it('elapsed + paused = business time; attribution sums to elapsed; deadlines are consistent', () => {
    fc.assert(
      fc.property(start, fc.array(step, { maxLength: 12 }), fc.integer({ min: 0, max: 5000 }), (t0, steps, extra) => {
        const { events, end } = build(t0, steps);
        const now = end + extra * 60_000;
        const s = computeSlaState(policy, office, events, now);
        for (const t of s.targets) {
          const cal = t.calendar === '24x7' ? createCalendar({ mode: '24x7' }) : office;
          const stop = t.stoppedAt ?? now;
          expect(t.elapsedMinutes + t.pausedMinutes).toBe(businessMinutesBetween(cal, t.startedAt!, stop));
          expect(t.attribution.reduce((a, x) => a + x.minutes, 0)).toBeCloseTo(t.elapsedMinutes, 9);
          expect(t.deadline!).toBeGreaterThanOrEqual(t.startedAt!);
          expect(t.status === 'met').toBe(!t.open && t.status !== 'cancelled' && t.elapsedMinutes <= t.targetMinutes);
          if (t.open && t.elapsedMinutes < t.targetMinutes) {
            // From now (or resumed now), exactly the remaining minutes are left to the deadline.
            expect(businessMinutesBetween(cal, now, t.deadline!)).toBe(t.remainingMinutes);
          }
          if (t.pausedMinutes === 0) expect(t.deadline).toBe(addBusinessMinutes(cal, t.startedAt!, t.targetMinutes));
          else expect(t.deadline!).toBeGreaterThanOrEqual(addBusinessMinutes(cal, t.startedAt!, t.targetMinutes));
        }
        // Elapsed never decreases as time goes on.
        const later = computeSlaState(policy, office, events, now + 600 * 60_000);
        for (const t of s.targets) {
          const u = later.targets.find((x) => x.target === t.target)!;
          expect(u.elapsedMinutes).toBeGreaterThanOrEqual(t.elapsedMinutes);
        }
      }),
      { numRuns: 200 },
    );
  });
});
