/**
 * Pure helpers of the 质检 screens: the keys each scale takes, what counts as a deduction, the
 * score as the server computes it (docs/quality.md "Rules", shown live while scoring; the server
 * scores again on save) and the problems that block a save.
 */
import type { Answer, Answers, ScorecardDef, ScorecardItem } from './api';

export const allItems = (def: ScorecardDef): ScorecardItem[] => def.sections.flatMap((s) => s.items);

/** The best value of an item's scale (full marks). */
export function fullValue(item: ScorecardItem): number {
  return item.scale === 'yes_no' ? 1 : item.scale === 'scale5' ? 5 : (item.maxPoints ?? 10);
}

/** The values an item's scale offers, best first. */
export function scaleValues(item: ScorecardItem): number[] {
  if (item.scale === 'yes_no') return [1, 0];
  if (item.scale === 'scale5') return [5, 4, 3, 2, 1];
  return Array.from({ length: fullValue(item) + 1 }, (_, i) => fullValue(item) - i);
}

/** Share of the item's weight earned: yes/no 1 / 0; 1–5 (v−1)/4; points v / max. */
export function fraction(item: ScorecardItem, value: number): number {
  if (item.scale === 'yes_no') return value >= 1 ? 1 : 0;
  if (item.scale === 'scale5') return Math.min(1, Math.max(0, (value - 1) / 4));
  return Math.min(1, Math.max(0, value / fullValue(item)));
}

export const isDeduction = (item: ScorecardItem, a: Answer | undefined): boolean => !!a && a.value !== null && fraction(item, a.value) < 1;

/**
 * A key pressed while an item has the focus → the value it sets, or undefined when the key means
 * nothing for that scale. yes/no: 1 = yes, 0 = no; 1–5: the digit; points: the digit, "=" full marks.
 */
export function valueForKey(item: ScorecardItem, key: string): number | undefined {
  if (item.scale === 'points' && (key === '=' || key === '+')) return fullValue(item);
  if (!/^[0-9]$/.test(key)) return undefined;
  const d = Number(key);
  if (item.scale === 'yes_no') return d <= 1 ? d : undefined;
  if (item.scale === 'scale5') return d >= 1 && d <= 5 ? d : undefined;
  return d <= fullValue(item) ? d : undefined;
}

export interface LocalScore {
  score: number;
  passed: boolean;
  criticalFailed: string[];
  fatalFailed: string[];
  /** Items still without an answer. */
  unanswered: string[];
}

/** Σ weight·fraction / Σ weight over answered items (all N/A → 100), capped by critical, zeroed by fatal. */
export function localScore(def: ScorecardDef, answers: Answers): LocalScore {
  let earned = 0;
  let possible = 0;
  const criticalFailed: string[] = [];
  const fatalFailed: string[] = [];
  const unanswered: string[] = [];
  for (const it of allItems(def)) {
    const a = answers[it.key];
    if (!a) {
      unanswered.push(it.key);
      continue;
    }
    if (a.value === null) continue;
    const f = fraction(it, a.value);
    earned += it.weight * f;
    possible += it.weight;
    if (f < 1 && it.critical) criticalFailed.push(it.key);
    if (f < 1 && it.fatal) fatalFailed.push(it.key);
  }
  let score = possible > 0 ? (100 * earned) / possible : 100;
  if (criticalFailed.length) score = Math.min(score, def.criticalCap);
  if (fatalFailed.length) score = 0;
  score = Math.round(score * 100) / 100;
  return { score, passed: !fatalFailed.length && score >= def.passThreshold, criticalFailed, fatalFailed, unanswered };
}

export type Problem = { key: string; kind: 'unanswered' | 'na_not_allowed' | 'evidence' };

/** What stops a save: unanswered items, N/A where not allowed, deductions without a time or a quote. */
export function problemsOf(def: ScorecardDef, answers: Answers): Problem[] {
  const out: Problem[] = [];
  for (const it of allItems(def)) {
    const a = answers[it.key];
    if (!a) out.push({ key: it.key, kind: 'unanswered' });
    else if (a.value === null && !it.naAllowed) out.push({ key: it.key, kind: 'na_not_allowed' });
    else if (isDeduction(it, a) && a.evidenceAt == null && !a.evidenceQuote?.trim()) out.push({ key: it.key, kind: 'evidence' });
  }
  return out;
}

/** Full marks on every item (the reviewer's starting point for "overturned", a quick start for the inspector). */
export function fullMarks(def: ScorecardDef): Answers {
  return Object.fromEntries(allItems(def).map((it) => [it.key, { value: fullValue(it) }]));
}

/** Answers as the API takes them: blank evidence and empty lists left out. */
export function cleanAnswers(answers: Answers): Answers {
  const out: Answers = {};
  for (const [k, a] of Object.entries(answers)) {
    const x: Answer = { value: a.value };
    if (a.value !== null) {
      if (a.evidenceAt != null) x.evidenceAt = a.evidenceAt;
      if (a.evidenceQuote?.trim()) x.evidenceQuote = a.evidenceQuote.trim();
      if (a.rootCauses?.length) x.rootCauses = a.rootCauses;
    }
    if (a.note?.trim()) x.note = a.note.trim();
    out[k] = x;
  }
  return out;
}

/** Seconds as m:ss (a place in a recording). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
