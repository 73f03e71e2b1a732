import { describe, expect, it } from 'vitest';
import { assignActionFor, BOARD_KINDS } from './board';

describe('how the board gives an order to someone (assignActionFor)', () => {
  it('dispatches repairs, complaints and enquiries, and assigns hazards for rectification', () => {
    expect(assignActionFor('repair', 'awaiting_dispatch', false)).toBe('dispatch');
    expect(assignActionFor('complaint', 'awaiting_dispatch', false)).toBe('dispatch');
    expect(assignActionFor('hazard', 'reported', false)).toBe('assign');
  });
  it('re-dispatches a repair someone has, but transfers a complaint (it has no 改派) and reassigns a hazard', () => {
    expect(assignActionFor('repair', 'dispatched', true)).toBe('redispatch');
    expect(assignActionFor('complaint', 'dispatched', true)).toBe('transfer');
    expect(assignActionFor('hazard', 'rectifying', true)).toBe('reassign');
  });
  it('offers nothing for a renovation application, and leaves renovations off the board', () => {
    for (const state of ['applied', 'approved', 'working']) {
      expect(assignActionFor('renovation', state, false)).toBeNull();
      expect(assignActionFor('renovation', state, true)).toBeNull();
    }
    expect(BOARD_KINDS).not.toContain('renovation');
    expect(BOARD_KINDS).toEqual(expect.arrayContaining(['repair', 'complaint', 'hazard']));
  });
  it('offers nothing from a finished state', () => {
    expect(assignActionFor('repair', 'closed', true)).toBeNull();
    expect(assignActionFor('repair', 'closed', false)).toBeNull();
  });
});
