/**
 * The technician's outbox: actions go to the server at once when they can, and otherwise wait in
 * IndexedDB and are sent when the phone is back online (the `online` event, a retry timer with
 * back-off, or the 立即同步 button). See queueLogic.ts for the rules.
 */
import { useSyncExternalStore } from 'react';
import { ApiError, http } from '../api';
import { dismiss, EMPTY_QUEUE, enqueue, isTransient, newKey, nextDue, nextWake, outcomeOf, settle, type QueueItem, type QueueState } from './queueLogic';
import { kvDelete, kvGet, kvSet } from './store';

export type NewAction = Pick<QueueItem, 'kind' | 'orderId' | 'orderNumber' | 'name' | 'body'> & { key?: string };
export type PerformResult<T> = { queued: true; key: string } | { queued: false; key: string; result: T };

const enc = encodeURIComponent;
let state: QueueState = EMPTY_QUEUE;
let userId: string | null = null;
let syncing = false;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function set(next: QueueState) {
  state = next;
  listeners.forEach((l) => l());
  if (userId) void kvSet(`queue.${userId}`, next).catch(() => undefined);
  schedule();
}

function schedule() {
  clearTimeout(timer);
  const at = nextWake(state);
  if (at !== undefined) timer = setTimeout(() => void syncNow(), Math.max(500, at - Date.now()));
}

/** The request an item stands for; the key makes a repeat harmless. */
async function send(item: QueueItem): Promise<unknown> {
  const id = enc(item.orderId);
  switch (item.kind) {
    case 'step':
      return http.post(`/api/fieldwork/orders/${id}/steps/${enc(item.name)}`, { ...item.body, key: item.key });
    case 'material':
      return http.post(`/api/orders/${id}/materials`, { ...item.body, key: item.key });
    case 'materialDelete':
      return http.del(`/api/orders/${id}/materials/${enc(String(item.body.materialId))}`).catch((e) => {
        if (e instanceof SyntaxError) return null; // 204 has no body
        throw e;
      });
    case 'photo': {
      const blob = await kvGet<Blob>(`blob.${item.key}`);
      if (!blob) throw new ApiError(400, 'client.photo_lost', '');
      const fd = new FormData();
      fd.append('file', blob, String(item.body.fileName ?? 'photo.jpg'));
      return http.post(`/api/fieldwork/orders/${id}/photos?phase=${enc(item.name)}&key=${enc(item.key)}`, fd);
    }
  }
}

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'network', e instanceof Error ? e.message : String(e)));

export const fieldQueue = {
  /** Load the signed-in technician's queue and start syncing it. */
  async init(forUser: string) {
    if (userId === forUser) return;
    userId = forUser;
    state = (await kvGet<QueueState>(`queue.${forUser}`).catch(() => undefined)) ?? EMPTY_QUEUE;
    listeners.forEach((l) => l());
    schedule();
    if (navigator.onLine && state.items.length) void syncNow(true);
  },

  /**
   * Do an action now, or queue it when there is no connection (or the request fails on the
   * network). A refusal by the server is thrown to the caller, who shows it at once.
   */
  async perform<T>(action: NewAction, photo?: Blob): Promise<PerformResult<T>> {
    const item: QueueItem = { ...action, key: action.key ?? newKey(), createdAt: Date.now(), attempts: 0, nextAt: Date.now() };
    if (photo) await kvSet(`blob.${item.key}`, photo);
    // Behind queued items of the same order: it must wait its turn.
    const waiting = state.items.some((i) => i.orderId === item.orderId);
    if (navigator.onLine && !waiting) {
      try {
        const result = (await send(item)) as T;
        if (photo) void kvDelete(`blob.${item.key}`);
        return { queued: false, key: item.key, result };
      } catch (e) {
        const err = asApiError(e);
        if (!isTransient(err)) {
          if (photo) void kvDelete(`blob.${item.key}`);
          throw err;
        }
        set(enqueue(state, { ...item, attempts: 1, nextAt: Date.now() + 2000, lastError: err.message }));
        return { queued: true, key: item.key };
      }
    }
    set(enqueue(state, item));
    return { queued: true, key: item.key };
  },

  syncNow: () => syncNow(true),
  dismiss: (key: string) => set(dismiss(state, key)),
  subscribe(fn: () => void) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  get state() {
    return state;
  },
  get syncing() {
    return syncing;
  },
};

/** Send what is due, one item at a time; stop at the first network failure (the rest would fail too). */
async function syncNow(force = false): Promise<void> {
  // Without a connection every attempt would fail and only push the back-off further out.
  if (syncing || !userId || !navigator.onLine) return;
  syncing = true;
  listeners.forEach((l) => l());
  try {
    let first = force;
    for (;;) {
      const item = nextDue(state, Date.now(), first);
      if (!item) break;
      first = false;
      let outcome;
      try {
        await send(item);
        outcome = outcomeOf(null);
      } catch (e) {
        outcome = outcomeOf(asApiError(e));
      }
      if (outcome.type !== 'retry' && item.kind === 'photo') void kvDelete(`blob.${item.key}`);
      set(settle(state, item.key, outcome, Date.now()));
      if (outcome.type === 'retry') break;
      window.dispatchEvent(new CustomEvent('shouwen:synced', { detail: { orderId: item.orderId } }));
    }
  } finally {
    syncing = false;
    listeners.forEach((l) => l());
  }
}

if (typeof window !== 'undefined') window.addEventListener('online', () => void syncNow(true));

/** The queue and whether it is syncing, for React. */
export function useFieldQueue(): { state: QueueState; syncing: boolean } {
  const s = useSyncExternalStore(fieldQueue.subscribe, () => state);
  const busy = useSyncExternalStore(fieldQueue.subscribe, () => syncing);
  return { state: s, syncing: busy };
}
