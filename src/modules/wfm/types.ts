/**
 * Shared types of the workforce-management (WFM, 排班/话务预测) pure core.
 * Durations are in seconds unless a name says otherwise; instants are UTC ISO strings.
 */

/**
 * How "service level" is counted. The numerator is always "answered within T seconds".
 * - `offered` (default): ÷ all arrivals; abandoners count as failures (DESIGN §4–5).
 * - `answered`: ÷ answered calls only.
 * - `excludeShortAbandons`: ÷ (arrivals − calls abandoned within `shortAbandonSeconds`).
 */
export type SlDefinition = 'offered' | 'answered' | 'excludeShortAbandons';

/** Service-level spec: X % within T s, counted per `definition`. */
export interface SlSpec {
  /** T, the answer-time threshold in seconds (20 s default elsewhere; 三声之内 ≈ 10 s). */
  thresholdSeconds: number;
  definition?: SlDefinition;
  /** Abandons at or below this wait are "short" (only used by `excludeShortAbandons`); default 5 s. */
  shortAbandonSeconds?: number;
}

/** One queue in one interval, as a queueing model sees it. */
export interface QueueLoad {
  /** Calls offered in the interval (may be fractional: a forecast). */
  calls: number;
  /** Interval length in seconds (1800 for 30 min). */
  intervalSeconds: number;
  /** Average handle time in seconds (talk + hold + wrap-up). */
  ahtSeconds: number;
  /** Mean patience in seconds (Erlang A, exponential patience). Omitted or Infinity → Erlang C. */
  patienceSeconds?: number;
}

/** Performance of a queue with a given number of agents (the "reverse question" output). */
export interface QueueMeasures {
  model: 'erlang-c' | 'erlang-a';
  agents: number;
  /** Offered load a = λ·AHT in Erlangs. */
  offeredLoad: number;
  serviceLevel: number;
  slThresholdSeconds: number;
  slDefinition: SlDefinition;
  /** P(an arriving call has to wait), i.e. finds all agents busy. */
  probWait: number;
  /** Average speed of answer: mean wait of answered calls, seconds (Infinity when unstable). */
  asa: number;
  /** Mean time in queue over all arrivals, abandoners included, seconds. */
  meanWait: number;
  /** Busy fraction of agents: carried load ÷ agents. */
  occupancy: number;
  /** P(an arriving call abandons). 0 for Erlang C. */
  abandonment: number;
  /** Fraction of arrivals answered within T (numerator of every SL definition). */
  answeredWithinT: number;
  /** False for Erlang C with agents ≤ load: the queue grows without bound. */
  stable: boolean;
}

/** A normalized call (contact) record produced by the importer. */
export interface CallRecord {
  /** 1-based line number in the source file. */
  line: number;
  queue: string;
  /** When the call arrived (entered the system, e.g. the IVR/VRU), UTC ISO. */
  arrivalAt: string;
  queueEnterAt?: string;
  queueExitAt?: string;
  serviceStartAt?: string;
  serviceEndAt?: string;
  /** Reached the agent queue (answered or abandoned); false for calls that ended in the IVR. */
  offered: boolean;
  answered: boolean;
  abandoned: boolean;
  /** Time in queue: until answer (answered) or until hang-up (abandoned); 0 when not queued. */
  waitSeconds: number;
  /** Talk (service) time of answered calls, 0 otherwise. */
  talkSeconds: number;
  agent?: string;
  callId?: string;
}
