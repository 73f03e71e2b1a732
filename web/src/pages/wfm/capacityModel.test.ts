import { describe, expect, it } from 'vitest';
import { capacityPlanSchema } from '../../../../src/modules/scheduling/capacitySchemas';
import type { CapacityResult } from '../../wfmApi';
import { capacityInputFromForm, capacitySeries, exampleCapacityForm, parseCurve } from './capacityModel';

describe('capacity form', () => {
  it('turns the worked example into the plan of docs/scheduling.md, accepted by the plan schema', () => {
    const r = capacityInputFromForm(exampleCapacityForm('2026-07'));
    if (!('input' in r)) throw new Error(r.problems.join(','));
    expect(r.input).toMatchObject({
      startMonth: '2026-07',
      requiredFte: [50, 52, 55, 58, 58, 56],
      staff: { headcount: 52, monthlyAttrition: 0.03, salaryFenPerMonth: 696000 },
      hiring: { leadTimeMonths: 1, trainingWeeks: 4, ramp: [0.5, 0.75], recruitingCostFen: 200000, trainingCostFen: 300000, maxPerMonth: 10 },
      overtime: { premium: 1.5, maxHoursPerAgentPerWeek: 9, maxHoursPerAgentPerMonth: 36 },
      temps: { costFenPerMonth: 1000000, productivity: 0.8, maxAgents: 10 },
      endHeadcountAtLeast: 56,
      serviceLevel: { target: 0.8 },
    });
    const parsed = capacityPlanSchema.safeParse(r.input);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('names the fields it cannot read', () => {
    const r = capacityInputFromForm({ ...exampleCapacityForm('2026-7'), requiredFte: '50, x', salaryYuan: '-1', curve: '1:80', ramp: '120' });
    expect(r).toEqual({ problems: ['startMonth', 'requiredFte', 'salaryYuan', 'ramp', 'curve'] });
  });
});

describe('parseCurve', () => {
  it('reads ratio:percent pairs that rise', () => {
    expect(parseCurve('0.9:68, 1:80；1.1=88%')).toEqual([
      { staffingRatio: 0.9, serviceLevel: 0.68 },
      { staffingRatio: 1, serviceLevel: 0.8 },
      { staffingRatio: 1.1, serviceLevel: 0.88 },
    ]);
    expect(parseCurve('1:80, 0.9:70')).toBeNull();
    expect(parseCurve('0.9:80, 1:70')).toBeNull();
    expect(parseCurve('0.9:80')).toBeNull();
  });
});

describe('capacitySeries', () => {
  it('aligns every option on the plan’s months', () => {
    const month = (m: string, totalFen: number, serviceLevel: number) => ({ month: m, serviceLevel, costs: { totalFen } });
    const r = { months: ['2026-07', '2026-08'], options: [{ option: 'mix', months: [month('2026-07', 100, 0.8), month('2026-08', 200, 0.9)] }, { option: 'temps', months: [month('2026-08', 50, 0.5)] }] } as unknown as CapacityResult;
    expect(capacitySeries(r)).toEqual([
      { option: 'mix', costFen: [100, 200], serviceLevel: [0.8, 0.9] },
      { option: 'temps', costFen: [null, 50], serviceLevel: [null, 0.5] },
    ]);
  });
});
