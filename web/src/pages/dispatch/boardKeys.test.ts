import { describe, expect, it } from 'vitest';
import { boardKey, INITIAL_BOARD_KEYS, isTypingTarget, type BoardKeyContext, type BoardKeyState } from './boardKeys';

const ctx = (over: Partial<BoardKeyContext> = {}): BoardKeyContext => ({ columns: [['a1', 'a2', 'a3'], [], ['c1'], ['d1', 'd2']], selectedId: null, techCount: 3, ...over });
/** Press keys in turn, collecting the effects. */
function press(keys: string[], c = ctx(), start: BoardKeyState = INITIAL_BOARD_KEYS) {
  let state = start;
  const effects: unknown[] = [];
  for (const k of keys) {
    const r = boardKey(state, k, c);
    state = r.state;
    if (r.effect) effects.push(r.effect);
  }
  return { state, effects };
}

describe('dispatch board keyboard flow', () => {
  it('starts at the first card and walks down the columns with j / ↓ and back with k / ↑', () => {
    expect(press(['j']).state.focusedId).toBe('a1');
    expect(press(['ArrowDown', 'j', 'j']).state.focusedId).toBe('a3');
    // Past the end of a column it goes on to the next non-empty one.
    expect(press(['j', 'j', 'j', 'j']).state.focusedId).toBe('c1');
    expect(press(['j', 'j', 'j', 'j', 'k', 'ArrowUp']).state.focusedId).toBe('a2');
    // Stops at both ends instead of wrapping.
    expect(press(Array(20).fill('j')).state.focusedId).toBe('d2');
    expect(press(['j', 'k', 'k']).state.focusedId).toBe('a1');
  });

  it('jumps between columns with h / l / ← / →, skipping empty ones and keeping the row where it can', () => {
    expect(press(['j', 'j', 'l']).state.focusedId).toBe('c1');
    expect(press(['j', 'j', 'l', 'ArrowRight']).state.focusedId).toBe('d1');
    expect(press(['l', 'l', 'j', 'h']).state.focusedId).toBe('c1');
    expect(press(['ArrowLeft']).state.focusedId).toBe('d1');
  });

  it('opens the focused order on Enter and does nothing without a focus', () => {
    expect(press(['j', 'j', 'Enter']).effects).toEqual([{ type: 'open', id: 'a2' }]);
    const r = boardKey(INITIAL_BOARD_KEYS, 'Enter', ctx());
    expect(r.handled).toBe(false);
    expect(r.effect).toBeNull();
  });

  it('starts dispatching the focused card with d, and 1–9 pick the n-th technician of the order being dispatched', () => {
    expect(press(['j', 'd']).effects).toEqual([{ type: 'dispatch', id: 'a1' }]);
    const dispatching = ctx({ selectedId: 'a1' });
    expect(press(['2'], dispatching).effects).toEqual([{ type: 'assign', orderId: 'a1', index: 1 }]);
    // Beyond the listed technicians: swallowed, nothing assigned.
    const r = boardKey(INITIAL_BOARD_KEYS, '9', dispatching);
    expect(r).toMatchObject({ effect: null, handled: true });
    // Without an order being dispatched the digits are left alone.
    expect(boardKey(INITIAL_BOARD_KEYS, '1', ctx()).handled).toBe(false);
    expect(boardKey(INITIAL_BOARD_KEYS, '0', dispatching).handled).toBe(false);
  });

  it('closes with Esc: the help first, then the dispatch, then the focus', () => {
    const withHelp = press(['j', '?']).state;
    expect(withHelp.help).toBe(true);
    // While the help is open other keys do nothing.
    expect(boardKey(withHelp, 'j', ctx())).toMatchObject({ state: withHelp, handled: false });
    const closed = boardKey(withHelp, 'Escape', ctx({ selectedId: 'a1' }));
    expect(closed.state.help).toBe(false);
    expect(closed.effect).toBeNull();
    expect(boardKey(closed.state, 'Escape', ctx({ selectedId: 'a1' })).effect).toEqual({ type: 'deselect' });
    expect(boardKey(closed.state, 'Escape', ctx()).state.focusedId).toBeNull();
    expect(boardKey(INITIAL_BOARD_KEYS, 'Escape', ctx()).handled).toBe(false);
    expect(boardKey(withHelp, '?', ctx()).state.help).toBe(false);
  });

  it('sends / to the search box and recovers when the focused card leaves the board', () => {
    expect(press(['/']).effects).toEqual([{ type: 'search' }]);
    const gone: BoardKeyState = { focusedId: 'zz', help: false };
    expect(boardKey(gone, 'j', ctx()).state.focusedId).toBe('a1');
    expect(boardKey(gone, 'Enter', ctx()).effect).toBeNull();
    expect(boardKey(INITIAL_BOARD_KEYS, 'j', ctx({ columns: [[], []] }))).toMatchObject({ state: INITIAL_BOARD_KEYS, handled: true });
  });

  it('leaves other keys to the browser', () => {
    for (const k of ['x', 'Tab', ' ', 'Shift']) expect(boardKey({ focusedId: 'a1', help: false }, k, ctx()).handled).toBe(false);
  });

  it('treats text fields as typing, not shortcuts', () => {
    expect(isTypingTarget({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: false } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
