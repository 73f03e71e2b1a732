import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DUNNING_LADDER as L, type DunningInput, type StepApproval, addDays, ladderSchedule, nextDayOfMonth, nextDunningStep } from './index';

const base = (over: Partial<DunningInput>): DunningInput => ({ asOf: '2026-04-02', monthsInArrears: 2, overdueFen: 50000, enteredOn: '2026-04-02', history: [], ...over });
const taken = (...xs: [string, string][]) => xs.map(([code, takenOn]) => ({ code, takenOn }));
const manager = (on: string, status: 'approved' | 'rejected' = 'approved'): StepApproval => ({ stepCode: 'measures', status, decidedBy: 'mgr', approverRole: 'manager', decidedOn: on });

describe('dunning ladder schedule', () => {
  it('entering on 2 April: 5th, 10th, 15th, 20th of April', () => {
    expect(ladderSchedule(L, '2026-04-02').map((s) => s.scheduledOn)).toEqual(['2026-04-05', '2026-04-10', '2026-04-15', '2026-04-20']);
  });

  it('entering on 12 April waits for May so the ladder is not compressed', () => {
    expect(ladderSchedule(L, '2026-04-12').map((s) => s.scheduledOn)).toEqual(['2026-05-05', '2026-05-10', '2026-05-15', '2026-05-20']);
  });

  it('day 31 falls on the last day of a short month', () => {
    expect(nextDayOfMonth('2026-04-02', 31)).toBe('2026-04-30');
    expect(nextDayOfMonth('2026-02-01', 31)).toBe('2026-02-28');
    expect(nextDayOfMonth('2026-12-06', 5)).toBe('2027-01-05');
  });
});

