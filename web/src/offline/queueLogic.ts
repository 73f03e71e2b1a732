/**
 * The technician's offline queue as plain data and pure functions (tested without a browser).
 *
 * An action taken without a connection (or whose request failed on the network) waits here with
 * the idempotency key it was first sent with; the server applies a key once, so sending it again
 * after a lost answer is safe. Items of one order run in the order they were taken.
 */

export type QueueKind = 'step' | 'material' | 'materialDelete' | 'photo';

export interface QueueItem {
  /** The idempotency key, also the item's id. */
  key: string;
  kind: QueueKind;
  orderId: string;
  orderNumber: string;
  /** step: accept | start | hold | resume | complete; photo: before | after | other. */
  name: string;
  /** JSON body of the request (without the key, added when sent). */
  body: Record<string, unknown>;
  /** A photo's bytes are kept apart (IndexedDB) under this id. */
  blobId?: string;
  createdAt: number;
  attempts: number;
  /** Not before this time (ms since epoch): the back-off after a failed attempt. */
  nextAt: number;
  lastError?: string;
}

/** An item the server refused: shown until the technician dismisses it. */
export interface Conflict {
  key: string;
  orderId: string;
  orderNumber: string;
  kind: QueueKind;
  name: string;
  status: number;
  code: string;
  message: string;
  at: number;
}

export interface QueueState {
  items: QueueItem[];
  conflicts: Conflict[];
}

export const EMPTY_QUEUE: QueueState = { items: [], conflicts: [] };

/** What to do with an item after an attempt to send it. */
export type Outcome = { type: 'done' } | { type: 'retry'; error: string } | { type: 'conflict'; status: number; code: string; message: string };

/**
 * Network failures, server errors, timeouts and an expired session are worth retrying (the
 * action is still wanted); any other refusal (409 the order moved on, 403, 404, 400) will not
 * change by sending again, so the item leaves the queue and is reported as a conflict.
 */
export function outcomeOf(err: { status?: number; code?: string; message?: string } | null): Outcome {
  if (!err) return { type: 'done' };
  const status = err.status ?? 0;
  if (status === 0 || status >= 500 || status === 408 || status === 429 || status === 401) return { type: 'retry', error: err.message ?? err.code ?? 'network' };
  return { type: 'conflict', status, code: err.code ?? `http.${status}`, message: err.message ?? '' };
}

/** Whether an error means "not sent" (queue it) rather than "refused" (show it). */
export function isTransient(err: { status?: number }): boolean {
  return outcomeOf({ status: err.status ?? 0 }).type === 'retry';
}

/** Seconds between retries: 2, 4, 8 … up to a minute. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000, 2000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Add an item. A step queued behind another step of the same order drops its expected version:
 * the version it saw will have moved by the time the earlier step is applied, and the earlier
 * step already carries the check against changes made by others.
 */
export function enqueue(state: QueueState, item: QueueItem): QueueState {
  if (state.items.some((i) => i.key === item.key)) return state;
  const behind = item.kind === 'step' && state.items.some((i) => i.kind === 'step' && i.orderId === item.orderId);
  const body = behind ? Object.fromEntries(Object.entries(item.body).filter(([k]) => k !== 'expectedVersion')) : item.body;
  return { ...state, items: [...state.items, { ...item, body }] };
}

/**
 * The next item to send: the first one that is due. An order's items go one after another, so
 * when an order's first item is waiting out its back-off the order's later items wait too.
 */
export function nextDue(state: QueueState, now: number, force = false): QueueItem | undefined {
  const blocked = new Set<string>();
  for (const i of state.items) {
    if (blocked.has(i.orderId)) continue;
    if (force || i.nextAt <= now) return i;
    blocked.add(i.orderId);
  }
  return undefined;
}

/** The queue after an attempt on one item. */
export function settle(state: QueueState, key: string, outcome: Outcome, now: number): QueueState {
  const item = state.items.find((i) => i.key === key);
  if (!item) return state;
  const rest = state.items.filter((i) => i.key !== key);
  switch (outcome.type) {
    case 'done':
      return { ...state, items: rest };
    case 'retry': {
      const attempts = item.attempts + 1;
      return { ...state, items: state.items.map((i) => (i.key === key ? { ...i, attempts, nextAt: now + backoffMs(attempts), lastError: outcome.error } : i)) };
    }
    case 'conflict': {
      const c: Conflict = { key, orderId: item.orderId, orderNumber: item.orderNumber, kind: item.kind, name: item.name, status: outcome.status, code: outcome.code, message: outcome.message, at: now };
      // A refused step makes the order's later queued steps meaningless (they assumed it went through).
      const stale = item.kind === 'step' ? rest.filter((i) => i.orderId === item.orderId && i.kind === 'step') : [];
      const dropped: Conflict[] = stale.map((i) => ({ ...c, key: i.key, kind: i.kind, name: i.name }));
      return { items: rest.filter((i) => !stale.includes(i)), conflicts: [...state.conflicts, c, ...dropped] };
    }
  }
}

export function dismiss(state: QueueState, key: string): QueueState {
  return { ...state, conflicts: state.conflicts.filter((c) => c.key !== key) };
}

/** The earliest time an item is due, for the retry timer (undefined: nothing waits). */
export function nextWake(state: QueueState): number | undefined {
  return state.items.length ? Math.min(...state.items.map((i) => i.nextAt)) : undefined;
}

/** A fresh idempotency key (URL-safe, 8–64 characters as the server expects). */
export function newKey(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID().replace(/-/g, '');
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
