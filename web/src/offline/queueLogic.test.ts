import { describe, expect, it } from 'vitest';
import { backoffMs, dismiss, EMPTY_QUEUE, enqueue, nextDue, nextWake, outcomeOf, settle, type QueueItem } from './queueLogic';

const item = (key: string, orderId: string, kind: QueueItem['kind'] = 'step', body: Record<string, unknown> = { expectedVersion: 3 }): QueueItem => ({ key, kind, orderId, orderNumber: `BX-${orderId}`, name: 'complete', body, createdAt: 0, attempts: 0, nextAt: 0 });

describe('what a failed send means', () => {
  it('retries network failures, server errors and an expired session; reports refusals', () => {
    for (const status of [0, 500, 503, 408, 429, 401]) expect(outcomeOf({ status }).type, String(status)).toBe('retry');
    for (const status of [400, 403, 404, 409, 415]) expect(outcomeOf({ status, code: 'x', message: 'm' }).type, String(status)).toBe('conflict');
    expect(outcomeOf(null)).toEqual({ type: 'done' });
  });
  it('backs off 2, 4, 8 … seconds up to a minute', () => {
    expect([1, 2, 3, 10].map(backoffMs)).toEqual([2000, 4000, 8000, 60_000]);
  });
});

describe('the queue', () => {
  it('adds each key once; a step behind another step of the order drops its version', () => {
    let s = enqueue(EMPTY_QUEUE, item('k1', 'o1'));
    s = enqueue(s, item('k1', 'o1'));
    expect(s.items).toHaveLength(1);
    s = enqueue(s, item('k2', 'o1'));
    s = enqueue(s, item('k3', 'o2'));
    expect(s.items.map((i) => i.body.expectedVersion)).toEqual([3, undefined, 3]);
  });
  it('runs an order in order: a waiting item holds back the order, not the others', () => {
    let s = enqueue(enqueue(enqueue(EMPTY_QUEUE, item('a', 'o1')), item('b', 'o1', 'material')), item('c', 'o2'));
    s = settle(s, 'a', { type: 'retry', error: 'network' }, 1000);
    expect(s.items[0].attempts).toBe(1);
    expect(s.items[0].nextAt).toBe(3000);
    expect(nextDue(s, 1500)?.key).toBe('c');
    expect(nextDue(s, 3000)?.key).toBe('a');
    expect(nextDue(s, 1500, true)?.key).toBe('a');
    expect(nextWake(s)).toBe(0);
    s = settle(s, 'a', { type: 'done' }, 3000);
    expect(s.items.map((i) => i.key)).toEqual(['b', 'c']);
  });
  it('a refused step leaves as a conflict, with the later steps of its order; materials stay', () => {
    let s = enqueue(enqueue(enqueue(enqueue(EMPTY_QUEUE, item('a', 'o1')), item('m', 'o1', 'material', { name: '角阀' })), item('b', 'o1')), item('c', 'o2'));
    s = settle(s, 'a', { type: 'conflict', status: 409, code: 'lifecycle.version_conflict', message: '工单已被他人修改' }, 5);
    expect(s.items.map((i) => i.key)).toEqual(['m', 'c']);
    expect(s.conflicts.map((c) => [c.key, c.orderNumber, c.status])).toEqual([['a', 'BX-o1', 409], ['b', 'BX-o1', 409]]);
    s = dismiss(s, 'a');
    expect(s.conflicts.map((c) => c.key)).toEqual(['b']);
    expect(nextWake(EMPTY_QUEUE)).toBeUndefined();
  });
});
