/**
 * Roster builder, heuristic strategy: construct day by day, then repair unfilled places with
 * moves. Every step keeps all hard rules (the same loosening for pins as the MILP), so the result
 * is a valid roster whatever the time budget; it seeds the MILP and stands alone when the MILP is
 * too large to solve in time (a month for 150 agents).
 *
 * Construction: for each day, shift types in order of scarcity (eligible agents ÷ places), pick
 * the best-scoring agents that can take the shift without breaking a rule. The score balances
 * load against capacity, fair shares of nights and weekends, contracted minimum hours and wishes.
 * Repair: for each unfilled place, first any agent who can take it now; otherwise an agent whose
 * one blocking shift can be handed to someone else (an ejection chain of length one).
 * Balance: hand nights and weekend shifts from agents above their fair share to agents below it.
 */
import type { RosterPrep } from './rosterPrep';
import type { RosterAssignment } from './rosterSchemas';

export interface GreedyOptions {
  /** Wall-clock budget for the repair phase (construction always completes). */
  timeBudgetMs?: number;
}

export interface GreedyResult {
  assignments: RosterAssignment[];
  /** Unfilled places after repair. */
  placesShort: number;
  repairs: number;
  /** Shifts handed over to even out nights and weekends. */
  balanced: number;
}

export function greedyRoster(prep: RosterPrep, opts: GreedyOptions = {}): GreedyResult {
  const { p, D, S, required, kinds, paid, weekend, blockOf, blocks, agents, clash, reach } = prep;
  const A = p.agents.length;
  const K = p.rules.maxConsecutiveWorkDays;
  const deadline = performance.now() + (opts.timeBudgetMs ?? 3000);

  const work: Int16Array[] = agents.map(() => new Int16Array(D).fill(-1));
  const extraPins: { a: number; d: number; s: number }[] = [];
  const blockMinutes = agents.map(() => new Array(blocks.length).fill(0));
  const blockDays = agents.map(() => new Array(blocks.length).fill(0));
  const totalMinutes = new Array(A).fill(0);
  const nights = new Array(A).fill(0);
  const weekends = new Array(A).fill(0);
  const filled = required.map((r) => r.map(() => 0));

  const place = (a: number, d: number, s: number) => {
    work[a][d] = s;
    const b = blockOf[d];
    blockMinutes[a][b] += paid[s];
    if (!agents[a].leave[d]) blockDays[a][b]++;
    totalMinutes[a] += paid[s];
    if (kinds[s] === 'night') nights[a]++;
    if (weekend[d]) weekends[a]++;
    filled[d][s]++;
  };
  const unplace = (a: number, d: number) => {
    const s = work[a][d];
    work[a][d] = -1;
    const b = blockOf[d];
    blockMinutes[a][b] -= paid[s];
    if (!agents[a].leave[d]) blockDays[a][b]--;
    totalMinutes[a] -= paid[s];
    if (kinds[s] === 'night') nights[a]--;
    if (weekend[d]) weekends[a]--;
    filled[d][s]--;
    return s;
  };

  // Pins first; a second pin on one day is kept aside (the checker reports it).
  agents.forEach((ag, a) => {
    ag.pins.forEach((ss, d) =>
      ss.forEach((s, i) => {
        if (i === 0) place(a, d, s);
        else extraPins.push({ a, d, s });
      }),
    );
  });

  const canTake = (a: number, d: number, s: number): boolean => {
    const ag = agents[a];
    // Soft bans stay out of the heuristic roster too: it keeps every rule, hard or soft.
    if (!ag.eligible[d][s] || ag.banned[d][s] || work[a][d] !== -1) return false;
    for (let d2 = Math.max(0, d - reach); d2 <= Math.min(D - 1, d + reach); d2++) {
      const s2 = work[a][d2];
      if (d2 !== d && s2 !== -1 && clash(d, s, d2, s2)) return false;
    }
    const b = blockOf[d];
    if (blockMinutes[a][b] + paid[s] > ag.maxMinutes[b]) return false;
    if (blockDays[a][b] + 1 > ag.maxWorkDays[b]) return false;
    let worked = 0;
    for (let x = blocks[b].first; x <= blocks[b].last; x++) if (work[a][x] !== -1) worked++;
    if (worked + 1 > ag.maxWorkDaysRule[b]) return false;
    if (ag.pairHard[b]) {
      let pair = false;
      for (let x = blocks[b].first; x < blocks[b].last && !pair; x++) {
        pair = x !== d && x + 1 !== d && !ag.leave[x] && !ag.leave[x + 1] && work[a][x] === -1 && work[a][x + 1] === -1;
      }
      if (!pair) return false;
    }
    let back = 0;
    let x = d - 1;
    while (x >= 0 && work[a][x] !== -1) {
      back++;
      x--;
    }
    if (x < 0) back += ag.historyStreak;
    let fwd = 0;
    for (x = d + 1; x < D && work[a][x] !== -1; x++) fwd++;
    return back + 1 + fwd <= K;
  };

  // Capacity in minutes over the horizon, for load balancing.
  const avgPaid = paid.reduce((s, v) => s + v, 0) / Math.max(1, S);
  const capacity = agents.map((ag) =>
    Math.max(1, blocks.reduce((s, _, b) => s + Math.min(ag.maxMinutes[b], ag.maxWorkDays[b] * avgPaid), 0)),
  );
  const nightTotal = required.reduce((s, r) => s + r.reduce((t, v, i) => t + (kinds[i] === 'night' ? v : 0), 0), 0);
  const weekendTotal = required.reduce((s, r, d) => s + (weekend[d] ? r.reduce((t, v) => t + v, 0) : 0), 0);
  const nightW = prep.nightPool.reduce((s, a) => s + prep.nightWeight[a], 0) || 1;
  const weekendW = prep.weekendWeight.reduce((s, v) => s + v, 0) || 1;
  const inNightPool = new Set(prep.nightPool);

  // Share of all night / weekend places that falls on days up to and including d: fairness is
  // judged against the share an agent should have reached by then, not by the month's end.
  const nightsUpTo: number[] = [];
  const weekendsUpTo: number[] = [];
  for (let d = 0, n = 0, w = 0; d < D; d++) {
    n += required[d].reduce((t, v, i) => t + (kinds[i] === 'night' ? v : 0), 0);
    if (weekend[d]) w += required[d].reduce((t, v) => t + v, 0);
    nightsUpTo.push(nightTotal ? n / nightTotal : 0);
    weekendsUpTo.push(weekendTotal ? w / weekendTotal : 0);
  }

  const score = (a: number, d: number, s: number): number => {
    const agent = p.agents[a];
    const ag = agents[a];
    let v = totalMinutes[a] / capacity[a];
    if (kinds[s] === 'night' && inNightPool.has(a)) {
      const target = (nightTotal * prep.nightWeight[a]) / nightW;
      v += (nights[a] + 1 - target * nightsUpTo[d]) / Math.max(1, target);
      if (d > 0 && work[a][d - 1] !== -1 && kinds[work[a][d - 1]] === 'night') v -= 0.15; // nights in a row
    }
    if (weekend[d]) {
      const target = (weekendTotal * prep.weekendWeight[a]) / weekendW;
      v += (weekends[a] + 1 - target * weekendsUpTo[d]) / Math.max(1, target);
    }
    const b = blockOf[d];
    if (ag.minMinutes[b] > blockMinutes[a][b]) v -= 0.3;
    if (ag.minWorkDays[b] > blockDays[a][b]) v -= 0.3;
    const id = p.shiftTypes[s].id;
    if (agent.preferences.shiftTypes.includes(id)) v -= 0.1 * Math.min(2, agent.preferenceWeight);
    if (agent.preferences.avoidShiftTypes.includes(id)) v += 0.1;
    if (agent.preferences.daysOff.includes(prep.dates[d])) v += 0.2;
    return v + a * 1e-9; // deterministic ties
  };

  const bestTaker = (d: number, s: number, except = -1): number => {
    let best = -1;
    let bestScore = Infinity;
    for (let a = 0; a < A; a++) {
      if (a === except || !canTake(a, d, s)) continue;
      const sc = score(a, d, s);
      if (sc < bestScore) {
        bestScore = sc;
        best = a;
      }
    }
    return best;
  };

  // Construction.
  for (let d = 0; d < D; d++) {
    const order = Array.from({ length: S }, (_, s) => s)
      .filter((s) => required[d][s] > filled[d][s])
      .map((s) => {
        let eligible = 0;
        for (let a = 0; a < A; a++) if (agents[a].eligible[d][s]) eligible++;
        return { s, ratio: eligible / (required[d][s] - filled[d][s]) };
      })
      .sort((x, y) => x.ratio - y.ratio);
    for (const { s } of order) {
      while (filled[d][s] < required[d][s]) {
        const a = bestTaker(d, s);
        if (a < 0) break;
        place(a, d, s);
      }
    }
  }

  // Repair unfilled places.
  let repairs = 0;
  let improved = true;
  while (improved && performance.now() < deadline) {
    improved = false;
    for (let d = 0; d < D && performance.now() < deadline; d++) {
      for (let s = 0; s < S; s++) {
        while (filled[d][s] < required[d][s]) {
          const direct = bestTaker(d, s);
          if (direct >= 0) {
            place(direct, d, s);
            repairs++;
            improved = true;
            continue;
          }
          if (!ejectOne(d, s)) break;
          repairs++;
          improved = true;
        }
      }
    }
  }

  // Balance fair shares of nights and weekends: hand a shift from an agent above their share to
  // one below it, when the taker can work it. Each move shrinks the pair's imbalance by 2, so the
  // phase terminates; coverage is unchanged.
  let balanced = 0;
  const balance = (
    pool: number[],
    isCounted: (d: number, s: number) => boolean,
    count: (a: number) => number,
    weight: (a: number) => number,
  ) => {
    const W = pool.reduce((acc, a) => acc + weight(a), 0);
    if (pool.length < 2 || W === 0) return;
    let moved = true;
    while (moved && performance.now() < deadline) {
      moved = false;
      const T = pool.reduce((acc, a) => acc + count(a), 0);
      const dev = (a: number) => count(a) - (T * weight(a)) / W;
      const over = pool.filter((a) => dev(a) > 0.5).sort((x, y) => dev(y) - dev(x));
      const under = pool.filter((a) => dev(a) < -0.5).sort((x, y) => dev(x) - dev(y));
      for (const a of over) {
        for (let d = 0; d < D && !moved; d++) {
          const s = work[a][d];
          if (s === -1 || agents[a].pins[d].length || !isCounted(d, s)) continue;
          for (const b of under) {
            if (dev(a) - dev(b) < 2) break;
            if (handOver(a, b, d, s) || swapWithin(a, b, d, s, isCounted)) {
              balanced++;
              moved = true;
              break;
            }
          }
        }
        if (moved) break;
      }
    }
  };
  balance(prep.nightPool, (_, s) => kinds[s] === 'night', (a) => nights[a], (a) => prep.nightWeight[a]);
  balance(
    p.agents.map((_, a) => a),
    (d) => weekend[d],
    (a) => weekends[a],
    (a) => prep.weekendWeight[a],
  );

  /** a's shift (d,s) goes to b, if b can take it. */
  function handOver(a: number, b: number, d: number, s: number): boolean {
    unplace(a, d);
    if (canTake(b, d, s)) {
      place(b, d, s);
      return true;
    }
    place(a, d, s);
    return false;
  }

  /** a's counted shift (d,s) goes to b, and one of b's uncounted shifts in the same week goes to a. */
  function swapWithin(a: number, b: number, d: number, s: number, isCounted: (d: number, s: number) => boolean): boolean {
    const blk = blocks[blockOf[d]];
    for (let d2 = blk.first; d2 <= blk.last; d2++) {
      const s2 = work[b][d2];
      if (s2 === -1 || agents[b].pins[d2].length || isCounted(d2, s2)) continue;
      unplace(a, d);
      unplace(b, d2);
      if (canTake(b, d, s)) {
        place(b, d, s);
        if (canTake(a, d2, s2)) {
          place(a, d2, s2);
          return true;
        }
        unplace(b, d);
      }
      place(b, d2, s2);
      place(a, d, s);
    }
    return false;
  }

  /** Free an eligible agent for (d,s) by handing one of their shifts to someone else. */
  function ejectOne(d: number, s: number): boolean {
    const b = blockOf[d];
    for (let a = 0; a < A; a++) {
      const ag = agents[a];
      if (!ag.eligible[d][s]) continue;
      const lo = Math.max(0, Math.min(d - reach, blocks[b].first, d - K));
      const hi = Math.min(D - 1, Math.max(d + reach, blocks[b].last, d + K));
      for (let d2 = lo; d2 <= hi; d2++) {
        const s2 = work[a][d2];
        if (s2 === -1 || ag.pins[d2].length) continue;
        unplace(a, d2);
        if (canTake(a, d, s)) {
          place(a, d, s);
          const other = bestTaker(d2, s2, a);
          if (other >= 0) {
            place(other, d2, s2);
            return true;
          }
          unplace(a, d);
        }
        place(a, d2, s2);
      }
    }
    return false;
  }

  const assignments: RosterAssignment[] = [];
  for (let a = 0; a < A; a++) {
    for (let d = 0; d < D; d++) {
      const s = work[a][d];
      if (s !== -1) assignments.push({ agentId: p.agents[a].id, date: prep.dates[d], shiftTypeId: p.shiftTypes[s].id });
    }
  }
  for (const x of extraPins) assignments.push({ agentId: p.agents[x.a].id, date: prep.dates[x.d], shiftTypeId: p.shiftTypes[x.s].id });
  let placesShort = 0;
  for (let d = 0; d < D; d++) for (let s = 0; s < S; s++) placesShort += Math.max(0, required[d][s] - filled[d][s]);
  return { assignments, placesShort, repairs, balanced };
}
