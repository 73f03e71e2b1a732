/**
 * 质检 pure core: scorecards and score computation, rater agreement (percentage, Cohen's and
 * Fleiss' kappa), the penalty ladder as a rule table, and seeded sampling. No I/O; every
 * function is tested against hand-computed cases in core.test.ts.
 */
import { Rng } from '../demo/random';

// ---------- scorecards ----------

/** yes/no (1 = yes = no deduction), 1–5 (5 = full marks), points 0..maxPoints. */
export const SCALES = ['yes_no', 'scale5', 'points'] as const;
export type Scale = (typeof SCALES)[number];

export interface ScorecardItem {
  key: string;
  label: string;
  /** Relative weight (points the item is worth when answered in full). */
  weight: number;
  scale: Scale;
  /** For `points`: the highest value. */
  maxPoints?: number;
  /** May be answered N/A; an N/A item leaves numerator and denominator. */
  naAllowed: boolean;
  /** A deduction here caps the whole score at the scorecard's `criticalCap`. */
  critical: boolean;
  /** A deduction here fails the whole evaluation (score 0). */
  fatal: boolean;
  /** Root-cause tags an inspector may pick for a deduction. */
  rootCauses?: string[];
  guidance?: string;
}

export interface ScorecardSection {
  key: string;
  label: string;
  items: ScorecardItem[];
}

export interface ScorecardDef {
  sections: ScorecardSection[];
  /** Pass mark in percent (e.g. 80). */
  passThreshold: number;
  /** Highest score possible once a critical item lost points (e.g. 60). */
  criticalCap: number;
}

/** One item's answer: null = N/A. Evidence (a recording offset or a quoted passage) is required for a deduction. */
export interface Answer {
  value: number | null;
  evidenceAt?: number | null;
  evidenceQuote?: string | null;
  rootCauses?: string[];
  note?: string | null;
}
export type Answers = Record<string, Answer>;

export type ScoreProblem =
  | { code: 'quality.answer_missing'; item: string }
  | { code: 'quality.na_not_allowed'; item: string }
  | { code: 'quality.value_out_of_range'; item: string }
  | { code: 'quality.evidence_required'; item: string }
  | { code: 'quality.unknown_item'; item: string }
  | { code: 'quality.unknown_root_cause'; item: string };

export interface ItemResult {
  key: string;
  section: string;
  /** null when N/A. */
  fraction: number | null;
  earned: number;
  possible: number;
  /** Lost points (weight × (1 − fraction)); 0 for N/A and full marks. */
  lost: number;
  critical: boolean;
  fatal: boolean;
}

export interface ScoreResult {
  /** Final score in percent, two decimals. */
  score: number;
  /** Before the critical cap and fatal fail. */
  raw: number;
  earned: number;
  possible: number;
  passed: boolean;
  /** Critical items that lost points (the score is capped). */
  criticalFailed: string[];
  /** Fatal items that lost points (the evaluation fails). */
  fatalFailed: string[];
  items: ItemResult[];
}

export function allItems(def: ScorecardDef): Array<ScorecardItem & { section: string }> {
  return def.sections.flatMap((s) => s.items.map((i) => ({ ...i, section: s.key })));
}

/** Structural problems of a scorecard definition (codes for the locale catalogue). */
export function checkScorecard(def: ScorecardDef): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  if (!def.sections.length) out.push('quality.scorecard_empty');
  for (const i of allItems(def)) {
    if (keys.has(i.key)) out.push('quality.scorecard_duplicate_item');
    keys.add(i.key);
    if (!(i.weight > 0)) out.push('quality.scorecard_bad_weight');
    if (i.scale === 'points' && !(i.maxPoints && i.maxPoints > 0)) out.push('quality.scorecard_bad_points');
  }
  if (!keys.size) out.push('quality.scorecard_empty');
  if (!(def.passThreshold > 0 && def.passThreshold <= 100) || !(def.criticalCap >= 0 && def.criticalCap <= 100)) out.push('quality.scorecard_bad_threshold');
  return [...new Set(out)];
}

