/**
 * Render the transition tables as Markdown (docs/lifecycle.md is this output; a test keeps the
 * two in step). Regenerate with:
 *   npx tsx -e "import('./src/modules/workorders/lifecycle/docs').then(m => process.stdout.write(m.renderLifecycleMarkdown()))" > docs/lifecycle.md
 */
import { actionLabel, LIFECYCLE_LABELS, stateLabel } from './labels';
import { LIFECYCLE_TABLES } from './tables';
import { KINDS, type Kind, type KindTable, type TransitionDef } from './types';

function target(def: TransitionDef, kind: Kind): string {
  const to = def.to;
  const s = (x: string) => `${x} ${stateLabel('zh-CN', kind, x)}`;
  if (to === null) return '(unchanged)';
  if (typeof to === 'string') return s(to);
  const cases = Object.entries(to.cases).map(([v, st]) => `${to.field}=${v} → ${s(st)}`);
  return [...cases, `otherwise → ${s(to.otherwise)}`].join('<br>');
}

function renderTable(table: KindTable): string {
  const kind = table.kind;
  const zh = LIFECYCLE_LABELS['zh-CN'];
  const lines: string[] = [];
  lines.push(`## ${kind} ${zh.kinds[kind]}`, '');
  lines.push(`States: ${table.states.map((s) => `\`${s}\` ${stateLabel('zh-CN', kind, s)}`).join(', ')}.`, '');
  lines.push(`Initial: \`${table.initial}\`. Terminal: ${table.terminal.map((s) => `\`${s}\``).join(', ')}. ` +
    `Created by: ${table.createRoles.join(', ')}. ` +
    (table.informRequired
      ? `Owner must inform the customer in: ${table.resultStates.map((s) => `\`${s}\``).join(', ')}.`
      : 'No customer-informed duty.'), '');
  lines.push('| action | 操作 | from | to | roles | guards |', '|---|---|---|---|---|---|');
  for (const d of table.transitions) {
    const from = d.from.length === table.states.length ? '(any)' : d.from.join(', ');
    lines.push(`| \`${d.action}\` | ${actionLabel('zh-CN', kind, d.action)} | ${from} | ${target(d, kind)} | ${d.roles.join(', ')} | ${d.guards.map((g) => g.id).join(', ') || '—'} |`);
  }
  lines.push('');
  return lines.join('\n');
}

export function renderLifecycleMarkdown(tables: Readonly<Record<Kind, KindTable>> = LIFECYCLE_TABLES): string {
  const head = [
    '# Work-order lifecycles',
    '',
    'Generated from `src/modules/workorders/lifecycle/tables` by `renderLifecycleMarkdown()` — do not edit by hand.',
    '',
    'Every action is checked in this order: the action exists for the kind → the expected version matches →',
    'the order is in one of the `from` states → the actor has one of the `roles` → every guard passes.',
    'Failures carry a code such as `lifecycle.transition_not_allowed`, `lifecycle.role_forbidden` or the guard\'s',
    'own code (`lifecycle.reason_required` …). "(unchanged)" marks flag actions that append an event and',
    'change fields but not the state. The first-contact owner (`ownerId`) is set by the first member of staff',
    'who takes the matter and changes afterwards only through `handover_owner`.',
    '',
  ];
  return head.join('\n') + '\n' + KINDS.map((k) => renderTable(tables[k])).join('\n');
}
