/**
 * Demo call history (演示话务数据): per-call records of a residential estate's service desk —
 * ≈ 70 calls a day on the 客服热线 and ≈ 20 on the 报修专线, peaks 9–11 and 14–16, quieter
 * weekends — answered by a small shared pool of agents on 早/中/夜 shifts who also serve
 * walk-ins (so callers sometimes wait and a few hang up: answer rate ≈ 96 %). Pure and
 * deterministic for a given seed and `now`.
 */
import type { CallRecord } from './types';
import { addDays, dayNumber, localDateOf, localNaiveToUtcMs } from './timezone';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Relative call volume per local hour (0–23): morning peak 9–11, afternoon peak 14–16. */
export const HOURLY_SHAPE = [0.35, 0.2, 0.12, 0.1, 0.1, 0.2, 0.6, 1.8, 4.2, 7.6, 7.8, 5.6, 3.4, 4.2, 7.0, 7.4, 5.6, 4.4, 3.0, 2.4, 1.8, 1.3, 0.8, 0.5];
/** Weekday factors, Sunday first: Monday busiest, weekends quieter. */
export const WEEKDAY_FACTOR = [0.68, 1.18, 1.06, 1.02, 1.0, 1.04, 0.74];

export interface DemoQueueSpec {
  name: string;
  /** Mean calls per day over a week. */
  callsPerDay: number;
  /** Key prefix of the generated call ids. */
  code: string;
}

export interface DemoHistoryOptions {
  now: number;
  days: number;
  timeZone: string;
  /** Agent names (at least five: two early, one middle, one night shift and one day off, rotating). */
  agents: string[];
  queues: DemoQueueSpec[];
  seed?: number;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    let t = (s += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const poisson = (mean: number) => {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= next();
    } while (p > l);
    return k - 1;
  };
  return { next, normal, poisson, exp: (mean: number) => -mean * Math.log(1 - next()), uniform: (a: number, b: number) => a + (b - a) * next() };
}

interface Shift {
  agent: string;
  from: number;
  to: number;
}

/**
 * Shifts of a local day (UTC ms), rotating over five agents so that whoever worked the night
 * has the next day off: 早班 07:30–16:00 and 09:00–17:30, 中班 11:30–20:00, 夜班 19:30–07:30.
 */
function shiftsOf(date: string, agents: readonly string[], zone: string): Shift[] {
  const d = dayNumber(date);
  const at = (day: number, h: number) => localNaiveToUtcMs(day * DAY + h * HOUR, zone);
  const n = agents.length;
  // Slot k of day `day` (0 early, 1 early, 2 middle, 3 night, 4 off) goes to agent (k − day) mod n.
  const who = (k: number, day: number) => agents[(((k - day) % n) + n) % n];
  return [
    { agent: who(0, d), from: at(d, 7.5), to: at(d, 16) },
    { agent: who(1, d), from: at(d, 9), to: at(d, 17.5) },
    { agent: who(2, d), from: at(d, 11.5), to: at(d, 20) },
    { agent: who(3, d), from: at(d, 19.5), to: at(d + 1, 7.5) },
    { agent: who(3, d - 1), from: at(d - 1, 19.5), to: at(d, 7.5) },
  ];
}

/** Per-call records of every demo queue for the `days` local days up to `now` (today partly). */
export function generateDemoCalls(o: DemoHistoryOptions): Map<string, CallRecord[]> {
  if (o.agents.length < 5) throw new RangeError('the demo desk needs at least five agents');
  const r = rng(o.seed ?? 20_260_301);
  const today = localDateOf(o.now, o.timeZone);
  const first = addDays(today, -(o.days - 1));
  const shapeSum = HOURLY_SHAPE.reduce((s, x) => s + x, 0);
  const weekMean = WEEKDAY_FACTOR.reduce((s, x) => s + x, 0) / 7;
  const out = new Map<string, CallRecord[]>(o.queues.map((q) => [q.name, []]));
  const freeAt = new Map<string, number>(o.agents.map((a) => [a, 0]));
  let line = 0;
  for (let date = first; date <= today; date = addDays(date, 1)) {
    const dn = dayNumber(date);
    const wd = (((dn + 4) % 7) + 7) % 7;
    const dayFactor = Math.max(0.6, 1 + 0.08 * r.normal());
    const arrivals: { at: number; queue: DemoQueueSpec }[] = [];
    for (const q of o.queues) {
      const mean = (q.callsPerDay * WEEKDAY_FACTOR[wd] * dayFactor) / weekMean;
      for (let h = 0; h < 24; h++) {
        const n = r.poisson((mean * HOURLY_SHAPE[h]) / shapeSum);
        const hourStart = localNaiveToUtcMs(dn * DAY + h * HOUR, o.timeZone);
        for (let i = 0; i < n; i++) arrivals.push({ at: hourStart + Math.floor(r.next() * HOUR / 1000) * 1000, queue: q });
      }
    }
    arrivals.sort((x, y) => x.at - y.at);
    const shifts = shiftsOf(date, o.agents, o.timeZone);
    let seq = 0;
    for (const { at, queue } of arrivals) {
      if (at > o.now) continue;
      seq++;
      // Walk-ins and paperwork keep desk agents away from the phone now and then.
      const onShift = shifts.filter((s) => at >= s.from && at < s.to);
      const pool = onShift.length ? onShift : shifts.slice(-1);
      let best = pool[0].agent;
      let bestFree = Infinity;
      for (const s of pool) {
        const f = Math.max(freeAt.get(s.agent)!, at);
        if (f < bestFree) [best, bestFree] = [s.agent, f];
      }
      const ring = r.uniform(3, 12);
      const startMs = bestFree + ring * 1000;
      const wait = Math.round((startMs - at) / 1000);
      const patience = 8 + r.exp(240);
      const rec: CallRecord = {
        line: ++line, queue: queue.name, arrivalAt: new Date(at).toISOString(), offered: true, answered: false, abandoned: false,
        waitSeconds: wait, talkSeconds: 0, callId: `demo-${queue.code}-${date}-${String(seq).padStart(4, '0')}`,
      };
      if (wait > patience) {
        rec.abandoned = true;
        rec.waitSeconds = Math.round(patience);
      } else {
        const talk = Math.max(20, Math.round(150 * Math.exp(0.6 * r.normal())));
        const start = at + wait * 1000;
        rec.answered = true;
        rec.talkSeconds = talk;
        rec.agent = best;
        rec.serviceStartAt = new Date(start).toISOString();
        rec.serviceEndAt = new Date(start + talk * 1000).toISOString();
        let free = start + talk * 1000 + r.uniform(10, 40) * 1000;
        // A walk-in at the desk after the call (mostly in office hours).
        const hour = (((at - localNaiveToUtcMs(dn * DAY, o.timeZone)) / HOUR) % 24 + 24) % 24;
        if (r.next() < (hour >= 8 && hour < 18 ? 0.08 : 0.02)) free += r.uniform(2, 6) * 60_000;
        freeAt.set(best, free);
      }
      out.get(queue.name)!.push(rec);
    }
  }
  return out;
}
