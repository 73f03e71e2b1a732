import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Technician } from '../orders/api';
import { rankTechnicians } from './rank';

const tech = (name: string, skills: string[], onDuty: boolean, openOrders: number): Technician => ({ id: name, name, skills, onDuty, openOrders, lastAssignedAt: null, projectIds: 'all' });

describe('rankTechnicians', () => {
  it('puts on-duty technicians with the skill first, least loaded first', () => {
    const r = rankTechnicians([tech('a', ['门窗'], true, 1), tech('b', ['水电'], true, 9), tech('c', ['水电'], true, 3), tech('d', ['水电'], false, 0)], '水电');
    expect(r.map((x) => x.tech.name)).toEqual(['c', 'b', 'a', 'd']);
    expect(r.map((x) => x.matches)).toEqual([true, true, false, true]);
  });
  it('with no skill needed, everyone matches and load decides among those on duty', () => {
    const r = rankTechnicians([tech('a', [], true, 5), tech('b', [], false, 0), tech('c', [], true, 2)], null);
    expect(r.map((x) => x.tech.name)).toEqual(['c', 'a', 'b']);
  });
  it('is a permutation whose first entry is never worse than any other', () => {
    const arb = fc.array(fc.record({ name: fc.string({ minLength: 1, maxLength: 4 }), skill: fc.constantFrom('x', 'y'), onDuty: fc.boolean(), open: fc.nat(20) }), { maxLength: 8 });
    fc.assert(
      fc.property(arb, fc.constantFrom('x', 'y', null), (rows, skill) => {
        const ts = rows.map((r, i) => tech(`${r.name}${i}`, [r.skill], r.onDuty, r.open));
        const out = rankTechnicians(ts, skill);
        expect(out.map((x) => x.tech.id).sort()).toEqual(ts.map((x) => x.id).sort());
        if (!out.length) return;
        const good = (x: { tech: Technician; matches: boolean }) => x.matches && x.tech.onDuty;
        if (out.some(good)) expect(good(out[0])).toBe(true);
      }),
    );
  });
});
