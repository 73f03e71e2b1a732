import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateChecklist } from '../../../../../src/modules/inspections/core';
import type { ChecklistItem } from '../../../opsApi';
import { answersFrom, isAbnormal, itemsOrOverall, missingItems, OVERALL_ITEM, type Answer } from './checkModel';

const item: fc.Arbitrary<ChecklistItem> = fc.oneof(
  fc.record({ code: fc.constantFrom('a', 'b', 'c'), label: fc.constant('L'), type: fc.constant('check' as const) }),
  fc.record({ code: fc.constantFrom('a', 'b', 'c'), label: fc.constant('L'), type: fc.constant('number' as const), min: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }), max: fc.option(fc.integer({ min: 5, max: 10 }), { nil: undefined }) }),
  fc.record({ code: fc.constantFrom('a', 'b', 'c'), label: fc.constant('L'), type: fc.constant('choice' as const), options: fc.constant(['x', 'y', 'z'] as string[]), abnormal: fc.subarray(['x', 'y', 'z']) }),
);

function answerFor(i: ChecklistItem): fc.Arbitrary<Answer> {
  if (i.type === 'check') return fc.boolean();
  if (i.type === 'number') return fc.integer({ min: -2, max: 12 });
  if (i.type === 'choice') return fc.constantFrom(...i.options);
  return fc.string();
}

describe('checkModel', () => {
  it('says "abnormal" exactly when the server would open a hazard for the same answers', () => {
    const list = fc.uniqueArray(item, { selector: (i) => i.code, minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        list.chain((items) => fc.tuple(fc.constant(items), fc.tuple(...items.map(answerFor)))),
        ([items, answers]) => {
          const values = Object.fromEntries(items.map((i, k) => [i.code, answers[k]]));
          const server = evaluateChecklist(items as never, answersFrom(items, values));
          expect(server.problems).toEqual([]);
          expect(items.some((i) => isAbnormal(i, values[i.code]))).toBe(server.outcome === 'abnormal');
        },
      ),
    );
  });

  it('falls back to the single overall item the server checks when there is no checklist', () => {
    expect(itemsOrOverall(undefined)).toEqual([OVERALL_ITEM]);
    expect(evaluateChecklist([], [{ code: 'overall', value: false }]).outcome).toBe('abnormal');
    expect(missingItems([OVERALL_ITEM], {})).toEqual(['overall']);
    expect(missingItems([{ code: 't', label: 'T', type: 'text' }], {})).toEqual([]);
  });
});
