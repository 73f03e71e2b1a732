import { describe, expect, it } from 'vitest';
import {
  cohenKappa, computeScore, drawSample, findingSeverity, fleissKappa, inspectorStrictness, nextLadderStep, percentAgreement, weekOf,
  type Answers, type Candidate, type ScorecardDef, type SamplingConfig,
} from './core';

const card: ScorecardDef = {
  passThreshold: 80,
  criticalCap: 60,
  sections: [
    {
      key: 'open', label: '开场', items: [
        { key: 'greet', label: '问候', weight: 10, scale: 'yes_no', naAllowed: false, critical: false, fatal: false },
        { key: 'verify', label: '核实', weight: 10, scale: 'yes_no', naAllowed: false, critical: true, fatal: false },
      ],
    },
    {
      key: 'body', label: '处理', items: [
        { key: 'listen', label: '倾听', weight: 20, scale: 'scale5', naAllowed: true, critical: false, fatal: false },
        { key: 'accuracy', label: '准确', weight: 30, scale: 'points', maxPoints: 10, naAllowed: false, critical: false, fatal: false, rootCauses: ['knowledge', 'system'] },
        { key: 'promise', label: '承诺时限', weight: 10, scale: 'yes_no', naAllowed: true, critical: false, fatal: false },
        { key: 'attitude', label: '态度', weight: 20, scale: 'yes_no', naAllowed: false, critical: false, fatal: true },
      ],
    },
  ],
};
const ev = { evidenceAt: 42 };
const full: Answers = { greet: { value: 1 }, verify: { value: 1 }, listen: { value: 5 }, accuracy: { value: 10 }, promise: { value: 1 }, attitude: { value: 1 } };

