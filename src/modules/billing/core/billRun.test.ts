import { describe, expect, it } from 'vitest';
import { type BillableUnit, type FeeItem, type MeterReading, type Occupancy, billLineKey, planBillRun } from './index';

const units: BillableUnit[] = [
  { id: 'A', projectId: 'P1', phaseId: 'PH1', buildingId: 'B1', kind: 'residential', areaM2: '89.57' },
  { id: 'B', projectId: 'P1', phaseId: 'PH1', buildingId: 'B1', kind: 'residential', areaM2: '120.00' },
  { id: 'C', projectId: 'P1', phaseId: 'PH1', kind: 'parking' },
  { id: 'X', projectId: 'P2', kind: 'residential', areaM2: '50' },
];

const occupancies: Occupancy[] = [
  { id: 'oA', unitId: 'A', partyId: 'owner-A', role: 'owner', start: '2020-01-01', end: null },
  { id: 'oB1', unitId: 'B', partyId: 'tenant-1', role: 'tenant', start: '2025-06-01', end: '2026-03-14' },
  { id: 'oB2', unitId: 'B', partyId: 'tenant-2', role: 'tenant', start: '2026-03-15', end: null },
  { id: 'oC', unitId: 'C', partyId: 'renter-C', start: '2026-03-10', end: null },
  { id: 'oX', unitId: 'X', partyId: 'owner-X', start: '2020-01-01', end: null },
];

const feeItems: FeeItem[] = [
  { id: 'prop', projectId: 'P1', name: '物业费', category: 'property', kind: 'area', cycle: 'monthly', unitPriceFen: 280, unitKinds: ['residential'], dueDays: 14 },
  { id: 'garb', projectId: 'P1', name: '垃圾清运费', category: 'fixed', kind: 'fixed', cycle: 'monthly', monthlyFen: 1500, unitKinds: ['residential'] },
  { id: 'park', projectId: 'P1', name: '车位租金', category: 'parking', kind: 'fixed', cycle: 'monthly', monthlyFen: 30000, unitKinds: ['parking'] },
  { id: 'water', projectId: 'P1', name: '水费', category: 'water', kind: 'metered', cycle: 'monthly', unitPriceFen: 345, unitKinds: ['residential'], dueDays: 10 },
];

const readings: MeterReading[] = [
  { id: 'rA', unitId: 'A', feeItemId: 'water', readDate: '2026-03-25', previous: 100, current: 112 },
  { id: 'rB', unitId: 'B', feeItemId: 'water', readDate: '2026-03-25', previous: '50', current: '58.5' },
];

function amounts(plan: ReturnType<typeof planBillRun>) {
  return plan.lines.map((l) => [l.unitId, l.feeItemId, l.partyId, l.amountFen]);
}

