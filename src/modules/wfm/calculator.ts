/**
 * The Erlang calculator (话务计算器) behind `shouwen erlang` and `POST /api/wfm/erlang`:
 * required agents for a target, or — given agents — the service they give (the reverse question).
 */
import { queueMeasures } from './erlang';
import { agentsWithShrinkage, requiredAgents, type StaffingTarget } from './staffing';
import type { QueueLoad, SlDefinition } from './types';

export interface ErlangInput {
  model: 'c' | 'a';
  /** Calls offered in the interval. */
  calls: number;
  intervalMinutes: number;
  ahtSeconds: number;
  /** Service-level goal as a fraction (0.8 = 80 %), with `thresholdSeconds`. */
  serviceLevel?: number;
  /** T of the service level, seconds (default 20). */
  thresholdSeconds?: number;
  slDefinition?: SlDefinition;
  shortAbandonSeconds?: number;
  /** Target average speed of answer, seconds. */
  asaSeconds?: number;
  /** Mean patience, seconds (Erlang A only; required there). */
  patienceSeconds?: number;
  maxOccupancy?: number;
  shrinkage?: number;
  /** Reverse question: the service given by this many agents. */
  agents?: number;
}

/** Calculator output; `agentsFractional` and `binding` only answer the forward question, `abandonment` only Erlang A. */
export interface ErlangOutput {
  model: 'erlang-c' | 'erlang-a';
  offeredLoad: number;
  agents: number;
  agentsFractional?: number;
  agentsWithShrinkage: number;
  serviceLevel: number;
  slThresholdSeconds: number;
  slDefinition: SlDefinition;
  /** Mean wait of answered calls, seconds; null when the queue is unstable (grows without bound). */
  asa: number | null;
  /** P(an arriving call has to wait). */
  waitProbability: number;
  occupancy: number;
  abandonment?: number;
  binding?: string | null;
  stable: boolean;
  /** With `agents` and a target: whether those agents meet it. */
  meetsTarget?: boolean;
}

/** An input the calculator cannot answer; `code` keys the locale catalogues. */
export class ErlangInputError extends Error {
  constructor(public readonly code: string, public readonly params: Record<string, string | number> = {}) {
    super(code);
    this.name = 'ErlangInputError';
  }
}

function check(ok: boolean, field: string, rule: string): void {
  if (!ok) throw new ErlangInputError('wfm.erlang.bad_input', { field, rule });
}

