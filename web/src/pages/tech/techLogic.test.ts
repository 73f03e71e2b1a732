import { describe, expect, it } from 'vitest';
import { groupJobs, mapLink, sectionOf, stepsFor, telLink } from './techLogic';

describe('one primary step per state', () => {
  it('follows the repair lifecycle', () => {
    expect(stepsFor('dispatched')).toEqual({ primary: 'accept', secondary: [] });
    expect(stepsFor('accepted').primary).toBe('start');
    expect(stepsFor('on_site').primary).toBe('start');
    // Working: completing is the highlighted step, pausing the secondary one (issue 11).
    expect(stepsFor('in_progress')).toEqual({ primary: 'complete', secondary: ['hold'] });
    expect(stepsFor('on_hold')).toEqual({ primary: 'resume', secondary: [] });
    for (const s of ['completed', 'awaiting_visit', 'closed', 'cancelled']) expect(stepsFor(s).primary).toBeNull();
  });
});

describe("today's jobs", () => {
  const job = (id: string, state: string, completedAt: string | null = null, appointmentAt: string | null = null) => ({ id, state, completedAt, appointmentAt, createdAt: `2026-12-0${id.length}T01:00:00Z` });
  const today = '2026-12-07';
  it('keeps paused and finished apart, and finished only when finished today in Shanghai', () => {
    expect(sectionOf(job('a', 'on_hold'), today)).toBe('paused');
    // 2026-12-06T17:00Z is 01:00 on the 7th in Shanghai.
    expect(sectionOf(job('b', 'awaiting_visit', '2026-12-06T17:00:00Z'), today)).toBe('doneToday');
    expect(sectionOf(job('c', 'completed', '2026-12-06T15:00:00Z'), today)).toBeNull();
    expect(sectionOf(job('d', 'cancelled'), today)).toBeNull();
  });
  it('groups each job once, appointments first', () => {
    const g = groupJobs([job('x', 'dispatched'), job('yy', 'in_progress'), job('zzz', 'in_progress', null, '2026-12-07T02:00:00Z'), job('x', 'dispatched'), job('w', 'on_hold'), job('v', 'closed', '2026-12-07T03:00:00Z')], today);
    expect(g.toAccept.map((j) => j.id)).toEqual(['x']);
    expect(g.working.map((j) => j.id)).toEqual(['zzz', 'yy']);
    expect(g.paused.map((j) => j.id)).toEqual(['w']);
    expect(g.doneToday.map((j) => j.id)).toEqual(['v']);
  });
});

describe('links', () => {
  it('dials only a real number', () => {
    expect(telLink('138 1234 5678')).toBe('tel:13812345678');
    expect(telLink('021-62345678 转 801')).toBe('tel:02162345678');
    expect(telLink('138****5678')).toBeNull();
    expect(telLink(null)).toBeNull();
  });
  it('searches the address on a map', () => {
    expect(mapLink('阳光花园 1-1201')).toBe('https://uri.amap.com/search?keyword=%E9%98%B3%E5%85%89%E8%8A%B1%E5%9B%AD%201-1201');
  });
});
