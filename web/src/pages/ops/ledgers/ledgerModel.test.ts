import { describe, expect, it } from 'vitest';
import { actionsFor, bodyFromValues, shanghaiWallToIso, type FieldRule } from './ledgerModel';

describe('bodyFromValues', () => {
  const fields: FieldRule[] = [
    { name: 'visitorName', kind: 'text', required: true },
    { name: 'plate', kind: 'plate' },
    { name: 'feeFen', kind: 'money' },
    { name: 'dueBackAt', kind: 'datetime' },
    { name: 'partySize', kind: 'number' },
    { name: 'hostUnitId', kind: 'unit' },
  ];
  it('leaves blanks out, sends fen, UTC instants, upper-case plates and trimmed text', () => {
    expect(bodyFromValues(fields, { visitorName: ' 张三 ', plate: ' 沪a12345', feeFen: '5.5', dueBackAt: '2026-03-02T08:30', partySize: 2, hostUnitId: '', extra: 'ignored' })).toEqual({
      body: { visitorName: '张三', plate: '沪A12345', feeFen: 550, dueBackAt: '2026-03-02T00:30:00.000Z', partySize: 2 },
      bad: [],
    });
  });
  it('reports required blanks and unreadable values', () => {
    expect(bodyFromValues(fields, { visitorName: '  ', feeFen: '1.234', dueBackAt: 'tomorrow' }).bad).toEqual(['visitorName', 'feeFen', 'dueBackAt']);
  });
});

describe('shanghaiWallToIso', () => {
  it('reads wall-clock time in Asia/Shanghai (UTC+8, no daylight saving)', () => {
    expect(shanghaiWallToIso('2026-01-01T00:00')).toBe('2025-12-31T16:00:00.000Z');
    expect(shanghaiWallToIso('2026-07-01T12:34:56')).toBe('2026-07-01T04:34:56.000Z');
    expect(shanghaiWallToIso('2026-07-01')).toBeNull();
  });
});

describe('actionsFor', () => {
  it('offers the actions whose starting states include the row’s and whose condition holds', () => {
    type Found = { status: string; mayDispose?: boolean };
    const actions: { name: string; from: string[]; when?: (r: Found) => boolean }[] = [
      { name: 'return', from: ['found'] },
      { name: 'dispose', from: ['found'], when: (r) => r.mayDispose === true },
      { name: 'notify', from: ['received'] },
    ];
    expect(actionsFor<(typeof actions)[number], Found>(actions, { status: 'found', mayDispose: false }).map((a) => a.name)).toEqual(['return']);
    expect(actionsFor<(typeof actions)[number], Found>(actions, { status: 'found', mayDispose: true }).map((a) => a.name)).toEqual(['return', 'dispose']);
    expect(actionsFor<(typeof actions)[number], Found>(actions, { status: 'returned' })).toEqual([]);
  });
});