/** The share of an item's weight earned by a value on its scale, or undefined when out of range. */
export function fractionOf(item: ScorecardItem, v: number): number | undefined {
  if (!Number.isFinite(v)) return undefined;
  if (item.scale === 'yes_no') return v === 1 ? 1 : v === 0 ? 0 : undefined;
  if (item.scale === 'scale5') return Number.isInteger(v) && v >= 1 && v <= 5 ? (v - 1) / 4 : undefined;
  const max = item.maxPoints ?? 0;
  return v >= 0 && v <= max ? v / max : undefined;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Score answers against a scorecard. Score = Σ weight × fraction / Σ weight over answered (not
 * N/A) items, in percent; any critical item that lost points caps it at `criticalCap`; any fatal
 * item that lost points makes it 0 and failed. Passed = not fatal and score ≥ pass threshold.
 * Problems (missing answers, N/A where not allowed, out of range, a deduction without evidence)
 * are returned instead of a score.
 */
export function computeScore(def: ScorecardDef, answers: Answers): { ok: true; result: ScoreResult } | { ok: false; problems: ScoreProblem[] } {
  const problems: ScoreProblem[] = [];
  const items = allItems(def);
  const known = new Set(items.map((i) => i.key));
  for (const k of Object.keys(answers)) if (!known.has(k)) problems.push({ code: 'quality.unknown_item', item: k });
  const results: ItemResult[] = [];
  for (const it of items) {
    const a = answers[it.key];
    if (!a) {
      problems.push({ code: 'quality.answer_missing', item: it.key });
      continue;
    }
    if (a.value === null) {
      if (!it.naAllowed) problems.push({ code: 'quality.na_not_allowed', item: it.key });
      results.push({ key: it.key, section: it.section, fraction: null, earned: 0, possible: 0, lost: 0, critical: it.critical, fatal: it.fatal });
      continue;
    }
    const f = fractionOf(it, a.value);
    if (f === undefined) {
      problems.push({ code: 'quality.value_out_of_range', item: it.key });
      continue;
    }
    if (f < 1 && a.evidenceAt == null && !a.evidenceQuote?.trim()) problems.push({ code: 'quality.evidence_required', item: it.key });
    if (a.rootCauses?.length && it.rootCauses && a.rootCauses.some((c) => !it.rootCauses!.includes(c))) problems.push({ code: 'quality.unknown_root_cause', item: it.key });
    results.push({ key: it.key, section: it.section, fraction: f, earned: it.weight * f, possible: it.weight, lost: it.weight * (1 - f), critical: it.critical, fatal: it.fatal });
  }
  if (problems.length) return { ok: false, problems };
  const earned = results.reduce((s, r) => s + r.earned, 0);
  const possible = results.reduce((s, r) => s + r.possible, 0);
  // Everything N/A: nothing was wrong, so full marks (an empty denominator is not a failure).
  const raw = possible > 0 ? (100 * earned) / possible : 100;
  const criticalFailed = results.filter((r) => r.critical && r.fraction !== null && r.fraction < 1).map((r) => r.key);
  const fatalFailed = results.filter((r) => r.fatal && r.fraction !== null && r.fraction < 1).map((r) => r.key);
  let score = raw;
  if (criticalFailed.length) score = Math.min(score, def.criticalCap);
  if (fatalFailed.length) score = 0;
  score = round2(score);
  return {
    ok: true,
    result: { score, raw: round2(raw), earned: round2(earned), possible: round2(possible), passed: !fatalFailed.length && score >= def.passThreshold, criticalFailed, fatalFailed, items: results },
  };
}

/** What a failed or flawed evaluation means for the penalty ladder: none when passed without critical/fatal points. */
export type Severity = 'minor' | 'major' | 'serious';
export function findingSeverity(r: Pick<ScoreResult, 'passed' | 'criticalFailed' | 'fatalFailed'>): Severity | null {
  if (r.fatalFailed.length) return 'serious';
  if (r.criticalFailed.length) return 'major';
  return r.passed ? null : 'minor';
}

// ---------- agreement ----------

/**
 * Cohen's kappa for two raters over the same subjects: κ = (pₒ − pₑ) / (1 − pₑ), pₒ the observed
 * agreement, pₑ = Σ_c p_A(c) p_B(c). κ is 1 when pₑ = 1 and the raters agree (no variation at all).
 */
export function cohenKappa(a: readonly string[], b: readonly string[]): { n: number; po: number; pe: number; kappa: number | null } {
  const n = Math.min(a.length, b.length);
  if (!n) return { n: 0, po: 0, pe: 0, kappa: null };
  const ca = new Map<string, number>();
  const cb = new Map<string, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) agree++;
    ca.set(a[i], (ca.get(a[i]) ?? 0) + 1);
    cb.set(b[i], (cb.get(b[i]) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [c, k] of ca) pe += (k / n) * ((cb.get(c) ?? 0) / n);
  const kappa = pe === 1 ? (po === 1 ? 1 : null) : (po - pe) / (1 - pe);
  return { n, po, pe, kappa };
}

/**
 * Fleiss' kappa for n raters per subject: ratings[subject] = the category each rater gave (the
 * same number of raters for every subject). P_i = (Σ_j n_ij² − n) / (n(n−1)); P̄ = mean P_i;
 * p_j = Σ_i n_ij / (N n); P̄ₑ = Σ p_j²; κ = (P̄ − P̄ₑ) / (1 − P̄ₑ).
 */
export function fleissKappa(ratings: readonly (readonly string[])[]): { subjects: number; raters: number; pBar: number; peBar: number; kappa: number | null } {
  const N = ratings.length;
  const n = N ? ratings[0].length : 0;
  if (!N || n < 2 || ratings.some((r) => r.length !== n)) return { subjects: N, raters: n, pBar: 0, peBar: 0, kappa: null };
  const totals = new Map<string, number>();
  let sumP = 0;
  for (const r of ratings) {
    const counts = new Map<string, number>();
    for (const c of r) counts.set(c, (counts.get(c) ?? 0) + 1);
    let sq = 0;
    for (const [c, k] of counts) {
      sq += k * k;
      totals.set(c, (totals.get(c) ?? 0) + k);
    }
    sumP += (sq - n) / (n * (n - 1));
  }
  const pBar = sumP / N;
  let peBar = 0;
  for (const k of totals.values()) peBar += (k / (N * n)) ** 2;
  const kappa = peBar === 1 ? (pBar === 1 ? 1 : null) : (pBar - peBar) / (1 - peBar);
  return { subjects: N, raters: n, pBar, peBar, kappa };
}

/**
 * Percentage agreement for any number of raters: pairwise (the share of rater pairs that agree,
 * averaged over subjects — Fleiss' P̄) and unanimous (the share of subjects all raters agree on).
 */
export function percentAgreement(ratings: readonly (readonly string[])[]): { pairwise: number | null; unanimous: number | null } {
  const usable = ratings.filter((r) => r.length >= 2);
  if (!usable.length) return { pairwise: null, unanimous: null };
  let pair = 0;
  let all = 0;
  for (const r of usable) {
    let agree = 0;
    let pairs = 0;
    for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {
      pairs++;
      if (r[i] === r[j]) agree++;
    }
    pair += agree / pairs;
    if (r.every((c) => c === r[0])) all++;
  }
  return { pairwise: pair / usable.length, unanimous: all / usable.length };
}

// ---------- penalty ladder ----------

/** 口头提醒 → 口头警告 → 质检提醒单 → 下岗培训 → 经济扣罚 → 辞退. */
export const LADDER_STEPS = ['verbal_reminder', 'verbal_warning', 'qa_notice', 'retraining', 'fine', 'dismissal'] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

/** Steps that touch money or employment: a manager approves them before they take effect. */
export const NEEDS_MANAGER: ReadonlySet<LadderStep> = new Set(['fine', 'dismissal']);
/** Steps the agent signs for (the 质检提醒单 and what follows it). */
export const SIGNED_STEPS: ReadonlySet<LadderStep> = new Set(['qa_notice', 'retraining', 'fine', 'dismissal']);

export interface LadderRule {
  severity: Severity;
  /** Applies when the prior findings within the window number at least this. */
  minPrior: number;
  step: LadderStep;
}

/**
 * The default rule table: the first minor finding is a verbal reminder and each repeat climbs a
 * step; a critical (major) finding starts at a warning, a fatal (serious) one at the signed notice.
 */
export const DEFAULT_LADDER: readonly LadderRule[] = [
  { severity: 'minor', minPrior: 0, step: 'verbal_reminder' },
  { severity: 'minor', minPrior: 1, step: 'verbal_warning' },
  { severity: 'minor', minPrior: 2, step: 'qa_notice' },
  { severity: 'minor', minPrior: 3, step: 'retraining' },
  { severity: 'minor', minPrior: 4, step: 'fine' },
  { severity: 'minor', minPrior: 6, step: 'dismissal' },
  { severity: 'major', minPrior: 0, step: 'verbal_warning' },
  { severity: 'major', minPrior: 1, step: 'qa_notice' },
  { severity: 'major', minPrior: 2, step: 'retraining' },
  { severity: 'major', minPrior: 3, step: 'fine' },
  { severity: 'major', minPrior: 5, step: 'dismissal' },
  { severity: 'serious', minPrior: 0, step: 'qa_notice' },
  { severity: 'serious', minPrior: 1, step: 'retraining' },
  { severity: 'serious', minPrior: 2, step: 'fine' },
  { severity: 'serious', minPrior: 3, step: 'dismissal' },
];
/** Prior findings count within this many days. */
export const LADDER_WINDOW_DAYS = 90;

/**
 * The next step for a finding of `severity` after `priorCount` findings within the window: the
 * rule with the highest `minPrior` ≤ priorCount — and never below the last step given in the
 * window (a repeat cannot step down).
 */
export function nextLadderStep(severity: Severity, priorCount: number, lastStep: LadderStep | null = null, rules: readonly LadderRule[] = DEFAULT_LADDER): { step: LadderStep; needsApproval: boolean; signed: boolean } {
  const fit = rules.filter((r) => r.severity === severity && r.minPrior <= priorCount).sort((a, b) => b.minPrior - a.minPrior)[0];
  let step: LadderStep = fit?.step ?? 'verbal_reminder';
  if (lastStep && priorCount > 0 && LADDER_STEPS.indexOf(lastStep) > LADDER_STEPS.indexOf(step)) step = lastStep;
  return { step, needsApproval: NEEDS_MANAGER.has(step), signed: SIGNED_STEPS.has(step) };
}

// ---------- sampling ----------

export const SUBJECT_KINDS = ['contact', 'order', 'call'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Why an item was drawn. */
export const REASONS = ['min_per_agent', 'complaint', 'reopened', 'dissatisfied', 'long_handle', 'callback_after_abandon', 'new_agent', 'falling_figures', 'random'] as const;
export type Reason = (typeof REASONS)[number];
export const RISK_REASONS: readonly Reason[] = ['complaint', 'reopened', 'dissatisfied', 'long_handle', 'callback_after_abandon', 'new_agent', 'falling_figures'];

export interface Candidate {
  kind: SubjectKind;
  id: string;
  agentId: string;
  projectId: string | null;
  /** UTC ISO time the contact / order / call happened. */
  at: string;
  /** Local date (YYYY-MM-DD) of `at`. */
  day: string;
  complaint?: boolean;
  reopened?: boolean;
  dissatisfied?: boolean;
  handleS?: number | null;
  callbackAfterAbandon?: boolean;
}

export interface SamplingConfig {
  seed: number;
  /** Local dates of the period, inclusive. */
  from: string;
  to: string;
  /** Inspections per inspector per working day (e.g. 60). */
  perInspectorPerDay: number;
  /** At least this many items per agent per week (weeks start on Monday), where the agent has that many. */
  minPerAgentPerWeek: number;
  /** Share of the capacity given to risk strata before the random remainder (0..1). */
  riskShare: number;
  /** A call longer than this counts as a long handle time. */
  longHandleS: number;
  /** Working days: 1 = Monday … 7 = Sunday. */
  workdays: number[];
  /** Optional cap on the total drawn (below the inspectors' capacity). */
  maxItems?: number | null;
}

export const DEFAULT_SAMPLING: Omit<SamplingConfig, 'seed' | 'from' | 'to'> = {
  perInspectorPerDay: 60,
  minPerAgentPerWeek: 2,
  riskShare: 0.5,
  longHandleS: 600,
  workdays: [1, 2, 3, 4, 5, 6, 7],
};

export interface SamplingInput {
  candidates: readonly Candidate[];
  inspectors: readonly string[];
  /** Agents in their first month at the start of the period. */
  newAgents: ReadonlySet<string>;
  /** Agents whose figures fell against the previous period. */
  fallingAgents: ReadonlySet<string>;
  /** Subjects already inspected (`kind:id`), or agents on leave: both are left out. */
  excluded: ReadonlySet<string>;
  agentsOnLeave?: ReadonlySet<string>;
  /** Evaluations per (inspector, agent) in the recent past: rotation prefers the inspector who knows the agent least. */
  pairHistory?: ReadonlyMap<string, number>;
  /** Agent → team. Rotation looks at the team first, so nobody keeps inspecting the same team. */
  teamOf?: ReadonlyMap<string, string>;
  /** Evaluations per (inspector, team) in the recent past. */
  teamHistory?: ReadonlyMap<string, number>;
}

export interface DrawnItem {
  kind: SubjectKind;
  id: string;
  agentId: string;
  projectId: string | null;
  at: string;
  inspectorId: string;
  /** The working day the item is planned for. */
  dueOn: string;
  stratum: Reason;
  reasons: Reason[];
}

export interface SampleResult {
  items: DrawnItem[];
  capacity: number;
  candidates: number;
  excluded: number;
  byStratum: Record<string, number>;
  /** Agents with fewer candidates than the weekly minimum in some week. */
  shortAgents: string[];
}

const DAY = 86_400_000;
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
/** ISO weekday 1..7 of a local date. */
export function weekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
/** The Monday of a local date's week. */
export function weekOf(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - (weekday(day) - 1) * DAY).toISOString().slice(0, 10);
}

export function reasonsOf(c: Candidate, cfg: Pick<SamplingConfig, 'longHandleS'>, newAgents: ReadonlySet<string>, falling: ReadonlySet<string>): Reason[] {
  const r: Reason[] = [];
  if (c.complaint) r.push('complaint');
  if (c.reopened) r.push('reopened');
  if (c.dissatisfied) r.push('dissatisfied');
  if (c.handleS != null && c.handleS > cfg.longHandleS) r.push('long_handle');
  if (c.callbackAfterAbandon) r.push('callback_after_abandon');
  if (newAgents.has(c.agentId)) r.push('new_agent');
  if (falling.has(c.agentId)) r.push('falling_figures');
  return r;
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/**
 * Draw a period's sample. Reproducible: the same input and seed give the same items (candidates
 * are put in a canonical order before any random choice). Order of filling, within the
 * inspectors' capacity (inspectors × working days × per day, or `maxItems`):
 * 1. the weekly minimum per agent (random among that agent's items of the week);
 * 2. risk strata, up to `riskShare` of the capacity, split evenly across the strata that have
 *    items (a stratum's unused share passes to the others), random within a stratum;
 * 3. a random remainder.
 * Each item is then given a working day (spread evenly) and an inspector: within the day's quota,
 * the one who has inspected the agent least (history plus this plan) — rotation — then the least loaded.
 */
export function drawSample(input: SamplingInput, cfg: SamplingConfig): SampleResult {
  const rng = new Rng(cfg.seed);
  const days = daysBetween(cfg.from, cfg.to).filter((d) => cfg.workdays.includes(weekday(d)));
  const inspectors = [...input.inspectors].sort();
  let capacity = inspectors.length * days.length * cfg.perInspectorPerDay;
  if (cfg.maxItems != null) capacity = Math.min(capacity, cfg.maxItems);
  const leave = input.agentsOnLeave ?? new Set<string>();

  const pool = input.candidates
    .filter((c) => c.day >= cfg.from && c.day <= cfg.to && !input.excluded.has(`${c.kind}:${c.id}`) && !leave.has(c.agentId))
    .slice()
    .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const excludedCount = input.candidates.length - pool.length;
  const reasons = pool.map((c) => reasonsOf(c, cfg, input.newAgents, input.fallingAgents));
  const taken = new Uint8Array(pool.length);
  const chosen: Array<{ idx: number; stratum: Reason }> = [];
  const take = (idx: number, stratum: Reason) => {
    taken[idx] = 1;
    chosen.push({ idx, stratum });
  };

  // 1. Weekly minimum per agent.
  const byAgentWeek = new Map<string, number[]>();
  pool.forEach((c, i) => {
    const k = `${c.agentId}|${weekOf(c.day)}`;
    const l = byAgentWeek.get(k);
    if (l) l.push(i);
    else byAgentWeek.set(k, [i]);
  });
  const short = new Set<string>();
  for (const k of [...byAgentWeek.keys()].sort()) {
    const l = shuffle(rng, byAgentWeek.get(k)!.slice());
    if (l.length < cfg.minPerAgentPerWeek) short.add(k.split('|')[0]);
    for (const i of l.slice(0, cfg.minPerAgentPerWeek)) {
      if (chosen.length >= capacity) break;
      take(i, 'min_per_agent');
    }
  }

  // 2. Risk strata.
  const riskBudget = Math.max(0, Math.min(capacity - chosen.length, Math.round(capacity * cfg.riskShare)));
  const strata = new Map<Reason, number[]>();
  for (const r of RISK_REASONS) strata.set(r, []);
  pool.forEach((_, i) => {
    if (!taken[i]) for (const r of reasons[i]) strata.get(r)!.push(i);
  });
  for (const l of strata.values()) shuffle(rng, l);
  let budget = riskBudget;
  let live = RISK_REASONS.filter((r) => strata.get(r)!.length);
  const cursor = new Map<Reason, number>(RISK_REASONS.map((r) => [r, 0]));
  while (budget > 0 && live.length) {
    const share = Math.max(1, Math.floor(budget / live.length));
    const next: Reason[] = [];
    for (const r of live) {
      const l = strata.get(r)!;
      let got = 0;
      let at = cursor.get(r)!;
      while (got < share && at < l.length && budget > 0) {
        const i = l[at++];
        if (taken[i]) continue;
        take(i, r);
        got++;
        budget--;
      }
      cursor.set(r, at);
      if (at < l.length) next.push(r);
      if (budget <= 0) break;
    }
    live = next;
  }

  // 3. Random remainder.
  if (chosen.length < capacity) {
    const rest: number[] = [];
    pool.forEach((_, i) => {
      if (!taken[i]) rest.push(i);
    });
    const need = capacity - chosen.length;
    // Partial Fisher–Yates: only the first `need` positions are drawn.
    for (let k = 0; k < Math.min(need, rest.length); k++) {
      const j = k + Math.floor(rng.next() * (rest.length - k));
      [rest[k], rest[j]] = [rest[j], rest[k]];
      take(rest[k], 'random');
    }
  }

  // Days and inspectors: items in time order, spread evenly over the working days.
  chosen.sort((a, b) => (pool[a.idx].at < pool[b.idx].at ? -1 : pool[a.idx].at > pool[b.idx].at ? 1 : a.idx - b.idx));
  const pairs = new Map<string, number>(input.pairHistory ?? []);
  const teamLoad = new Map<string, number>(input.teamHistory ?? []);
  const teamOf = input.teamOf ?? new Map<string, string>();
  const load = new Map<string, number>();
  const dayLoad = new Map<string, number>();
  const items: DrawnItem[] = [];
  const byStratum: Record<string, number> = {};
  chosen.forEach((ch, n) => {
    const c = pool[ch.idx];
    const dayIdx = days.length ? Math.min(days.length - 1, Math.floor((n * days.length) / Math.max(1, chosen.length))) : 0;
    const dueOn = days[dayIdx] ?? cfg.to;
    let best: string | null = null;
    let bestKey: [number, number, number] = [Infinity, Infinity, Infinity];
    const team = teamOf.get(c.agentId);
    for (const ins of inspectors) {
      if (ins === c.agentId) continue; // nobody inspects themself
      if ((dayLoad.get(`${ins}|${dueOn}`) ?? 0) >= cfg.perInspectorPerDay) continue;
      // Least familiar first: with the agent's team, then with the agent, then the lightest load.
      const key: [number, number, number] = [team ? teamLoad.get(`${ins}|${team}`) ?? 0 : 0, pairs.get(`${ins}|${c.agentId}`) ?? 0, load.get(ins) ?? 0];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
        best = ins;
        bestKey = key;
      }
    }
    // Every inspector full that day (rounding at the edges): the least loaded overall.
    if (!best) best = inspectors.filter((i) => i !== c.agentId).sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0))[0] ?? inspectors[0];
    pairs.set(`${best}|${c.agentId}`, (pairs.get(`${best}|${c.agentId}`) ?? 0) + 1);
    if (team) teamLoad.set(`${best}|${team}`, (teamLoad.get(`${best}|${team}`) ?? 0) + 1);
    load.set(best, (load.get(best) ?? 0) + 1);
    dayLoad.set(`${best}|${dueOn}`, (dayLoad.get(`${best}|${dueOn}`) ?? 0) + 1);
    const rs = reasons[ch.idx];
    const all: Reason[] = ch.stratum === 'min_per_agent' || ch.stratum === 'random' ? [ch.stratum, ...rs] : [ch.stratum, ...rs.filter((r) => r !== ch.stratum)];
    byStratum[ch.stratum] = (byStratum[ch.stratum] ?? 0) + 1;
    items.push({ kind: c.kind, id: c.id, agentId: c.agentId, projectId: c.projectId, at: c.at, inspectorId: best!, dueOn, stratum: ch.stratum, reasons: all });
  });
  return { items, capacity, candidates: input.candidates.length, excluded: excludedCount, byStratum, shortAgents: [...short].sort() };
}

