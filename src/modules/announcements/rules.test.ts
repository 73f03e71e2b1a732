import { describe, expect, it } from 'vitest';
import { compareFeed, editable, nextStatus, publishable, readPercent, visibleToResidents, windowState, windowValid } from './rules';

const now = '2026-12-06T08:00:00.000Z';

describe('announcement rules', () => {
  it('moves draft → published → withdrawn, and back to published', () => {
    expect(nextStatus('draft', 'publish')).toBe('published');
    expect(nextStatus('published', 'publish')).toBeNull();
    expect(nextStatus('draft', 'withdraw')).toBeNull();
    expect(nextStatus('published', 'withdraw')).toBe('withdrawn');
    expect(nextStatus('withdrawn', 'withdraw')).toBeNull();
    expect(nextStatus('withdrawn', 'publish')).toBe('published');
    expect(editable('withdrawn')).toBe(false);
    expect(editable('published')).toBe(true);
  });

  it('checks the window against now, with open ends', () => {
    expect(windowValid({ publishFrom: '2026-12-06T00:00:00Z', publishUntil: '2026-12-05T00:00:00Z' })).toBe(false);
    expect(windowValid({ publishFrom: '2026-12-06T00:00:00Z', publishUntil: '2026-12-06T00:00:00Z' })).toBe(false);
    expect(windowValid({ publishFrom: null, publishUntil: '2026-12-05T00:00:00Z' })).toBe(true);
    expect(windowState({ publishFrom: '2026-12-06T08:00:01Z', publishUntil: null }, now)).toBe('scheduled');
    expect(windowState({ publishFrom: '2026-12-06T08:00:00Z', publishUntil: null }, now)).toBe('live');
    expect(windowState({ publishFrom: null, publishUntil: '2026-12-06T08:00:00Z' }, now)).toBe('expired');
    expect(windowState({ publishFrom: null, publishUntil: null }, now)).toBe('live');
    expect(publishable({ publishFrom: null, publishUntil: '2026-12-01T00:00:00Z' }, now)).toBe(false);
    expect(publishable({ publishFrom: '2027-01-01T00:00:00Z', publishUntil: null }, now)).toBe(true);
  });

  it('shows residents only published announcements inside their window', () => {
    const w = { publishFrom: null, publishUntil: null };
    expect(visibleToResidents({ ...w, status: 'published' }, now)).toBe(true);
    expect(visibleToResidents({ ...w, status: 'draft' }, now)).toBe(false);
    expect(visibleToResidents({ ...w, status: 'withdrawn' }, now)).toBe(false);
    expect(visibleToResidents({ publishFrom: '2026-12-07T00:00:00Z', publishUntil: null, status: 'published' }, now)).toBe(false);
  });

  it('orders the feed pinned first, then newest', () => {
    const items = [
      { id: 'a', pinned: false, publishFrom: null, publishedAt: '2026-12-01T00:00:00Z' },
      { id: 'b', pinned: true, publishFrom: null, publishedAt: '2026-11-01T00:00:00Z' },
      { id: 'c', pinned: false, publishFrom: '2026-12-03T00:00:00Z', publishedAt: '2026-11-20T00:00:00Z' },
      { id: 'd', pinned: false, publishFrom: null, publishedAt: '2026-12-01T00:00:00Z' },
    ];
    expect([...items].sort(compareFeed).map((i) => i.id)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('computes the read rate without dividing by zero', () => {
    expect(readPercent(0, 0)).toBeNull();
    expect(readPercent(1, 3)).toBe(33);
    expect(readPercent(2, 3)).toBe(67);
    expect(readPercent(5, 4)).toBe(100);
  });
});
