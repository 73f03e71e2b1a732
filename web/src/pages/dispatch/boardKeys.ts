/**
 * Keyboard flow of the dispatch board (派单看板), as a pure reducer so it is tested without a
 * browser: j/k or ↓/↑ move between cards (down a column, then on to the next), h/l or ←/→ jump
 * to the neighbouring column, Enter opens the focused order, d starts dispatching it (the page
 * then focuses the technician list), 1–9 give it to the n-th suggested technician, Esc closes
 * whatever is open, / goes to the search box and ? shows the shortcut help.
 */

export interface BoardKeyState {
  /** The card with the keyboard focus (an order id), or none yet. */
  focusedId: string | null;
  /** The shortcut help is open. */
  help: boolean;
}

export interface BoardKeyContext {
  /** Order ids on screen, column by column, in the order shown. */
  columns: readonly (readonly string[])[];
  /** The order being dispatched (picked by click or `d`), if any. */
  selectedId: string | null;
  /** How many technicians are listed, in the order the number keys pick them. */
  techCount: number;
}

export type BoardKeyEffect =
  | { type: 'open'; id: string }
  | { type: 'dispatch'; id: string }
  | { type: 'assign'; orderId: string; index: number }
  | { type: 'deselect' }
  | { type: 'search' };

export interface BoardKeyResult {
  state: BoardKeyState;
  effect: BoardKeyEffect | null;
  /** The key meant something here: the page stops the browser's own handling of it. */
  handled: boolean;
}

export const INITIAL_BOARD_KEYS: BoardKeyState = { focusedId: null, help: false };

/** The shortcuts as the help lists them: keys shown, then the catalogue key of what they do. */
export const BOARD_SHORTCUTS: readonly { keys: readonly string[]; action: 'move' | 'column' | 'open' | 'dispatch' | 'pick' | 'close' | 'search' | 'help' }[] = [
  { keys: ['J', 'K', '↓', '↑'], action: 'move' },
  { keys: ['H', 'L', '←', '→'], action: 'column' },
  { keys: ['Enter'], action: 'open' },
  { keys: ['D'], action: 'dispatch' },
  { keys: ['1–9'], action: 'pick' },
  { keys: ['Esc'], action: 'close' },
  { keys: ['/'], action: 'search' },
  { keys: ['?'], action: 'help' },
];

const same = (state: BoardKeyState): BoardKeyResult => ({ state, effect: null, handled: false });
const done = (state: BoardKeyState, effect: BoardKeyEffect | null = null): BoardKeyResult => ({ state, effect, handled: true });

/** Where the id sits: column and row, or null when it is no longer on screen. */
function locate(columns: BoardKeyContext['columns'], id: string | null): { col: number; row: number } | null {
  if (!id) return null;
  for (let col = 0; col < columns.length; col++) {
    const row = columns[col].indexOf(id);
    if (row >= 0) return { col, row };
  }
  return null;
}

export function boardKey(state: BoardKeyState, key: string, ctx: BoardKeyContext): BoardKeyResult {
  if (state.help) {
    // The help is a dialog: only closing it means anything while it is open.
    return key === 'Escape' || key === '?' ? done({ ...state, help: false }) : same(state);
  }
  const flat = ctx.columns.flat();
  const at = locate(ctx.columns, state.focusedId);
  const focus = (id: string | undefined) => (id ? done({ ...state, focusedId: id }) : done(state));

  switch (key) {
    case '?':
      return done({ ...state, help: true });
    case '/':
      return done(state, { type: 'search' });
    case 'j':
    case 'ArrowDown':
    case 'k':
    case 'ArrowUp': {
      if (!flat.length) return done(state);
      const down = key === 'j' || key === 'ArrowDown';
      // Nothing focused yet (or the card left the board on a refresh): start at the top.
      if (!at) return focus(flat[0]);
      const i = flat.indexOf(state.focusedId!);
      return focus(flat[Math.min(flat.length - 1, Math.max(0, i + (down ? 1 : -1)))]);
    }
    case 'h':
    case 'ArrowLeft':
    case 'l':
    case 'ArrowRight': {
      if (!flat.length) return done(state);
      const step = key === 'l' || key === 'ArrowRight' ? 1 : -1;
      const from = at?.col ?? (step > 0 ? -1 : ctx.columns.length);
      // Skip empty columns; keep the row where the next column is long enough.
      for (let c = from + step; c >= 0 && c < ctx.columns.length; c += step) {
        const col = ctx.columns[c];
        if (col.length) return focus(col[Math.min(at?.row ?? 0, col.length - 1)]);
      }
      return done(state);
    }
    case 'Enter':
      return at ? done(state, { type: 'open', id: state.focusedId! }) : same(state);
    case 'd':
      return at ? done(state, { type: 'dispatch', id: state.focusedId! }) : same(state);
    case 'Escape':
      if (ctx.selectedId) return done(state, { type: 'deselect' });
      return state.focusedId ? done({ ...state, focusedId: null }) : same(state);
    default:
      if (/^[1-9]$/.test(key) && ctx.selectedId) {
        const index = Number(key) - 1;
        return index < ctx.techCount ? done(state, { type: 'assign', orderId: ctx.selectedId, index }) : done(state);
      }
      return same(state);
  }
}

/** Keys typed into a field (search box, select, the cap reason) are text, not shortcuts. */
export function isTypingTarget(el: EventTarget | null): boolean {
  if (!el || typeof (el as HTMLElement).tagName !== 'string') return false;
  const h = el as HTMLElement;
  return h.tagName === 'INPUT' || h.tagName === 'TEXTAREA' || h.tagName === 'SELECT' || h.isContentEditable;
}