describe('planBillRun', () => {
  it('plans a month by hand-computed amounts', () => {
    const plan = planBillRun('2026-03', units, occupancies, feeItems, [], { readings });
    expect(plan.issues).toEqual([]);
    expect(amounts(plan)).toEqual([
      // A: 89.57 × 280 = 25 079.6 → 25 080; garbage 1 500; water 12 × 345 = 4 140
      ['A', 'garb', 'owner-A', 1500],
      ['A', 'prop', 'owner-A', 25080],
      ['A', 'water', 'owner-A', 4140],
      // B: 120 × 280 = 33 600/month, tenant change after the 14th of a 31-day month:
      //   tenant-1: R(33 600 × 14/31) = R(15 174.19) = 15 174; tenant-2: 33 600 − 15 174 = 18 426
      //   garbage: R(1 500 × 14/31) = R(677.42) = 677; 1 500 − 677 = 823
      //   water: 8.5 × 345 = 2 932.5 → 2 933, to the occupant on the reading date
      ['B', 'garb', 'tenant-1', 677],
      ['B', 'garb', 'tenant-2', 823],
      ['B', 'prop', 'tenant-1', 15174],
      ['B', 'prop', 'tenant-2', 18426],
      ['B', 'water', 'tenant-2', 2933],
      // C: parking from the 10th: 30 000 − R(30 000 × 9/31) = 30 000 − R(8 709.68) = 21 290
      ['C', 'park', 'renter-C', 21290],
    ]);
    const propA = plan.lines.find((l) => l.unitId === 'A' && l.feeItemId === 'prop');
    expect(propA).toMatchObject({ periodKey: '2026-03', coverStart: '2026-03-01', coverEnd: '2026-03-31', dueDate: '2026-03-15', accountMonth: '2026-03', projectId: 'P1', buildingId: 'B1' });
    const waterB = plan.lines.find((l) => l.unitId === 'B' && l.feeItemId === 'water');
    expect(waterB?.dueDate).toBe('2026-04-04');
    expect(waterB?.basis).toMatchObject({ kind: 'metered', consumption: '8.5' });
    // other projects' units are never touched by P1's items
    expect(plan.lines.some((l) => l.unitId === 'X')).toBe(false);
  });

  it('is idempotent: a second run with the first run’s keys creates nothing', () => {
    const first = planBillRun('2026-03', units, occupancies, feeItems, [], { readings });
    const keys = first.lines.map((l) => l.key);
    expect(new Set(keys).size).toBe(keys.length);
    const second = planBillRun('2026-03', units, occupancies, feeItems, keys, { readings });
    expect(second.lines).toEqual([]);
    expect(second.alreadyBilled.sort()).toEqual([...keys].sort());
    // deterministic: the same inputs give the same plan
    expect(planBillRun('2026-03', units, occupancies, feeItems, [], { readings })).toEqual(first);
  });

  it('after a partial (crashed) run, only the missing lines are planned', () => {
    const first = planBillRun('2026-03', units, occupancies, feeItems, [], { readings });
    const done = first.lines.slice(0, 4).map((l) => l.key);
    const resumed = planBillRun('2026-03', units, occupancies, feeItems, done, { readings });
    expect(resumed.lines.map((l) => l.key)).toEqual(first.lines.slice(4).map((l) => l.key));
  });

  it('a quarter run bills each month of monthly items, and the month run after it adds nothing', () => {
    const q = planBillRun('2026-Q1', units, occupancies, feeItems.filter((f) => f.id === 'prop'), []);
    const A = q.lines.filter((l) => l.unitId === 'A').map((l) => [l.periodKey, l.amountFen]);
    expect(A).toEqual([
      ['2026-01', 25080],
      ['2026-02', 25080],
      ['2026-03', 25080],
    ]);
    const m = planBillRun('2026-03', units, occupancies, feeItems.filter((f) => f.id === 'prop'), q.lines.map((l) => l.key));
    expect(m.lines).toEqual([]);
  });

  it('a quarterly item prorates a mid-quarter move-in over the months it covers', () => {
    const qItem: FeeItem = { id: 'propQ', projectId: 'P1', name: '物业费(季)', category: 'property', kind: 'area', cycle: 'quarterly', unitPriceFen: 280, unitKinds: ['residential'] };
    const occ: Occupancy[] = [{ id: 'o1', unitId: 'A', partyId: 'new-owner', start: '2026-02-15', end: null }];
    const feb = planBillRun('2026-02', [units[0]], occ, [qItem], []);
    // Feb 15–28: 25 080 − R(25 080 × 14/28) = 12 540; March full 25 080; total 37 620
    expect(feb.lines.map((l) => [l.periodKey, l.coverStart, l.coverEnd, l.amountFen])).toEqual([['2026-Q1', '2026-02-15', '2026-03-31', 37620]]);
    // the March run finds the Q1 line already billed
    const mar = planBillRun('2026-03', [units[0]], occ, [qItem], feb.lines.map((l) => l.key));
    expect(mar.lines).toEqual([]);
    expect(mar.alreadyBilled).toEqual([feb.lines[0].key]);
  });

  it('a yearly item with the prepay discount bills 12 months less 5 %', () => {
    const yItem: FeeItem = { id: 'propY', projectId: 'P1', name: '物业费(年)', category: 'property', kind: 'area', cycle: 'yearly', unitPriceFen: 280, unitKinds: ['residential'] };
    const plan = planBillRun('2026-01', [units[0]], [occupancies[0]], [yItem], [], {
      discounts: [
        { id: 'prepay', kind: 'percent', percentOff: '5', cycles: ['yearly'], unitIds: ['A'] },
        { id: 'other-unit', kind: 'fixed', amountFen: 999, unitIds: ['B'] },
      ],
    });
    // 12 × 25 080 = 300 960; 5 % = 15 048; 285 912
    expect(plan.lines.map((l) => [l.periodKey, l.grossFen, l.discountFen, l.amountFen])).toEqual([['2026', 300960, 15048, 285912]]);
    expect(plan.lines[0].discounts).toEqual([{ discountId: 'prepay', fen: 15048 }]);
  });

  it('a fee item valid only part of the period is prorated to its validity', () => {
    const item: FeeItem = { ...(feeItems[1] as FeeItem), id: 'g2', validTo: '2026-03-20' } as FeeItem;
    const plan = planBillRun('2026-03', [units[0]], [occupancies[0]], [item], []);
    // days 1–20 of 31: R(1 500 × 20/31) = R(967.74) = 968
    expect(plan.lines.map((l) => [l.coverEnd, l.amountFen])).toEqual([['2026-03-20', 968]]);
  });

  it('reports problems per unit and still bills the rest', () => {
    const badOcc: Occupancy[] = [
      ...occupancies,
      // overlaps oA
      { id: 'oA2', unitId: 'A', partyId: 'someone', start: '2026-03-10', end: '2026-03-20' },
    ];
    const badReadings: MeterReading[] = [
      { id: 'rA', unitId: 'A', feeItemId: 'water', readDate: '2026-03-25', previous: 100, current: 112 },
      { id: 'rB', unitId: 'B', feeItemId: 'water', readDate: '2026-03-25', previous: 9990, current: 20 },
      { id: 'rB2', unitId: 'B', feeItemId: 'water', readDate: '2026-03-26', previous: 9990, current: 9999 },
    ];
    const items: FeeItem[] = [...feeItems, { id: 'broken', projectId: 'P1', name: 'x', category: 'x', kind: 'area', cycle: 'monthly', unitPriceFen: 'two' }];
    const plan = planBillRun('2026-03', units, badOcc, items, [], { readings: badReadings });
    const codes = plan.issues.map((i) => [i.code, i.unitId ?? i.feeItemId]).sort();
    expect(codes).toEqual([
      ['duplicate_reading', 'B'],
      ['invalid_fee_item', 'broken'],
      ['meter_error', 'B'],
      // A's property fee and garbage fee for March: two liable parties on the same days
      ['overlapping_occupancies', 'A'],
      ['overlapping_occupancies', 'A'],
    ]);
    // nothing for A except water: on the reading date (25th) only oA is liable
    expect(plan.lines.filter((l) => l.unitId === 'A').map((l) => l.feeItemId)).toEqual(['water']);
    // B is billed property and garbage as before, but not water
    expect(plan.lines.filter((l) => l.unitId === 'B').map((l) => l.feeItemId).sort()).toEqual(['garb', 'garb', 'prop', 'prop']);
    const meter = plan.issues.find((i) => i.code === 'meter_error');
    expect(meter?.details).toMatchObject({ readingId: 'rB', error: 'METER_READING_DECREASED' });
  });

  it('keys are per (period, unit, fee item, occupancy) and cannot collide through separators', () => {
    expect(billLineKey('2026-03', 'A', 'prop', 'o1')).toBe('BL|2026-03|A|prop|o1');
    expect(billLineKey('2026-03', 'A|prop', 'x', 'o1')).not.toBe(billLineKey('2026-03', 'A', 'prop|x', 'o1'));
  });

  it('rejects a malformed period', () => {
    expect(() => planBillRun('2026-13', units, occupancies, feeItems, [])).toThrow(/period/);
  });
});
