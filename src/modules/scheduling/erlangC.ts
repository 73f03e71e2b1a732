/**
 * A minimal Erlang C, only for this module's needs (bench requirements, a service-level curve for
 * the capacity plan). The staffing module owns the full Erlang C / Erlang A with shrinkage.
 * Uses the Erlang B recurrence, so it is stable for thousands of agents (no factorials).
 */

/** Probability that a call waits, with `agents` servers and offered load `load` (Erlangs). */
export function erlangCWaitProbability(agents: number, load: number): number {
  if (agents <= load) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (load * b) / (k + load * b);
  return (agents * b) / (agents - load * (1 - b));
}

/** Share of calls answered within `thresholdSeconds` (all arrivals, no abandonment). */
export function erlangCServiceLevel(agents: number, load: number, ahtSeconds: number, thresholdSeconds: number): number {
  if (load <= 0) return 1;
  if (agents <= load) return 0;
  const pw = erlangCWaitProbability(agents, load);
  return 1 - pw * Math.exp((-(agents - load) * thresholdSeconds) / ahtSeconds);
}

/** Fewest agents meeting `target` service level for `callsPerInterval` calls in `intervalSeconds`. */
export function erlangCAgents(
  callsPerInterval: number,
  ahtSeconds: number,
  intervalSeconds: number,
  target: number,
  thresholdSeconds: number,
): number {
  const load = (callsPerInterval * ahtSeconds) / intervalSeconds;
  if (load <= 0) return 0;
  let n = Math.max(1, Math.floor(load) + 1);
  while (erlangCServiceLevel(n, load, ahtSeconds, thresholdSeconds) < target) n++;
  return n;
}

/**
 * A service-level curve for the capacity plan from one representative interval: the staffing
 * ratio is agents ÷ the Erlang C requirement at `target`; service level between whole agents is
 * interpolated linearly. Ratio 1 therefore meets the target by construction.
 */
export function erlangServiceLevelCurve(opts: {
  callsPerInterval: number;
  ahtSeconds: number;
  intervalSeconds: number;
  answerWithinSeconds: number;
  target: number;
  ratios?: number[];
}): { staffingRatio: number; serviceLevel: number }[] {
  const { callsPerInterval, ahtSeconds, intervalSeconds, answerWithinSeconds, target } = opts;
  const load = (callsPerInterval * ahtSeconds) / intervalSeconds;
  const needed = erlangCAgents(callsPerInterval, ahtSeconds, intervalSeconds, target, answerWithinSeconds);
  const sl = (n: number) => erlangCServiceLevel(n, load, ahtSeconds, answerWithinSeconds);
  const ratios = opts.ratios ?? [0.8, 0.85, 0.9, 0.95, 1, 1.05, 1.1, 1.15, 1.2];
  return ratios.map((r) => {
    const agents = r * needed;
    const lo = Math.floor(agents);
    const frac = agents - lo;
    const level = frac === 0 ? sl(lo) : sl(lo) + (sl(lo + 1) - sl(lo)) * frac;
    return { staffingRatio: r, serviceLevel: Math.round(level * 1e6) / 1e6 };
  });
}