/** Validates the input and answers the forward or the reverse question. */
export function erlangCalculator(input: ErlangInput): ErlangOutput {
  const fin = (x: number | undefined) => x === undefined || Number.isFinite(x);
  check(input.model === 'c' || input.model === 'a', 'model', 'c | a');
  check(Number.isFinite(input.calls) && input.calls >= 0, 'calls', '≥ 0');
  check(Number.isFinite(input.intervalMinutes) && input.intervalMinutes > 0 && input.intervalMinutes <= 1440, 'intervalMinutes', '> 0, ≤ 1440');
  check(Number.isFinite(input.ahtSeconds) && input.ahtSeconds > 0, 'ahtSeconds', '> 0');
  check(fin(input.serviceLevel) && (input.serviceLevel === undefined || (input.serviceLevel > 0 && input.serviceLevel < 1)), 'serviceLevel', '0 < x < 1');
  check(fin(input.thresholdSeconds) && (input.thresholdSeconds === undefined || input.thresholdSeconds >= 0), 'thresholdSeconds', '≥ 0');
  check(fin(input.asaSeconds) && (input.asaSeconds === undefined || input.asaSeconds >= 0), 'asaSeconds', '≥ 0');
  check(fin(input.maxOccupancy) && (input.maxOccupancy === undefined || (input.maxOccupancy > 0 && input.maxOccupancy <= 1)), 'maxOccupancy', '0 < x ≤ 1');
  check(fin(input.shrinkage) && (input.shrinkage === undefined || (input.shrinkage >= 0 && input.shrinkage < 1)), 'shrinkage', '0 ≤ x < 1');
  check(fin(input.agents) && (input.agents === undefined || (Number.isInteger(input.agents) && input.agents >= 0 && input.agents <= 1_000_000)), 'agents', 'integer ≥ 0');
  if (input.model === 'a') check(input.patienceSeconds !== undefined && Number.isFinite(input.patienceSeconds) && input.patienceSeconds > 0, 'patienceSeconds', '> 0 (Erlang A)');
  else check(input.patienceSeconds === undefined, 'patienceSeconds', 'Erlang A only');
  const hasTarget = input.serviceLevel !== undefined || input.asaSeconds !== undefined;
  if (input.agents === undefined && !hasTarget) throw new ErlangInputError('wfm.erlang.target_required');
  if (input.serviceLevel !== undefined) check(input.thresholdSeconds !== undefined, 'thresholdSeconds', 'required with serviceLevel');

  const load: QueueLoad = {
    calls: input.calls,
    intervalSeconds: input.intervalMinutes * 60,
    ahtSeconds: input.ahtSeconds,
    ...(input.model === 'a' && { patienceSeconds: input.patienceSeconds }),
  };
  const sl = { thresholdSeconds: input.thresholdSeconds ?? 20, definition: input.slDefinition, shortAbandonSeconds: input.shortAbandonSeconds };
  const shrinkage = input.shrinkage ?? 0;
  const target: StaffingTarget = {
    ...(input.serviceLevel !== undefined && { serviceLevel: { target: input.serviceLevel, thresholdSeconds: sl.thresholdSeconds, definition: sl.definition, shortAbandonSeconds: sl.shortAbandonSeconds } }),
    ...(input.asaSeconds !== undefined && { maxAsaSeconds: input.asaSeconds }),
    ...(input.maxOccupancy !== undefined && { maxOccupancy: input.maxOccupancy }),
    shrinkage,
  };

  if (input.agents !== undefined) {
    const m = queueMeasures(load, input.agents, sl);
    const out: ErlangOutput = {
      model: m.model, offeredLoad: m.offeredLoad, agents: input.agents, agentsWithShrinkage: agentsWithShrinkage(input.agents, shrinkage),
      serviceLevel: m.serviceLevel, slThresholdSeconds: m.slThresholdSeconds, slDefinition: m.slDefinition,
      asa: Number.isFinite(m.asa) ? m.asa : null, waitProbability: m.probWait, occupancy: m.occupancy, stable: m.stable,
    };
    if (m.model === 'erlang-a') out.abandonment = m.abandonment;
    if (hasTarget || input.maxOccupancy !== undefined) {
      out.meetsTarget =
        (input.serviceLevel === undefined || m.serviceLevel >= input.serviceLevel) &&
        (input.asaSeconds === undefined || m.asa <= input.asaSeconds) &&
        (input.maxOccupancy === undefined || (m.occupancy <= input.maxOccupancy && m.stable && (input.agents > 0 || input.calls === 0)));
    }
    return out;
  }

  let r;
  try {
    r = requiredAgents(load, target);
  } catch (e) {
    if (e instanceof RangeError) throw new ErlangInputError('wfm.erlang.infeasible', { reason: e.message });
    throw e;
  }
  const m = r.measures;
  const out: ErlangOutput = {
    model: m.model, offeredLoad: m.offeredLoad, agents: r.agents, agentsFractional: r.agentsFractional, agentsWithShrinkage: r.scheduled,
    serviceLevel: m.serviceLevel, slThresholdSeconds: m.slThresholdSeconds, slDefinition: m.slDefinition,
    asa: Number.isFinite(m.asa) ? m.asa : null, waitProbability: m.probWait, occupancy: m.occupancy, binding: r.binding, stable: m.stable,
  };
  if (m.model === 'erlang-a') out.abandonment = m.abandonment;
  return out;
}