// ---------- figures ----------

/** A figure with the numbers it comes from (DESIGN.md §4 style). */
export interface Figure {
  numerator: number;
  denominator: number;
  value: number | null;
}
export const figure = (numerator: number, denominator: number): Figure => ({ numerator: round2(numerator), denominator, value: denominator > 0 ? numerator / denominator : null });

/** Each inspector's mean absolute deviation from the calibration consensus (mean score per subject). */
export function inspectorStrictness(scores: ReadonlyArray<{ subject: string; inspectorId: string; score: number }>): Array<{ inspectorId: string; meanDeviation: number; meanAbsDeviation: number; n: number }> {
  const bySubject = new Map<string, number[]>();
  for (const s of scores) {
    const l = bySubject.get(s.subject);
    if (l) l.push(s.score);
    else bySubject.set(s.subject, [s.score]);
  }
  const consensus = new Map([...bySubject].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
  const acc = new Map<string, { sum: number; abs: number; n: number }>();
  for (const s of scores) {
    if ((bySubject.get(s.subject)?.length ?? 0) < 2) continue;
    const d = s.score - consensus.get(s.subject)!;
    const a = acc.get(s.inspectorId) ?? { sum: 0, abs: 0, n: 0 };
    a.sum += d;
    a.abs += Math.abs(d);
    a.n++;
    acc.set(s.inspectorId, a);
  }
  return [...acc].map(([inspectorId, a]) => ({ inspectorId, meanDeviation: round2(a.sum / a.n), meanAbsDeviation: round2(a.abs / a.n), n: a.n })).sort((x, y) => (x.inspectorId < y.inspectorId ? -1 : 1));
}
