/**
 * Multi-skill pooling for the fidelity report. One M/M/n+M per hour over all call types assumes
 * every present agent can take every call; where some agents work mostly one type (a specialist
 * desk), that overstates pooling. Here call types are grouped into pools from what the data
 * records (the type and the agent of each answered call), each hour's presence is split over the
 * pools by each agent's share of talk time, each pool is evaluated on its own, and the hour's
 * service level is the pools' weighted by offered calls.
 */
import { measuresAt } from './fidelity';
import type { ServiceSpan } from './presence';
import type { SlSpec } from './types';

/** Talk seconds by agent, then by call type. */
export type AgentTalk = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * How call types are grouped into pools:
 * - `pooled`: one pool of all types (the report's model);
 * - `desks`: each type joins the pool of its host — the main type (largest share of talk) of the
 *   agents who carry most of its talk time; a type is a pool of its own only when agents whose
 *   main type it is carry more of it than any other group of agents;
 * - `specialists`: a type is its own pool as soon as one agent has it as main type; other types
 *   join their host's pool;
 * - `per-type`: every type alone.
 */
export type PoolRule = 'pooled' | 'desks' | 'specialists' | 'per-type';
export const POOL_RULES: readonly PoolRule[] = ['pooled', 'desks', 'specialists', 'per-type'];

/** The type with the most talk time (ties by name, so the result does not depend on map order). */
export function mainTypeOf(talk: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let most = 0;
  for (const [t, s] of [...talk].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (s > most) {
      best = t;
      most = s;
    }
  }
  return best;
}

/** Pool of each call type: the pool key is its member types, sorted and joined by `+`. */
export function callTypePools(agentTalk: AgentTalk, rule: PoolRule): Map<string, string> {
  const types = [...new Set([...agentTalk.values()].flatMap((m) => [...m.keys()]))].sort();
  const parent = new Map(types.map((t) => [t, t]));
  const find = (t: string): string => {
    let r = t;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra > rb ? ra : rb, ra > rb ? rb : ra);
  };
  if (rule === 'pooled') for (const t of types) union(types[0], t);
  else if (rule !== 'per-type') {
    // Talk of each type carried by the agents of each main type.
    const mains = new Set<string>();
    const byMain = new Map<string, Map<string, number>>();
    for (const talk of agentTalk.values()) {
      const main = mainTypeOf(talk);
      if (main === undefined) continue;
      mains.add(main);
      for (const [t, s] of talk) {
        let m = byMain.get(t);
        if (!m) byMain.set(t, (m = new Map()));
        m.set(main, (m.get(main) ?? 0) + s);
      }
    }
    for (const t of types) {
      const host = mainTypeOf(byMain.get(t) ?? new Map()) ?? t;
      if (rule === 'desks' || !mains.has(t)) union(t, host);
    }
  }
  const members = new Map<string, string[]>();
  for (const t of types) {
    const r = find(t);
    members.set(r, [...(members.get(r) ?? []), t]);
  }
  return new Map(types.map((t) => [t, members.get(find(t))!.join('+')]));
}

/**
 * Splits the agents present in one interval over the pools by each agent's share of talk time:
 * in that interval when the agent talked in it, else `fallback` (e.g. the month); an agent with
 * no talk in either is left out. Returns agents (fractional) per pool.
 */
export function splitPresence(present: ReadonlyMap<string, number>, poolOf: ReadonlyMap<string, string>, inInterval: AgentTalk | undefined, fallback?: AgentTalk): Map<string, number> {
  const out = new Map<string, number>();
  for (const [agent, n] of present) {
    const talk = [inInterval?.get(agent), fallback?.get(agent)].find((m) => m && [...m.values()].some((s) => s > 0));
    if (!talk) continue;
    const total = [...talk.values()].reduce((a, b) => a + b, 0);
    for (const [t, s] of talk) {
      const pool = poolOf.get(t) ?? t;
      out.set(pool, (out.get(pool) ?? 0) + (n * s) / total);
    }
  }
  return out;
}

/** One pool's traffic and agents over one interval. */
export interface PoolLoad {
  offered: number;
  answered: number;
  abandoned: number;
  /** Σ talk of answered calls (s). */
  talkSeconds: number;
  /** Σ queue time of all offered calls (s), the patience exposure. */
  waitAllSeconds: number;
  agents: number;
}

export interface PooledMeasuresOptions {
  intervalSeconds: number;
  sl: SlSpec;
  /** Pooled patience (s) each pool's estimate is shrunk toward, with `patiencePrior` pseudo-abandonments. */
  pooledPatienceSeconds: number;
  patiencePrior: number;
  /** AHT (s) for a pool without answered talk in the interval (e.g. the interval's over all types). */
  fallbackAhtSeconds: number;
}

/** Erlang C and Erlang A service level of an interval evaluated pool by pool, weighted by offered calls. */
export function pooledServiceLevel(pools: readonly PoolLoad[], o: PooledMeasuresOptions): { erlangC: number; erlangA: number; offered: number } {
  let c = 0;
  let a = 0;
  let offered = 0;
  for (const p of pools) {
    if (p.offered <= 0) continue;
    const aht = p.answered > 0 && p.talkSeconds > 0 ? p.talkSeconds / p.answered : o.fallbackAhtSeconds;
    const k = o.patiencePrior;
    const patience = p.abandoned + k > 0 ? (p.waitAllSeconds + k * o.pooledPatienceSeconds) / (p.abandoned + k) : o.pooledPatienceSeconds;
    const agents = Math.max(0, p.agents);
    const load = { calls: p.offered, intervalSeconds: o.intervalSeconds, ahtSeconds: aht };
    c += p.offered * measuresAt(load, agents, o.sl).serviceLevel;
    a += p.offered * measuresAt({ ...load, patienceSeconds: patience }, agents, o.sl).serviceLevel;
    offered += p.offered;
  }
  return { erlangC: offered ? c / offered : NaN, erlangA: offered ? a / offered : NaN, offered };
}

/** Talk seconds per interval slot, agent and call type, from service spans keyed by type (overlap with each slot). */
export function talkByInterval(spansByType: ReadonlyMap<string, readonly ServiceSpan[]>, intervalMinutes: number): Map<number, Map<string, Map<string, number>>> {
  const intervalMs = intervalMinutes * 60_000;
  const out = new Map<number, Map<string, Map<string, number>>>();
  for (const [type, spans] of spansByType) {
    for (const s of spans) {
      const end = Math.max(s.startMs, s.endMs);
      for (let i = Math.floor(s.startMs / intervalMs); i * intervalMs < end; i++) {
        const lo = Math.max(s.startMs, i * intervalMs);
        const hi = Math.min(end, (i + 1) * intervalMs);
        if (hi <= lo) continue;
        let slot = out.get(i);
        if (!slot) out.set(i, (slot = new Map()));
        let a = slot.get(s.agent);
        if (!a) slot.set(s.agent, (a = new Map()));
        a.set(type, (a.get(type) ?? 0) + (hi - lo) / 1000);
      }
    }
  }
  return out;
}

/** Sums per-slot talk over the slots `keep` accepts (e.g. one month's). */
export function sumTalk(bySlot: ReadonlyMap<number, AgentTalk>, keep: (slot: number) => boolean): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [slot, agents] of bySlot) {
    if (!keep(slot)) continue;
    for (const [agent, talk] of agents) {
      let a = out.get(agent);
      if (!a) out.set(agent, (a = new Map()));
      for (const [t, s] of talk) a.set(t, (a.get(t) ?? 0) + s);
    }
  }
  return out;
}
