/**
 * Renders the declared access model as the readable matrix in docs/ACCESS.md. The matrix test
 * renders it again from the running app and fails when the file is stale, so a new route, or a
 * changed declaration, cannot land without the document saying who may call it.
 */
import { gate, type DeclaredRoute, type RouteAccess } from './access';
import { ROLES, ROLE_PERMISSIONS } from './permissions';

const ROLE_ZH: Record<string, string> = {
  admin: '管理员',
  manager: '经理',
  supervisor: '主管',
  agent: '客服',
  front_desk: '前台',
  dispatcher: '调度',
  technician: '维修',
  collector: '收费',
  inspector: '巡检',
  qa: '质检',
  resident: '业主',
};

const SCOPE_TEXT: Record<RouteAccess['scope'], string> = {
  none: 'no organisation data 无业务数据',
  self: "the caller's own account 本人账号",
  org: 'organisation-wide 全组织',
  project: 'assigned projects 所属项目',
  assigned: 'assigned projects; technicians / inspectors only their assigned work 所属项目，维修与巡检仅限派给本人的工作',
  own: 'residents: own units, party, orders, bills; staff: assigned projects 业主仅本人房屋与账单，员工按所属项目',
  link: 'capability link in the URL 链接凭证',
};

function permissionText(a: RouteAccess): string {
  if (a.permission === 'public') return 'public 公开';
  if (a.permission === 'signed-in') return 'signed in 已登录';
  return (typeof a.permission === 'string' ? [a.permission] : a.permission).map((p) => `\`${p}\``).join(' or ');
}

export function renderAccessDoc(routes: readonly DeclaredRoute[]): string {
  const sorted = [...routes].sort((x, y) => (x.url === y.url ? x.method.localeCompare(y.method) : x.url.localeCompare(y.url)));
  const lines: string[] = [];
  lines.push('# Access matrix 权限矩阵');
  lines.push('');
  lines.push('Generated from the route declarations (`config: access(permission, scope)` on every route; see');
  lines.push('`src/modules/auth/access.ts`). `test/access-matrix.api.test.ts` regenerates it and fails when this file is');
  lines.push('stale; `UPDATE_ACCESS_DOC=1 npx vitest run test/access-matrix.api.test.ts` rewrites it. The same test calls');
  lines.push('every route as every role on SQLite and PostgreSQL and checks the outcome against this table, and checks that');
  lines.push('users scoped to another project, and other residents, find none of the records below in any answer.');
  lines.push('');
  lines.push('✓ = the role passes the gate (the route may still narrow rows by data scope); – = refused (403);');
  lines.push('anonymous callers get 401 on every route that is not public, before any input is validated.');
  lines.push('');
  lines.push('## Data scopes 数据范围');
  lines.push('');
  for (const [k, v] of Object.entries(SCOPE_TEXT)) lines.push(`- \`${k}\`: ${v}`);
  lines.push('');
  lines.push('## Role permissions 角色权限');
  lines.push('');
  lines.push('| role | 角色 | permissions |');
  lines.push('|---|---|---|');
  for (const r of ROLES) lines.push(`| ${r} | ${ROLE_ZH[r] ?? r} | ${[...ROLE_PERMISSIONS[r]].map((p) => `\`${p}\``).join(' ')} |`);
  lines.push('');
  lines.push('## Routes 接口');
  lines.push('');
  lines.push(`| method | path | permission | scope | ${ROLES.map((r) => ROLE_ZH[r] ?? r).join(' | ')} |`);
  lines.push(`|---|---|---|---|${ROLES.map(() => ':-:').join('|')}|`);
  for (const r of sorted) {
    const cells = ROLES.map((role) => (gate({ role, via: 'session' }, r.access).allowed ? '✓' : '–'));
    const flags = r.access.sessionOnly ? ' (session only)' : '';
    lines.push(`| ${r.method} | \`${r.url}\` | ${permissionText(r.access)}${flags} | ${r.access.scope} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}
