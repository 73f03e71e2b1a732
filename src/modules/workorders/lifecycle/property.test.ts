/**
 * Random action sequences (fast-check): whatever users do, the engine never reaches a state the
 * table forbids and the invariants of first-contact ownership, reopening, payment and versions hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSlaState, createCalendar, DEFAULT_SLA_POLICY, resolveSlaPolicy } from '../../sla';
import { applyTransition, availableActions, createOrder, possibleTargets } from './engine';
import { LIFECYCLE_TABLES } from './tables';
import { actor, validInput } from './test-helpers';
import { KINDS, type Actor, type Kind, type LifecycleEvent, type LifecycleOrder, type TransitionInput } from './types';

const POOL: Actor[] = [
  actor('agent1', 'agent'),
  actor('agent2', 'agent'),
  actor('fd1', 'front_desk'),
  actor('disp1', 'dispatcher'),
  actor('tech1', 'technician'),
  actor('tech2', 'technician'),
  actor('sup1', 'supervisor'),
  actor('mgr1', 'manager'),
  actor('coll1', 'collector'),
  actor('insp1', 'inspector'),
  actor('insp2', 'inspector'),
  actor('qa1', 'qa'),
  actor('admin1', 'admin'),
  actor('res1', 'resident'),
  actor('res2', 'resident'),
  actor('sup2', 'supervisor', 'technician'),
];

interface Step {
  who: number;
  pick: number;
  /** Prefer an action the UI would offer (deep sequences) or any action at all. */
  offered: boolean;
  /** 0–6: a correctly filled form; 7–9: something wrong with it. */
  variant: number;
  minutes: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  who: fc.nat(POOL.length - 1),
  pick: fc.nat(1000),
  offered: fc.boolean(),
  variant: fc.nat(9),
  minutes: fc.integer({ min: 1, max: 600 }),
});

/** Spoil a valid input in a way some guard should notice (or that should not matter). */
function spoil(input: TransitionInput, order: LifecycleOrder, variant: number): TransitionInput {
  if (variant === 7) return { at: input.at, outcome: input.outcome, amountFen: input.amountFen };
  if (variant === 8) return { ...input, assigneeId: order.assigneeId ?? undefined, newOwnerId: order.ownerId ?? undefined, outcome: 'maybe' };
  return { ...input, expectedVersion: order.version - 1, amountFen: (input.amountFen ?? 0) + 1 };
}

const ASSIGNED_REPAIR = ['dispatched', 'accepted', 'on_site', 'in_progress', 'on_hold'];

