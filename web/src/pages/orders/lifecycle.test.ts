import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyTransition, availableActions, blankOrder, LIFECYCLE_TABLES, ROLES, type Kind } from '../../../../src/modules/workorders/lifecycle';
import { fenToYuanString } from '../../format';
import { actionBody, actionFields, actionLabel, kindLabel, outcomeOptions, reasonNeeded, stateLabel, yuanToFen, type ActionValues, type FieldSpec } from './lifecycle';

const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
const KINDS = Object.keys(LIFECYCLE_TABLES) as Kind[];

describe('yuanToFen', () => {
  it('reads back every amount fenToYuanString writes, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (fen) => {
        expect(yuanToFen(fenToYuanString(fen))).toBe(fen);
      }),
    );
  });
  it('takes what people type: whole yuan, one decimal, grouping, a currency sign', () => {
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen('10.05')).toBe(1005);
    expect(yuanToFen(' 1,200.05 ')).toBe(120005);
    expect(yuanToFen('¥8.')).toBe(800);
  });
  it('refuses what is not an amount of money: fractions of a fen, negatives, words', () => {
    for (const bad of ['', '1.005', '-3', 'abc', '1e3', '.5.5', '12元'] ) expect(yuanToFen(bad), bad).toBeNull();
  });
});

describe('labels', () => {
  it('name every state and action of every kind in all three languages', () => {
    for (const l of LOCALES)
      for (const k of KINDS) {
        expect(kindLabel(l, k)).not.toBe(k);
        const t = LIFECYCLE_TABLES[k];
        for (const s of t.states) expect(stateLabel(l, k, s), `${l} ${k} ${s}`).not.toBe(s);
        for (const tr of t.transitions) expect(actionLabel(l, k, tr.action), `${l} ${k} ${tr.action}`).not.toBe(tr.action);
      }
  });
  it('use the per-kind wording where there is one (an enquiry is answered, not completed)', () => {
    expect(stateLabel('en', 'enquiry', 'completed')).not.toBe(stateLabel('en', 'repair', 'completed'));
  });
});

/** Plausible input for each field, as a person would fill the generated form. */
function fill(fields: FieldSpec[], outcome?: string): ActionValues {
  const v: ActionValues = {};
  for (const f of fields) {
    if (f.kind === 'technician' || f.kind === 'staff') v[f.name] = 'someone-else';
    else if (f.kind === 'holdReason' || f.kind === 'channel') v[f.name] = f.options![0];
    else if (f.kind === 'outcome') v[f.name] = outcome ?? f.options![0];
    else if (f.kind === 'money') v[f.name] = '0';
    else if (f.kind === 'text' || f.kind === 'longText') v[f.name] = '  words  ';
  }
  return v;
}

describe('action forms', () => {
  // Every kind × state × role the engine knows, with an order the actor owns and is assigned.
  const cases = KINDS.flatMap((kind) =>
    LIFECYCLE_TABLES[kind].states.flatMap((state) =>
      ROLES.map((role) => {
        const order = { ...blankOrder('o1', kind, state), ownerId: 'me', assigneeId: 'me', reporterId: 'me', version: 3 };
        return { kind, state, role, order, actor: { id: 'me', roles: [role] } };
      }),
    ),
  );

  it('ask for every input the server requires, and offer every optional one', () => {
    let checked = 0;
    for (const c of cases)
      for (const a of availableActions(c.order, c.actor)) {
        const fields = actionFields(c.kind, a);
        for (const r of a.requires) {
          const f = fields.find((x) => x.name === r);
          expect(f, `${c.kind}/${c.state}/${c.role}/${a.action} requires ${r}`).toBeDefined();
          expect(f!.required).toBe(true);
          checked++;
        }
        for (const o of a.optional) expect(fields.some((x) => x.name === o), `${c.kind}/${a.action} optional ${o}`).toBe(true);
      }
    expect(checked).toBeGreaterThan(50);
  });

  it('offer only outcomes the engine accepts, and every one of them passes its guard when the form is filled', () => {
    let tried = 0;
    for (const c of cases)
      for (const a of availableActions(c.order, c.actor)) {
        const fields = actionFields(c.kind, a);
        if (!fields.some((f) => f.kind === 'outcome')) continue;
        for (const outcome of outcomeOptions(c.kind, a.action)) {
          const body = actionBody(fields, fill(fields, outcome), c.order.version);
          const input = { ...body, at: '2026-01-05T02:00:00.000Z' } as Parameters<typeof applyTransition>[3];
          const r = applyTransition(LIFECYCLE_TABLES[c.kind], c.order, a.action, input, c.actor);
          const code = r.ok ? null : r.code;
          expect(code, `${c.kind}/${c.state}/${a.action}/${outcome}`).not.toBe('lifecycle.outcome_required');
          expect(code).not.toBe('lifecycle.reason_required');
          tried++;
        }
      }
    expect(tried).toBeGreaterThan(5);
  });

  it('make the reason required exactly for a negative outcome when the server asks for it conditionally', () => {
    const spec = actionFields('repair', { action: 'return_visit', to: [], requires: ['outcome'], optional: ['reason'] }).find((f) => f.name === 'reason')!;
    expect(reasonNeeded(spec, 'dissatisfied')).toBe(true);
    expect(reasonNeeded(spec, 'satisfied')).toBe(false);
    expect(reasonNeeded(spec, undefined)).toBe(false);
  });
});

describe('actionBody', () => {
  const fields = actionFields('repair', { action: 'complete', to: [], requires: [], optional: ['chargeFen', 'note'] });
  it('sends the version seen, trims text, converts yuan to fen and leaves empty inputs out', () => {
    expect(actionBody(fields, { note: '  done ', chargeFen: '12.30' }, 7)).toEqual({ expectedVersion: 7, note: 'done', chargeFen: 1230 });
    expect(actionBody(fields, { note: '   ', chargeFen: '' }, 2)).toEqual({ expectedVersion: 2 });
  });
  it('keeps only complete material rows', () => {
    const body = actionBody(fields, { materials: [{ name: ' valve ', quantity: '2', unit: 'pc' }, { name: '', quantity: 1 }, { name: 'tape', quantity: 0 }] }, 1);
    expect(body.materials).toEqual([{ name: 'valve', quantity: 2, unit: 'pc' }]);
  });
  it('passes return-visit scores only inside 1–5', () => {
    const rv = actionFields('repair', { action: 'return_visit', to: [], requires: ['outcome'], optional: ['reason'] });
    fc.assert(
      fc.property(fc.integer({ min: -3, max: 9 }), (n) => {
        const b = actionBody(rv, { outcome: 'satisfied', scoreSpeed: n }, 1);
        expect('scoreSpeed' in b).toBe(n >= 1 && n <= 5);
      }),
    );
  });
});
