/** Structural checks on the tables, the labels and the generated documentation. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderLifecycleMarkdown } from './docs';
import { possibleTargets, targetsFrom } from './engine';
import { actionLabel, LIFECYCLE_LABELS, LIFECYCLE_MESSAGES, stateLabel, type LabelLocale } from './labels';
import { LIFECYCLE_TABLES } from './tables';
import { ADOPTION_OUTCOMES, CHECK_OUTCOMES, HOLD_REASONS, KINDS, ROLES, VISIT_OUTCOMES } from './types';

const LOCALES: LabelLocale[] = ['zh-CN', 'zh-TW', 'en'];

describe('tables are well formed', () => {
  for (const kind of KINDS) {
    const t = LIFECYCLE_TABLES[kind];
    it(`${kind}: states, actions and roles are consistent`, () => {
      expect(t.kind).toBe(kind);
      expect(new Set(t.states).size).toBe(t.states.length);
      expect(t.states).toContain(t.initial);
      for (const s of [...t.terminal, ...t.resultStates]) expect(t.states).toContain(s);
      const actions = t.transitions.map((d) => d.action);
      expect(new Set(actions).size).toBe(actions.length);
      for (const d of t.transitions) {
        expect(d.from.length).toBeGreaterThan(0);
        for (const s of [...d.from, ...possibleTargets(d)]) expect(t.states).toContain(s);
        expect(d.roles.length).toBeGreaterThan(0);
        for (const r of d.roles) expect(ROLES).toContain(r);
      }
      for (const r of t.createRoles) expect(ROLES).toContain(r);
    });

    it(`${kind}: every state is reachable and only terminal states are dead ends`, () => {
      const seen = new Set([t.initial]);
      const queue = [t.initial];
      while (queue.length) {
        const s = queue.shift()!;
        for (const d of t.transitions)
          if (d.from.includes(s))
            for (const n of targetsFrom(d, s))
              if (!seen.has(n)) {
                seen.add(n);
                queue.push(n);
              }
      }
      expect([...seen].sort()).toEqual([...t.states].sort());
      for (const s of t.states) {
        const exits = t.transitions.filter((d) => d.from.includes(s) && targetsFrom(d, s).some((n) => n !== s));
        if (t.terminal.includes(s)) {
          // Terminal: nothing leads out except an explicit reopen of a closed order.
          expect(exits.map((d) => d.action).filter((a) => a !== 'reopen')).toEqual([]);
          if (exits.length) expect(s).toBe('closed');
        } else expect(exits.length, `${kind}/${s} is a dead end`).toBeGreaterThan(0);
      }
    });

    it(`${kind}: the owner changes only through handover_owner, supervisor or manager only`, () => {
      const h = t.transitions.find((d) => d.action === 'handover_owner');
      expect(h?.roles).toEqual(['supervisor', 'manager']);
      expect(h?.from).toEqual(t.states);
    });
  }

  it('follows DESIGN.md §3 for repairs', () => {
    const t = LIFECYCLE_TABLES.repair;
    const edge = (a: string) => {
      const d = t.transitions.find((x) => x.action === a)!;
      return `${d.from.join('|')} -> ${possibleTargets(d).join('|')}`;
    };
    expect(edge('acknowledge')).toBe('received -> awaiting_dispatch');
    expect(edge('accept')).toBe('dispatched -> accepted');
    expect(edge('arrive')).toBe('accepted -> on_site');
    expect(edge('start_work')).toBe('on_site -> in_progress');
    expect(edge('hold')).toBe('in_progress -> on_hold');
    expect(edge('resume')).toBe('on_hold -> in_progress');
    expect(edge('complete')).toBe('in_progress -> completed');
    expect(edge('request_payment')).toBe('completed -> awaiting_payment');
    expect(edge('confirm_payment')).toBe('awaiting_payment -> awaiting_visit');
    expect(edge('request_visit')).toBe('completed -> awaiting_visit');
    expect(edge('return_visit')).toBe('awaiting_visit -> awaiting_dispatch|closed');
    const beforeCompleted = ['received', 'awaiting_dispatch', 'dispatched', 'accepted', 'on_site', 'in_progress', 'on_hold'];
    expect(t.transitions.find((d) => d.action === 'cancel')!.from).toEqual(beforeCompleted);
    for (const a of ['transfer', 'hand_back', 'redispatch'])
      for (const s of t.transitions.find((d) => d.action === a)!.from) expect(beforeCompleted).toContain(s);
  });

  it('follows the brief for hazards: reinspection failure goes back to rectifying', () => {
    const d = LIFECYCLE_TABLES.hazard.transitions.find((x) => x.action === 'reinspect')!;
    expect(d.to).toEqual({ field: 'outcome', cases: { fail: 'rectifying' }, otherwise: 'closed' });
  });
});

describe('labels', () => {
  it('label every kind, role, state, action, hold reason and outcome in all three locales', () => {
    for (const locale of LOCALES) {
      const l = LIFECYCLE_LABELS[locale];
      for (const k of KINDS) expect(l.kinds[k], `${locale} kind ${k}`).toBeTruthy();
      for (const r of ROLES) expect(l.roles[r], `${locale} role ${r}`).toBeTruthy();
      for (const k of KINDS) {
        const t = LIFECYCLE_TABLES[k];
        for (const s of t.states) expect(l.states[s], `${locale} state ${s}`).toBeTruthy();
        for (const d of t.transitions) expect(l.actions[d.action], `${locale} action ${d.action}`).toBeTruthy();
      }
      for (const h of HOLD_REASONS) expect(l.holdReasons[h]).toBeTruthy();
      for (const o of [...VISIT_OUTCOMES, ...CHECK_OUTCOMES, ...ADOPTION_OUTCOMES]) expect(l.outcomes[o]).toBeTruthy();
      // Overrides name only real states/actions of their kind.
      for (const [k, map] of Object.entries(l.stateOverrides))
        for (const s of Object.keys(map)) expect(LIFECYCLE_TABLES[k as keyof typeof LIFECYCLE_TABLES].states).toContain(s);
      for (const [k, map] of Object.entries(l.actionOverrides))
        for (const a of Object.keys(map))
          expect(LIFECYCLE_TABLES[k as keyof typeof LIFECYCLE_TABLES].transitions.map((d) => d.action)).toContain(a);
    }
  });

  it('reads per kind where the wording differs', () => {
    expect(stateLabel('zh-CN', 'repair', 'completed')).toBe('已完工');
    expect(stateLabel('zh-CN', 'enquiry', 'completed')).toBe('已答复');
    expect(stateLabel('zh-TW', 'repair', 'awaiting_visit')).toBe('待回訪');
    expect(actionLabel('en', 'repair', 'hand_back')).toBe('Hand back');
    expect(actionLabel('zh-CN', 'repair', 'inform_customer')).toBe('告知客户');
  });

  it('has a message in every locale for every error code the engine and guards can return', () => {
    const src = ['engine.ts', 'guards.ts', 'tables/complaint.ts', 'tables/simple.ts']
      .map((f) => readFileSync(fileURLToPath(new URL(`./${f}`, import.meta.url)), 'utf8'))
      .join('\n');
    const codes = new Set([...src.matchAll(/'(lifecycle\.[a-z_]+)'/g)].map((m) => m[1]));
    expect(codes.size).toBeGreaterThan(20);
    for (const locale of LOCALES) for (const c of codes) expect(LIFECYCLE_MESSAGES[locale][c], `${locale} ${c}`).toBeTruthy();
    // Placeholders match across locales.
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    for (const c of Object.keys(LIFECYCLE_MESSAGES.en))
      for (const locale of LOCALES) expect(ph(LIFECYCLE_MESSAGES[locale][c]), `${locale} ${c}`).toBe(ph(LIFECYCLE_MESSAGES.en[c]));
  });
});

describe('docs/lifecycle.md', () => {
  it('is the rendering of the current tables', () => {
    const path = fileURLToPath(new URL('../../../../docs/lifecycle.md', import.meta.url));
    // To regenerate, see the command at the top of docs.ts.
    expect(readFileSync(path, 'utf8')).toBe(renderLifecycleMarkdown());
  });

  it('renders one table per kind with every action', () => {
    const md = renderLifecycleMarkdown();
    for (const k of KINDS) {
      expect(md).toContain(`## ${k} `);
      for (const d of LIFECYCLE_TABLES[k].transitions) expect(md).toContain(`| \`${d.action}\` |`);
    }
    // No stray pipes inside cells: every table row has exactly 7 pipes.
    for (const line of md.split('\n').filter((l) => l.startsWith('| `'))) expect(line.split('|').length - 1).toBe(7);
  });
});
