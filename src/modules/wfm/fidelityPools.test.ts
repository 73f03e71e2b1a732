import { describe, expect, it } from 'vitest';
import { measuresAt } from './fidelity';
import { callTypePools, mainTypeOf, pooledServiceLevel, splitPresence, sumTalk, talkByInterval, type AgentTalk } from './fidelityPools';
import { presenceByAgent, type ServiceSpan } from './presence';

const talk = (o: Record<string, Record<string, number>>): AgentTalk => new Map(Object.entries(o).map(([a, t]) => [a, new Map(Object.entries(t))]));
const poolsOf = (m: Map<string, string>) => [...new Set(m.values())].sort();

describe('call-type pools from who served what', () => {
  // Three generalists mostly on PS; one NE specialist carrying 60 % of NE; TT is nobody's main type.
  const month = talk({
    g1: { PS: 800, NE: 100, TT: 50 },
    g2: { PS: 900, NE: 100 },
    g3: { PS: 700, NW: 300 },
    eli: { NE: 300, PS: 20 },
  });

  it('finds an agent\'s main type, ties by name', () => {
    expect(mainTypeOf(new Map([['PS', 5], ['NE', 9]]))).toBe('NE');
    expect(mainTypeOf(new Map([['PS', 5], ['NE', 5]]))).toBe('NE');
    expect(mainTypeOf(new Map())).toBeUndefined();
  });

  it('groups types by rule', () => {
    expect(poolsOf(callTypePools(month, 'pooled'))).toEqual(['NE+NW+PS+TT']);
    expect(poolsOf(callTypePools(month, 'per-type'))).toEqual(['NE', 'NW', 'PS', 'TT']);
    // NE's specialist carries 300 of its 500 s: NE is a desk of its own; NW and TT join PS, whose agents carry them.
    expect(callTypePools(month, 'desks').get('NE')).toBe('NE');
    expect(callTypePools(month, 'desks').get('TT')).toBe('NW+PS+TT');
    // When generalists carry most of NE, the desks rule pools it; the specialists rule still splits it.
    const weak = talk({ ...Object.fromEntries([...month].map(([a, t]) => [a, Object.fromEntries(t)])), eli: { NE: 150 } });
    expect(poolsOf(callTypePools(weak, 'desks'))).toEqual(['NE+NW+PS+TT']);
    expect(poolsOf(callTypePools(weak, 'specialists'))).toEqual(['NE', 'NW+PS+TT']);
  });

  it('splits each present agent over the pools by talk share, falling back to the month', () => {
    const poolOf = callTypePools(month, 'desks');
    const hour = talk({ g1: { PS: 1200, NE: 600 }, eli: { NE: 1800 } });
    const present = new Map([['g1', 1], ['eli', 0.5], ['g3', 0.25], ['ghost', 1]]);
    const split = splitPresence(present, poolOf, hour, month);
    expect(split.get('NE')).toBeCloseTo(1 / 3 + 0.5, 12);
    // g3 had no talk in the hour: split by its month (PS 700, NW 300) — all in the PS pool.
    expect(split.get('NW+PS+TT')).toBeCloseTo(2 / 3 + 0.25, 12);
    // An agent with no talk anywhere is not assigned; the total is conserved otherwise.
    expect([...split.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1.75, 12);
  });

  it('weights each pool\'s service level by its offered calls', () => {
    const sl = { thresholdSeconds: 20, definition: 'offered' as const };
    const o = { intervalSeconds: 3600, sl, pooledPatienceSeconds: 120, patiencePrior: 5, fallbackAhtSeconds: 200 };
    const ps = { offered: 90, answered: 80, abandoned: 10, talkSeconds: 80 * 180, waitAllSeconds: 1200, agents: 5.5 };
    const ne = { offered: 30, answered: 30, abandoned: 0, talkSeconds: 0, waitAllSeconds: 0, agents: 1 };
    const r = pooledServiceLevel([ps, ne, { ...ne, offered: 0 }], o);
    // PS: AHT 180, patience (1200 + 5·120)/(10 + 5) = 120; NE: no talk → fallback AHT 200, patience = pooled.
    const a1 = measuresAt({ calls: 90, intervalSeconds: 3600, ahtSeconds: 180, patienceSeconds: 120 }, 5.5, sl).serviceLevel;
    const a2 = measuresAt({ calls: 30, intervalSeconds: 3600, ahtSeconds: 200, patienceSeconds: 120 }, 1, sl).serviceLevel;
    expect(r.offered).toBe(120);
    expect(r.erlangA).toBeCloseTo((90 * a1 + 30 * a2) / 120, 12);
    // One agent cannot carry 30 calls of 200 s (1.67 erlangs): Erlang C gives that pool nothing.
    const c1 = measuresAt({ calls: 90, intervalSeconds: 3600, ahtSeconds: 180 }, 5.5, sl).serviceLevel;
    expect(r.erlangC).toBeCloseTo((90 * c1) / 120, 12);
    // Splitting agents into two pools serves fewer calls than pooling them (the pooling effect).
    const pooled = pooledServiceLevel([{ offered: 120, answered: 110, abandoned: 10, talkSeconds: 80 * 180 + 30 * 200, waitAllSeconds: 1200, agents: 6.5 }], o);
    expect(pooled.erlangA).toBeGreaterThan(r.erlangA);
    expect(pooledServiceLevel([], o).erlangA).toBeNaN();
  });

  it('counts talk and presence per agent and hour from spans', () => {
    const s = (agent: string, from: number, to: number): ServiceSpan => ({ agent, startMs: from * 60_000, endMs: to * 60_000 });
    // a: PS 10:50–11:10, NE 11:20–11:30; b: NE 10:00–10:05.
    const byType = new Map([['PS', [s('a', 650, 670)]], ['NE', [s('a', 680, 690), s('b', 600, 605)]]]);
    const t = talkByInterval(byType, 60);
    expect(t.get(10)!.get('a')!.get('PS')).toBe(600);
    expect(t.get(11)!.get('a')).toEqual(new Map([['PS', 600], ['NE', 600]]));
    expect(sumTalk(t, (k) => k >= 11).get('b')).toBeUndefined();
    expect(sumTalk(t, () => true).get('a')).toEqual(new Map([['PS', 1200], ['NE', 600]]));
    // a's calls 10 min apart join under a 15-min threshold: 10:50–11:30.
    const p = presenceByAgent([...byType.values()].flat(), { intervalMinutes: 60, idleThresholdSeconds: 900 });
    expect(p.get(10)!.get('a')).toBeCloseTo(10 / 60, 12);
    expect(p.get(11)!.get('a')).toBeCloseTo(30 / 60, 12);
    expect(p.get(10)!.get('b')).toBeCloseTo(5 / 60, 12);
  });
});
