import type { Role } from './schema';
import { AppError } from '../../core/errors';

/** Everything a user may be allowed to do. Modules add their permissions here. */
export const PERMISSIONS = [
  'registry.read',
  'parties.read',
  'registry.write',
  'registry.import',
  'users.manage',
  'users.read',
  'contacts.read',
  'contacts.write',
  'orders.read',
  'orders.create',
  'orders.dispatch',
  'orders.work',
  'orders.visit',
  'orders.supervise',
  'sla.manage',
  'billing.read',
  'billing.write',
  'billing.approve',
  'inspections.read',
  'inspections.write',
  'ledgers.read',
  'ledgers.write',
  'wfm.read',
  'wfm.write',
  'quality.read',
  'quality.write',
  /** See, acknowledge and dispute one's own quality evaluations (质检结果). */
  'quality.self',
  'knowledge.read',
  'knowledge.write',
  'knowledge.approve',
  'reports.read',
  // Plans, targets, report templates and documents (generate, edit, approve, publish): managers and admins.
  'reports.manage',
  'settings.manage',
  'system.backup',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What every desk-side role reads. `registry.read` is the structure only (projects, buildings,
 * units); the people in it — names, phones, occupants, plates — are `parties.read`, granted per
 * role below to those whose work needs them (DESIGN.md §2: personal data only where work needs it).
 */
const STAFF_BASE: Permission[] = ['registry.read', 'contacts.read', 'orders.read', 'users.read'];

/**
 * Role → permissions (DESIGN.md §2). Data scope is applied separately, per project, and for
 * technicians and inspectors per assignment (see {@link seesAssignedWorkOnly}).
 *
 * `parties.read`: admin, manager, supervisor (queues, escalations, registry upkeep), agent and
 * front desk (identify callers and walk-ins, log contacts), dispatcher (also takes calls and
 * creates orders with the customer), collector (bills and dunning are addressed to parties),
 * resident (their own party only). Not technicians and inspectors (they get the customer of
 * the work assigned to them, on the order), nor QA (they score recorded calls and orders, which
 * carry the contact they concern — the customer register is not needed for that).
 * Collectors keep billing and parties but no longer read the call log (`contacts.read`): dunning
 * has its own records, and the desk's log holds other matters' callers and summaries.
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  manager: new Set(PERMISSIONS.filter((p) => p !== 'system.backup')),
  supervisor: new Set<Permission>([
    ...STAFF_BASE, 'parties.read', 'registry.write', 'registry.import', 'contacts.write', 'orders.create', 'orders.dispatch',
    'orders.work', 'orders.visit', 'orders.supervise', 'billing.read', 'inspections.read', 'ledgers.read',
    'ledgers.write', 'wfm.read', 'wfm.write', 'quality.read', 'reports.read',
  ]),
  agent: new Set<Permission>([...STAFF_BASE, 'parties.read', 'contacts.write', 'orders.create', 'orders.visit', 'billing.read', 'ledgers.read', 'ledgers.write']),
  front_desk: new Set<Permission>([...STAFF_BASE, 'parties.read', 'contacts.write', 'orders.create', 'ledgers.read', 'ledgers.write', 'billing.read']),
  dispatcher: new Set<Permission>([...STAFF_BASE, 'parties.read', 'contacts.write', 'orders.create', 'orders.dispatch', 'reports.read']),
  technician: new Set<Permission>(['registry.read', 'orders.read', 'orders.work']),
  collector: new Set<Permission>(['registry.read', 'parties.read', 'billing.read', 'billing.write', 'reports.read']),
  // orders.create: hazards only (inspectors find them); the create route refuses other kinds.
  inspector: new Set<Permission>(['registry.read', 'orders.read', 'orders.create', 'orders.work', 'inspections.read', 'inspections.write']),
  qa: new Set<Permission>([...STAFF_BASE, 'quality.read', 'quality.write', 'reports.read']),
  // Residents read the registry too, but decide() narrows them to their own units and party.
  resident: new Set<Permission>(['registry.read', 'parties.read', 'orders.read', 'orders.create', 'billing.read']),
};

/**
 * Knowledge base (知识库): every staff role reads the published answers; the roles that answer
 * customers or curate answers also draft (agent, front desk, dispatcher, supervisor, QA); the
 * approvers publish (supervisor, QA; manager and admin hold every permission already).
 * Residents get none: they read resident-visible FAQ through the FAQ routes, which check it.
 */
const KNOWLEDGE_GRANTS: Partial<Record<Role, Permission[]>> = {
  supervisor: ['knowledge.read', 'knowledge.write', 'knowledge.approve'],
  qa: ['knowledge.read', 'knowledge.write', 'knowledge.approve'],
  agent: ['knowledge.read', 'knowledge.write'],
  front_desk: ['knowledge.read', 'knowledge.write'],
  dispatcher: ['knowledge.read', 'knowledge.write'],
  technician: ['knowledge.read'],
  collector: ['knowledge.read'],
  inspector: ['knowledge.read'],
};
/**
 * Quality inspection (质检): the roles whose calls and orders are inspected see, acknowledge and
 * dispute their own evaluations (routes scoped 'self'); manager and admin hold it already.
 */
for (const role of ['agent', 'front_desk', 'dispatcher'] as Role[]) (ROLE_PERMISSIONS[role] as Set<Permission>).add('quality.self');

for (const [role, perms] of Object.entries(KNOWLEDGE_GRANTS)) for (const p of perms) (ROLE_PERMISSIONS[role as Role] as Set<Permission>).add(p);

export const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

/** The authenticated caller of a request, as every permission decision sees it. */
export interface Actor {
  userId: string;
  orgId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Projects the user may see; 'all' for organisation-wide users. */
  projectIds: readonly string[] | 'all';
  /** Resident accounts: the party and the units they hold. */
  partyId: string | null;
  unitIds: readonly string[];
  via: 'session' | 'token';
  /** An API token's own permission list, never wider than its creator's role; absent = the role's. */
  permissions?: readonly Permission[];
}

/** The role's permission, narrowed further by an API token's own permission list. */
export function hasPermission(actor: Pick<Actor, 'role' | 'permissions'>, p: Permission): boolean {
  if (!ROLE_PERMISSIONS[actor.role]?.has(p)) return false;
  return !actor.permissions || actor.permissions.includes(p);
}

export interface Scope {
  projectId?: string | null;
  unitId?: string | null;
  partyId?: string | null;
}

/**
 * The one permission decision. Checks the role's permission, then the data scope: a project the
 * user is not assigned to, or for residents a unit or party that is not theirs. Returns a reason
 * code instead of throwing so callers can also use it to filter.
 */
export function decide(actor: Actor | null | undefined, permission: Permission, scope: Scope = {}):
  | { allowed: true }
  | { allowed: false; status: 401 | 403; code: string } {
  if (!actor) return { allowed: false, status: 401, code: 'auth.required' };
  if (!hasPermission(actor, permission)) return { allowed: false, status: 403, code: 'auth.forbidden' };
  if (actor.role === 'resident') {
    if (scope.unitId && !actor.unitIds.includes(scope.unitId)) return { allowed: false, status: 403, code: 'auth.out_of_scope' };
    if (scope.partyId && scope.partyId !== actor.partyId) return { allowed: false, status: 403, code: 'auth.out_of_scope' };
  }
  if (scope.projectId && actor.projectIds !== 'all' && !actor.projectIds.includes(scope.projectId)) {
    return { allowed: false, status: 403, code: 'auth.out_of_scope' };
  }
  return { allowed: true };
}

/** Throwing form of {@link decide} for route handlers. */
export function authorize(actor: Actor | null | undefined, permission: Permission, scope: Scope = {}): Actor {
  const d = decide(actor, permission, scope);
  if (!d.allowed) throw new AppError(d.status, d.code);
  return actor as Actor;
}

/** Project filter for list queries: undefined means no restriction. */
export function projectFilter(actor: Actor): readonly string[] | undefined {
  return actor.projectIds === 'all' ? undefined : actor.projectIds;
}

/**
 * Technicians and inspectors see work orders only as far as their work goes: what is assigned to
 * them (or they reported), plus what their work needs to pick up — the grab pool for technicians,
 * the hazard register for inspectors — and personal data there only while they act on it.
 */
export function seesAssignedWorkOnly(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'technician' || actor.role === 'inspector';
}
