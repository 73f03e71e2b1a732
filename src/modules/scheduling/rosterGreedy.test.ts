import { describe, expect, it } from 'vitest';
import { greedyRoster } from './rosterGreedy';
import { prepareRoster } from './rosterPrep';
import { checkRoster } from './rosterRules';
import { rosterProblemSchema, type RosterProblemInput } from './rosterSchemas';

describe('roster heuristic', () => {
  it('repairs a place construction left open by handing a blocking shift to someone else', () => {
    // Day 1 晚班 15–23 can go to either agent; ties go to 甲, who is then 8 h short of rest for
    // the day-2 English 早班 only 甲 can work. Repair: 乙 takes the 晚班, 甲 the 早班.
    const input: RosterProblemInput = {
      startDate: '2026-03-02',
      days: 2,
      shiftTypes: [
        { id: 'L', start: '15:00', durationMinutes: 480 },
        { id: 'E', start: '07:00', durationMinutes: 480, skills: ['en'] },
      ],
      demand: [
        { shiftTypeId: 'L', date: '2026-03-02', required: 1 },
        { shiftTypeId: 'E', date: '2026-03-03', required: 1 },
      ],
      agents: [
        { id: 'jia', name: '甲', skills: ['en'] },
        { id: 'yi', name: '乙' },
      ],
      rules: { weekendsTolerance: 9, nightsTolerance: 9 },
    };
    const p = rosterProblemSchema.parse(input);
    const r = greedyRoster(prepareRoster(p));
    expect(r.placesShort).toBe(0);
    expect(r.repairs).toBeGreaterThan(0);
    expect(r.assignments).toEqual(
      expect.arrayContaining([
        { agentId: 'yi', date: '2026-03-02', shiftTypeId: 'L' },
        { agentId: 'jia', date: '2026-03-03', shiftTypeId: 'E' },
      ]),
    );
    expect(checkRoster(p, r.assignments)).toEqual([]);
  });

  it('keeps pins, even a second one on the same day, and never fills beyond demand', () => {
    const p = rosterProblemSchema.parse({
      startDate: '2026-03-02',
      days: 3,
      shiftTypes: [
        { id: 'E', start: '07:00', durationMinutes: 480 },
        { id: 'L', start: '15:00', durationMinutes: 480 },
      ],
      demand: [{ shiftTypeId: 'E', required: 1 }],
      agents: [{ id: 'a' }, { id: 'b' }],
      pinned: [
        { agentId: 'a', date: '2026-03-02', shiftTypeId: 'E' },
        { agentId: 'a', date: '2026-03-02', shiftTypeId: 'L' },
      ],
    } satisfies RosterProblemInput);
    const r = greedyRoster(prepareRoster(p));
    expect(r.assignments.filter((x) => x.agentId === 'a' && x.date === '2026-03-02')).toHaveLength(2);
    expect(r.assignments.filter((x) => x.shiftTypeId === 'E')).toHaveLength(3);
    const hard = checkRoster(p, r.assignments).filter((v) => v.severity === 'hard');
    expect(hard.map((v) => v.rule).sort()).toEqual(['minRest', 'oneShiftPerDay']);
  });
});