function run(kind: Kind, creator: number, paid: boolean, steps: Step[], directed = false) {
  const table = LIFECYCLE_TABLES[kind];
  let t = Date.parse('2025-09-01T00:00:00Z');
  const iso = () => new Date(t).toISOString();
  const created = createOrder({ id: 'P1', kind, at: iso(), paid }, POOL[creator]);
  if (!created.ok) return null; // creator not allowed for this kind: nothing to test
  let order = created.next;
  const events: LifecycleEvent[] = [created.event];
  const actions = [...table.transitions.map((d) => d.action), 'bogus'];

  for (const st of steps) {
    t += st.minutes * 60_000;
    // Directed walks (for coverage) mostly skip the sideways and backward actions.
    const sideways = ['cancel', 'transfer', 'hand_back', 'redispatch', 'handover_owner', 'reopen'];
    const usable = (list: ReturnType<typeof availableActions>) =>
      directed && st.pick % 25 !== 0 ? list.filter((a) => !sideways.includes(a.action)) : list;
    // In 'offered' mode, the first user (from a random start) who has something to do acts.
    let who = POOL[st.who];
    let offered = availableActions(order, who);
    for (let i = 1; st.offered && usable(offered).length === 0 && i < POOL.length; i++) {
      who = POOL[(st.who + i) % POOL.length];
      offered = availableActions(order, who);
    }
    const choices = usable(offered);
    const action = st.offered && choices.length ? choices[st.pick % choices.length].action : actions[st.pick % actions.length];
    const def = table.transitions.find((d) => d.action === action);
    let input: TransitionInput = def ? validInput(def, order, iso(), st.pick) : { at: iso() };
    if (st.variant >= 7) input = spoil(input, order, st.variant);
    const prev = order;
    const r = applyTransition(table, order, action, input, who);

    // Only offered actions can succeed; an offered action with a good form does succeed.
    const isOffered = offered.some((a) => a.action === action);
    if (!isOffered) expect(r.ok, `${kind}: ${action} by ${who.id} in ${prev.state} was not offered`).toBe(false);
    if (isOffered && st.variant < 7) expect(r.ok ? 'ok' : r.code, `${kind}: ${action} by ${who.id} in ${prev.state}`).toBe('ok');
    if (!r.ok) continue;

    const next = r.next;
    order = next;
    events.push(r.event);

    // The table allows this edge, the new state exists, versions step by one.
    expect(def!.from).toContain(prev.state);
    expect(possibleTargets(def!)).toContain(next.state);
    expect(table.states).toContain(next.state);
    expect(next.version).toBe(prev.version + 1);
    expect(r.event).toMatchObject({ from: prev.state, to: next.state, version: next.version, actorId: who.id });

    // First-contact owner: set once (by the first member of staff), changed only by a handover.
    if (prev.ownerId !== null && next.ownerId !== prev.ownerId) expect(action).toBe('handover_owner');
    if (action === 'handover_owner') expect(who.roles.some((x) => x === 'supervisor' || x === 'manager')).toBe(true);

    // Terminal states stay terminal; closed leaves only through reopen paths.
    if (table.terminal.includes(prev.state) && next.state !== prev.state) {
      expect(prev.state).toBe('closed');
      expect(action).toBe('reopen');
    }

    // Reopening is counted and resets the duties.
    expect(next.reopenCount - prev.reopenCount).toBe(r.event.reopen ? 1 : 0);
    if (r.event.reopen) expect(next).toMatchObject({ assigneeId: null, customerInformed: false, state: 'awaiting_dispatch' });

    // Kind-specific invariants.
    if (kind === 'repair' || kind === 'complaint') {
      expect(next.state === 'on_hold').toBe(next.holdReason !== null);
      if (ASSIGNED_REPAIR.includes(next.state)) expect(next.assigneeId).not.toBeNull();
    }
    if (kind === 'repair' && prev.state === 'completed' && next.state === 'awaiting_visit')
      expect(next.paid && !next.paymentWaived && next.paidFen < next.chargeFen).toBe(false);
    if (kind === 'repair' && next.state === 'awaiting_visit' && next.paid) expect(next.paymentWaived || next.paidFen >= next.chargeFen).toBe(true);
    if (kind === 'hazard' && ['assigned', 'rectifying', 'awaiting_reinspection'].includes(next.state)) expect(next.assigneeId).not.toBeNull();
    if (kind === 'renovation') {
      expect(next.depositPaidFen).toBeLessThanOrEqual(next.depositRequiredFen);
      if (['permitted', 'working', 'violation', 'rectifying', 'awaiting_acceptance', 'accepted'].includes(next.state))
        expect(next.depositPaidFen).toBe(next.depositRequiredFen);
      if (next.state === 'deposit_refunded' || next.state === 'closed')
        expect(next.depositRefundedFen + next.depositDeductedFen).toBe(next.depositPaidFen);
    }
    if (next.state === 'closed' && (kind === 'enquiry' || kind === 'suggestion')) expect(next.customerInformed).toBe(true);
  }

  // The whole log replays to the same order: the reopen count and owner changes are all in it.
  expect(events.filter((e) => e.reopen).length).toBe(order.reopenCount);
  expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
  return { order, events, now: t };
}

describe('random action sequences', () => {
  const cal = createCalendar({ mode: '24x7' });
  for (const kind of KINDS) {
    it(`${kind}: never leaves the table, invariants hold, SLA clocks replay the log`, () => {
      fc.assert(
        fc.property(fc.nat(POOL.length - 1), fc.boolean(), fc.boolean(), fc.array(stepArb, { minLength: 1, maxLength: 40 }), (creator, paid, directed, steps) => {
          const res = run(kind, creator, paid, steps, directed);
          if (!res) return;
          const policy = resolveSlaPolicy(DEFAULT_SLA_POLICY, { kind, priority: 'normal' });
          if (!policy) return;
          const sla = computeSlaState(policy, cal, res.events, res.now);
          for (const seg of sla.segments) expect(LIFECYCLE_TABLES[kind].states).toContain(seg.state);
          for (const tgt of sla.targets) {
            expect(tgt.elapsedMinutes).toBeGreaterThanOrEqual(0);
            expect(tgt.attribution.reduce((a, x) => a + x.minutes, 0)).toBeCloseTo(tgt.elapsedMinutes, 6);
          }
          expect(sla.cycle).toBe(res.order.reopenCount);
        }),
        { numRuns: 250 },
      );
    });
  }

  for (const kind of KINDS) {
    it(`${kind}: directed random walks reach every state (the properties above mean something)`, () => {
      const reached = new Set<string>();
      fc.assert(
        fc.property(
          fc.array(stepArb.map((s) => ({ ...s, offered: true, variant: s.variant % 7 })), { minLength: 30, maxLength: 60 }),
          fc.boolean(),
          fc.nat(POOL.length - 1),
          (steps, paid, creator) => {
            const res = run(kind, creator, paid, steps, true);
            for (const e of res?.events ?? []) reached.add(e.to);
          },
        ),
        // A fixed seed: this checks coverage of the walk generator, which must not depend on luck.
        { numRuns: 300, seed: 20261124 },
      );
      expect([...reached].sort()).toEqual([...LIFECYCLE_TABLES[kind].states].sort());
    });
  }
});