describe('score computation', () => {
  it('full marks are 100', () => {
    const r = computeScore(card, full);
    expect(r.ok && r.result.score).toBe(100);
  });

  it('weights, scales and N/A: N/A leaves the denominator', () => {
    // listen 4 of 5 → (4−1)/4 = 0.75 × 20 = 15; accuracy 6 of 10 × 30 = 18; promise N/A.
    // earned = 10 + 10 + 15 + 18 + 20 = 73; possible = 100 − 10 (N/A) = 90; 73/90 = 81.11 % ≥ 80 → pass.
    const r = computeScore(card, { ...full, listen: { value: 4, ...ev }, accuracy: { value: 6, evidenceQuote: '说成了周三', rootCauses: ['knowledge'] }, promise: { value: null } });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.result.earned).toBe(73);
    expect(r.result.possible).toBe(90);
    expect(r.result.score).toBe(81.11);
    expect(r.result.passed).toBe(true);
    expect(findingSeverity(r.result)).toBeNull();
  });

  it('a critical item caps the score', () => {
    // As above with verify = 0: earned 63 / 90 = 70 % raw, capped at 60 → fails.
    const r = computeScore(card, { ...full, verify: { value: 0, ...ev }, listen: { value: 4, ...ev }, accuracy: { value: 6, ...ev }, promise: { value: null } });
    if (!r.ok) throw new Error('problems');
    expect(r.result.raw).toBe(70);
    expect(r.result.score).toBe(60);
    expect(r.result.passed).toBe(false);
    expect(r.result.criticalFailed).toEqual(['verify']);
    expect(findingSeverity(r.result)).toBe('major');
  });

  it('a fatal item fails the whole evaluation', () => {
    // Only attitude lost: raw 80/100 = 80 % would pass; fatal → 0 and failed.
    const r = computeScore(card, { ...full, attitude: { value: 0, ...ev } });
    if (!r.ok) throw new Error('problems');
    expect(r.result.raw).toBe(80);
    expect(r.result.score).toBe(0);
    expect(r.result.passed).toBe(false);
    expect(findingSeverity(r.result)).toBe('serious');
  });

  it('a score just below the threshold is a minor finding', () => {
    // accuracy 3 of 10: 9 of 30; earned 79 / 100 = 79 % < 80.
    const r = computeScore(card, { ...full, accuracy: { value: 3, ...ev } });
    if (!r.ok) throw new Error('problems');
    expect(r.result.score).toBe(79);
    expect(findingSeverity(r.result)).toBe('minor');
  });

  it('refuses deductions without evidence, N/A where not allowed, values out of range, unknown items', () => {
    const r = computeScore(card, { ...full, greet: { value: 0 }, verify: { value: null }, listen: { value: 6 }, extra: { value: 1 }, attitude: undefined as any });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.code}:${p.item}`).sort()).toEqual([
      'quality.answer_missing:attitude', 'quality.evidence_required:greet', 'quality.na_not_allowed:verify', 'quality.unknown_item:extra', 'quality.value_out_of_range:listen',
    ]);
  });
});

describe('agreement', () => {
  it("Cohen's kappa: the 2×2 textbook case", () => {
    // 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
    // pₒ = 35/50 = 0.7; A says yes 25/50 = 0.5, B 30/50 = 0.6; pₑ = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4.
    const a = [...Array(20).fill('y'), ...Array(5).fill('y'), ...Array(10).fill('n'), ...Array(15).fill('n')];
    const b = [...Array(20).fill('y'), ...Array(5).fill('n'), ...Array(10).fill('y'), ...Array(15).fill('n')];
    const k = cohenKappa(a, b);
    expect(k.po).toBeCloseTo(0.7, 10);
    expect(k.pe).toBeCloseTo(0.5, 10);
    expect(k.kappa).toBeCloseTo(0.4, 10);
  });

  it("Fleiss' kappa: a 3×3 case worked by hand, and the 10 × 14 textbook table", () => {
    // S1 yyy: P = (9−3)/6 = 1; S2 yyn: (4+1−3)/6 = 1/3; S3 nny: 1/3. P̄ = 5/9.
    // p_y = 6/9, p_n = 3/9 → P̄ₑ = 4/9 + 1/9 = 5/9 → κ = 0 (agreement exactly at chance).
    const small = [['y', 'y', 'y'], ['y', 'y', 'n'], ['n', 'n', 'y']];
    const f = fleissKappa(small);
    expect(f.pBar).toBeCloseTo(5 / 9, 10);
    expect(f.peBar).toBeCloseTo(5 / 9, 10);
    expect(f.kappa).toBeCloseTo(0, 10);
    const pa = percentAgreement(small);
    expect(pa.pairwise).toBeCloseTo(5 / 9, 10);
    expect(pa.unanimous).toBeCloseTo(1 / 3, 10);

    // Fleiss (1971) as reproduced in most textbooks: 10 subjects, 14 raters, 5 categories;
    // P̄ = 0.378, P̄ₑ = 0.213, κ = 0.210.
    const table = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    const ratings = table.map((row) => row.flatMap((n, c) => Array(n).fill(`c${c}`)));
    const g = fleissKappa(ratings);
    expect(g.pBar).toBeCloseTo(0.378, 3);
    expect(g.peBar).toBeCloseTo(0.213, 3);
    expect(g.kappa).toBeCloseTo(0.21, 2);
  });

  it('two raters: Fleiss with n = 2 agrees with the pairwise percentage', () => {
    const r = [['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b']];
    expect(percentAgreement(r).pairwise).toBeCloseTo(0.75, 10);
    expect(fleissKappa(r).pBar).toBeCloseTo(0.75, 10);
  });

  it('strictness: deviation from the consensus mean per subject', () => {
    // s1: 80 and 90 → consensus 85; s2: 70, 70, 100 → 80. A: −5, −10 → mean −7.5; B: +5 (s1); C: −10 (s2); D: +20.
    const s = inspectorStrictness([
      { subject: 's1', inspectorId: 'A', score: 80 }, { subject: 's1', inspectorId: 'B', score: 90 },
      { subject: 's2', inspectorId: 'A', score: 70 }, { subject: 's2', inspectorId: 'C', score: 70 }, { subject: 's2', inspectorId: 'D', score: 100 },
    ]);
    expect(s).toEqual([
      { inspectorId: 'A', meanDeviation: -7.5, meanAbsDeviation: 7.5, n: 2 },
      { inspectorId: 'B', meanDeviation: 5, meanAbsDeviation: 5, n: 1 },
      { inspectorId: 'C', meanDeviation: -10, meanAbsDeviation: 10, n: 1 },
      { inspectorId: 'D', meanDeviation: 20, meanAbsDeviation: 20, n: 1 },
    ]);
  });
});

describe('penalty ladder', () => {
  it('climbs with repeated findings and asks a manager where money or employment is involved', () => {
    expect(nextLadderStep('minor', 0).step).toBe('verbal_reminder');
    expect(nextLadderStep('minor', 1).step).toBe('verbal_warning');
    expect(nextLadderStep('minor', 2)).toEqual({ step: 'qa_notice', needsApproval: false, signed: true });
    expect(nextLadderStep('minor', 3).step).toBe('retraining');
    expect(nextLadderStep('minor', 4)).toEqual({ step: 'fine', needsApproval: true, signed: true });
    expect(nextLadderStep('minor', 5).step).toBe('fine');
    expect(nextLadderStep('minor', 6)).toEqual({ step: 'dismissal', needsApproval: true, signed: true });
    expect(nextLadderStep('major', 0).step).toBe('verbal_warning');
    expect(nextLadderStep('serious', 0).step).toBe('qa_notice');
    expect(nextLadderStep('serious', 3).step).toBe('dismissal');
  });
  it('a repeat within the window never steps down', () => {
    expect(nextLadderStep('minor', 1, 'retraining').step).toBe('retraining');
    expect(nextLadderStep('minor', 0, 'retraining').step).toBe('verbal_reminder');
  });
});

describe('sampling', () => {
  // Two agents × 2 weeks; agent u1 has complaints, u2 is new. 20 contacts each, one per day-ish.
  const cands: Candidate[] = [];
  for (const agent of ['u1', 'u2']) {
    for (let d = 0; d < 14; d++) {
      for (let k = 0; k < 3; k++) {
        const day = `2026-03-${String(2 + d).padStart(2, '0')}`; // 2026-03-02 is a Monday
        cands.push({ kind: 'contact', id: `${agent}-${d}-${k}`, agentId: agent, projectId: 'p', at: `${day}T0${k}:00:00.000Z`, day, complaint: agent === 'u1' && k === 0 && d % 3 === 0 });
      }
    }
  }
  const cfg: SamplingConfig = { seed: 7, from: '2026-03-02', to: '2026-03-15', perInspectorPerDay: 1, minPerAgentPerWeek: 3, riskShare: 0.5, longHandleS: 600, workdays: [1, 2, 3, 4, 5, 6, 7] };
  const input = { candidates: cands, inspectors: ['q1', 'q2'], newAgents: new Set(['u2']), fallingAgents: new Set<string>(), excluded: new Set(['contact:u1-0-0']) };

  it('is reproducible with a seed, and another seed draws otherwise', () => {
    const a = drawSample(input, cfg);
    const b = drawSample({ ...input, candidates: [...cands].reverse() }, cfg);
    expect(b.items).toEqual(a.items);
    const c = drawSample(input, { ...cfg, seed: 8 });
    expect(c.items.map((i) => i.id)).not.toEqual(a.items.map((i) => i.id));
  });

  it('honours capacity, per-day quotas, weekly minimum, strata and exclusions', () => {
    const s = drawSample(input, cfg);
    // Capacity: 2 inspectors × 14 days × 1 = 28.
    expect(s.capacity).toBe(28);
    expect(s.items).toHaveLength(28);
    expect(s.items.some((i) => i.id === 'u1-0-0')).toBe(false);
    const perDay = new Map<string, number>();
    for (const i of s.items) perDay.set(`${i.inspectorId}|${i.dueOn}`, (perDay.get(`${i.inspectorId}|${i.dueOn}`) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBe(1);
    for (const agent of ['u1', 'u2']) for (const wk of ['2026-03-02', '2026-03-09']) {
      expect(s.items.filter((i) => i.agentId === agent && weekOf(i.at.slice(0, 10)) === wk).length).toBeGreaterThanOrEqual(3);
    }
    // Min 3 × 2 agents × 2 weeks = 12; risk = 14 (half of 28) split between complaint (4 left of 5, one excluded) and new_agent.
    expect(s.byStratum.min_per_agent).toBe(12);
    expect((s.byStratum.complaint ?? 0) + (s.byStratum.new_agent ?? 0)).toBe(14);
    expect(s.items.filter((i) => i.reasons.includes('complaint')).length).toBe(4);
    expect(s.items.every((i) => i.reasons.length > 0 && i.reasons[0] === i.stratum)).toBe(true);
    // Rotation: each inspector sees both agents.
    for (const q of ['q1', 'q2']) expect(new Set(s.items.filter((i) => i.inspectorId === q).map((i) => i.agentId)).size).toBe(2);
  });

  it('rotation prefers the inspector who has seen the agent least', () => {
    const s = drawSample({ ...input, pairHistory: new Map([['q1|u1', 50], ['q2|u2', 50]]) }, { ...cfg, perInspectorPerDay: 10, maxItems: 4 });
    expect(s.items.every((i) => (i.agentId === 'u1' ? i.inspectorId === 'q2' : i.inspectorId === 'q1'))).toBe(true);
  });
});