describe('nextDunningStep', () => {
  it('walks the ladder on its dates', () => {
    expect(nextDunningStep(L, base({ asOf: '2026-04-03' }))).toMatchObject({ status: 'waiting', step: { code: 'reminder_1' }, dueOn: '2026-04-05' });
    expect(nextDunningStep(L, base({ asOf: '2026-04-05' }))).toMatchObject({ status: 'due', step: { code: 'reminder_1', action: 'reminder' }, daysLate: 0 });
    const h1 = taken(['reminder_1', '2026-04-05']);
    expect(nextDunningStep(L, base({ asOf: '2026-04-07', history: h1 }))).toMatchObject({ status: 'waiting', step: { code: 'reminder_2' }, dueOn: '2026-04-10' });
    expect(nextDunningStep(L, base({ asOf: '2026-04-10', history: h1 }))).toMatchObject({ status: 'due', step: { code: 'reminder_2' } });
    const h2 = taken(['reminder_1', '2026-04-05'], ['reminder_2', '2026-04-10']);
    expect(nextDunningStep(L, base({ asOf: '2026-04-15', history: h2 }))).toMatchObject({ status: 'due', step: { code: 'notice_letter', action: 'notice_letter' } });
    const h4 = taken(['reminder_1', '2026-04-05'], ['reminder_2', '2026-04-10'], ['notice_letter', '2026-04-15'], ['measures', '2026-04-21']);
    expect(nextDunningStep(L, base({ asOf: '2026-05-01', history: h4 }))).toEqual({ status: 'completed' });
  });

  it('a step missed is reported due with how late it is; steps are never skipped', () => {
    // nothing done by the 12th: reminder 1 is due (7 days late), not reminder 2
    expect(nextDunningStep(L, base({ asOf: '2026-04-12' }))).toMatchObject({ status: 'due', step: { code: 'reminder_1' }, dueOn: '2026-04-05', daysLate: 7 });
    // reminder 1 taken late on the 12th: reminder 2 (scheduled the 10th) is due the next day, not the same day
    const h = taken(['reminder_1', '2026-04-12']);
    expect(nextDunningStep(L, base({ asOf: '2026-04-12', history: h }))).toMatchObject({ status: 'waiting', step: { code: 'reminder_2' }, dueOn: '2026-04-13' });
    expect(nextDunningStep(L, base({ asOf: '2026-04-13', history: h }))).toMatchObject({ status: 'due', step: { code: 'reminder_2' } });
  });

  it('measures need a manager’s approval given in this episode', () => {
    const h3 = taken(['reminder_1', '2026-04-05'], ['reminder_2', '2026-04-10'], ['notice_letter', '2026-04-15']);
    const at20 = (approvals: StepApproval[]) => nextDunningStep(L, base({ asOf: '2026-04-20', history: h3, approvals }));
    expect(nextDunningStep(L, base({ asOf: '2026-04-18', history: h3 }))).toMatchObject({ status: 'waiting', step: { code: 'measures' }, dueOn: '2026-04-20' });
    expect(at20([])).toMatchObject({ status: 'awaiting_approval', step: { code: 'measures' }, dueOn: '2026-04-20' });
    // a collector's approval does not count
    expect(at20([{ ...manager('2026-04-18'), approverRole: 'collector' }])).toMatchObject({ status: 'awaiting_approval' });
    // an approval from a previous episode does not count
    expect(at20([manager('2026-01-18')])).toMatchObject({ status: 'awaiting_approval' });
    // an approval dated after asOf does not count yet
    expect(at20([manager('2026-04-21')])).toMatchObject({ status: 'awaiting_approval' });
    expect(at20([manager('2026-04-18')])).toMatchObject({ status: 'due', step: { code: 'measures', action: 'measures' } });
    expect(at20([manager('2026-04-18', 'rejected')])).toMatchObject({ status: 'approval_rejected' });
    // the latest decision wins
    expect(at20([manager('2026-04-17', 'rejected'), manager('2026-04-19')])).toMatchObject({ status: 'due' });
  });

  it('leaves the ladder when arrears drop below the entry threshold', () => {
    expect(nextDunningStep(L, base({ asOf: '2026-04-05', monthsInArrears: 1 }))).toEqual({ status: 'not_in_ladder' });
    expect(nextDunningStep(L, base({ asOf: '2026-04-05', overdueFen: 0 }))).toEqual({ status: 'not_in_ladder' });
  });

  it('rejects inconsistent histories', () => {
    expect(() => nextDunningStep(L, base({ asOf: '2026-04-20', history: taken(['reminder_2', '2026-04-10']) }))).toThrow(/out of order/);
    expect(() => nextDunningStep(L, base({ asOf: '2026-04-20', history: taken(['reminder_1', '2026-03-01']) }))).toThrow(/out of order/);
    expect(() => nextDunningStep(L, base({ asOf: '2026-04-01' }))).toThrow(/after asOf/);
  });

  it('property: a step that needs approval is never due without an allowed approval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.record({ role: fc.constantFrom('manager', 'collector', 'supervisor'), status: fc.constantFrom<'approved' | 'rejected'>('approved', 'rejected'), offset: fc.integer({ min: -30, max: 150 }) }), { maxLength: 4 }),
        (lateness, entryOffset, raw) => {
          const enteredOn = addDays('2026-01-01', entryOffset);
          const sched = ladderSchedule(L, enteredOn);
          const history = sched.slice(0, 3).map((s) => ({ code: s.code, takenOn: s.scheduledOn }));
          const asOf = addDays(sched[3].scheduledOn, lateness - 10);
          const approvals: StepApproval[] = raw.map((a) => ({ stepCode: 'measures', status: a.status, decidedBy: 'x', approverRole: a.role, decidedOn: addDays(enteredOn, a.offset) }));
          const d = nextDunningStep(L, { asOf, monthsInArrears: 3, overdueFen: 1, enteredOn, history, approvals });
          if (d.status === 'due') {
            const valid = approvals.filter((a) => a.approverRole === 'manager' && a.decidedOn >= enteredOn && a.decidedOn <= asOf);
            const last = valid.sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : a.decidedOn > b.decidedOn ? 1 : 0)).at(-1);
            expect(last?.status).toBe('approved');
            expect(asOf >= sched[3].scheduledOn).toBe(true);
          }
          if (asOf < sched[3].scheduledOn) expect(d.status).toBe('waiting');
        },
      ),
      { numRuns: 300 },
    );
  });
});
