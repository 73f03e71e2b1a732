import { describe, expect, it } from 'vitest';
import type { ScorecardDef } from './api';
import { cleanAnswers, fullMarks, localScore, problemsOf, valueForKey } from './qualityModel';

const def: ScorecardDef = {
  passThreshold: 80,
  criticalCap: 60,
  sections: [
    {
      key: 's',
      label: 'S',
      items: [
        { key: 'greet', label: 'G', weight: 10, scale: 'yes_no', naAllowed: false, critical: false, fatal: false },
        { key: 'verify', label: 'V', weight: 10, scale: 'yes_no', naAllowed: true, critical: true, fatal: false },
        { key: 'listen', label: 'L', weight: 20, scale: 'scale5', naAllowed: false, critical: false, fatal: false },
        { key: 'facts', label: 'F', weight: 40, scale: 'points', maxPoints: 10, naAllowed: false, critical: false, fatal: false },
        { key: 'abuse', label: 'A', weight: 20, scale: 'yes_no', naAllowed: false, critical: false, fatal: true },
      ],
    },
  ],
};

describe('scoring on the screen (the same rules as the server)', () => {
  it('weights the answered items, leaves N/A out, caps on a critical loss and zeroes on a fatal one', () => {
    // listen 4 → 0.75 of 20 = 15; facts 8/10 of 40 = 32; verify N/A: (10 + 15 + 32 + 20) / 90 = 85.56
    const a = { greet: { value: 1 }, verify: { value: null }, listen: { value: 4 }, facts: { value: 8 }, abuse: { value: 1 } };
    expect(localScore(def, a)).toMatchObject({ score: 85.56, passed: true, criticalFailed: [], fatalFailed: [] });
    expect(localScore(def, { ...a, verify: { value: 0 } })).toMatchObject({ score: 60, passed: false, criticalFailed: ['verify'] });
    expect(localScore(def, { ...a, abuse: { value: 0 } })).toMatchObject({ score: 0, passed: false, fatalFailed: ['abuse'] });
    expect(localScore(def, fullMarks(def)).score).toBe(100);
  });

  it('asks for evidence on every deduction, refuses N/A where it is not allowed and lists unanswered items', () => {
    const a = { ...fullMarks(def), listen: { value: 3 }, greet: { value: null } };
    delete (a as Record<string, unknown>).facts;
    expect(problemsOf(def, a)).toEqual([
      { key: 'greet', kind: 'na_not_allowed' },
      { key: 'listen', kind: 'evidence' },
      { key: 'facts', kind: 'unanswered' },
    ]);
    expect(problemsOf(def, { ...fullMarks(def), listen: { value: 3, evidenceAt: 42 } })).toEqual([]);
    expect(problemsOf(def, { ...fullMarks(def), listen: { value: 3, evidenceQuote: '  ' } })).toHaveLength(1);
  });

  it('maps keys to each scale and cleans answers for the API', () => {
    const [greet, , listen, facts] = def.sections[0].items;
    expect([valueForKey(greet, '1'), valueForKey(greet, '0'), valueForKey(greet, '2')]).toEqual([1, 0, undefined]);
    expect([valueForKey(listen, '5'), valueForKey(listen, '0'), valueForKey(listen, '6')]).toEqual([5, undefined, undefined]);
    expect([valueForKey(facts, '7'), valueForKey(facts, '='), valueForKey(facts, 'x')]).toEqual([7, 10, undefined]);
    expect(cleanAnswers({ a: { value: 0, evidenceQuote: ' q ', rootCauses: [] }, b: { value: null, evidenceAt: 3 } })).toEqual({ a: { value: 0, evidenceQuote: 'q' }, b: { value: null } });
  });
});
