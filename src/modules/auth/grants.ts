/**
 * Who may give whom which rights. A grant is a role plus a project scope (no projects = the whole
 * organisation). Nobody grants more than they hold: only admins create or change admins; anyone
 * else (a manager) only roles whose permissions are a subset of their own, and only within their
 * own projects — a project-scoped manager cannot make an organisation-wide user. The same rule
 * applies to the user as they are now and as they would become, so a manager cannot touch an
 * account that already reaches beyond them. Nobody changes their own role, scope or activity.
 * Every change is written to `user_grant_audit` in the same transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../db/ids';
import { AppError } from '../../core/errors';
import { hasPermission, ROLE_PERMISSIONS, type Actor } from './permissions';
import { createUser, hashPassword, revokeAllCredentials } from './service';
import type { Role } from './schema';

export interface Grant {
  role: Role;
  /** Empty = organisation-wide (admins are always organisation-wide). */
  projectIds: readonly string[];
}

/** Why `actor` may not hold out `g`, or null when they may. Pure: the rule the tests and routes share. */
export function grantRefusal(actor: Pick<Actor, 'role' | 'projectIds' | 'permissions'>, g: Grant): 'auth.forbidden' | 'user.grant_role' | 'user.grant_scope' | null {
  if (!hasPermission(actor, 'users.manage')) return 'auth.forbidden';
  if (actor.role === 'admin') return null;
  if (g.role === 'admin') return 'user.grant_role';
  const mine = ROLE_PERMISSIONS[actor.role];
  for (const p of ROLE_PERMISSIONS[g.role]) if (!mine.has(p)) return 'user.grant_role';
  if (actor.projectIds === 'all') return null;
  // Residents' scope is their party's units, checked by the caller against the actor's projects.
  if (g.role === 'resident') return null;
  if (!g.projectIds.length) return 'user.grant_scope';
  const own = new Set(actor.projectIds);
  return g.projectIds.every((p) => own.has(p)) ? null : 'user.grant_scope';
}

function assertMayGrant(actor: Actor, g: Grant) {
  const why = grantRefusal(actor, g);
  if (why) throw new AppError(403, why, { role: g.role });
}

/** Projects named in a grant must exist in the caller's organisation. */
async function checkProjects(db: Kysely<DB>, orgId: string, ids: readonly string[]) {
  if (!ids.length) return;
  const found = await db.selectFrom('projects').select('id').where('org_id', '=', orgId).where('id', 'in', [...ids]).execute();
  const known = new Set(found.map((r) => r.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing) throw new AppError(400, 'user.unknown_project', { id: missing });
}

/** A resident account opens its party's units: a project-scoped grantor must hold all of them. */
async function checkResidentParty(db: Kysely<DB>, actor: Actor, partyId: string | null | undefined) {
  if (!partyId) throw new AppError(400, 'user.resident_party');
  const party = await db.selectFrom('parties').select('id').where('id', '=', partyId).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!party) throw new AppError(404, 'not_found', { what: 'party' });
  if (actor.projectIds === 'all') return;
  const rows = await db
    .selectFrom('party_units')
    .innerJoin('units', 'units.id', 'party_units.unit_id')
    .select('units.project_id')
    .where('party_units.party_id', '=', partyId)
    .where('party_units.move_out_date', 'is', null)
    .execute();
  const own = new Set(actor.projectIds);
  if (!rows.length || rows.some((r) => !own.has(r.project_id))) throw new AppError(403, 'user.grant_scope', { role: 'resident' });
}

export interface UserInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  partyId?: string;
  phone?: string | null;
  skills?: string[];
  projectIds?: string[];
}

export async function createUserAs(db: Kysely<DB>, actor: Actor, input: UserInput): Promise<string> {
  const projectIds = input.role === 'admin' || input.role === 'resident' ? [] : [...new Set(input.projectIds ?? [])];
  assertMayGrant(actor, { role: input.role, projectIds });
  if (input.role === 'resident') await checkResidentParty(db, actor, input.partyId);
  await checkProjects(db, actor.orgId, projectIds);
  return createUser(
    db,
    { ...input, projectIds, partyId: input.role === 'resident' ? input.partyId : null, orgId: actor.orgId },
    { actorId: actor.userId },
  );
}

interface Snapshot {
  username: string;
  role: Role;
  projectIds: string[];
  active: boolean;
  partyId: string | null;
}

async function snapshot(db: Kysely<DB> | Transaction<DB>, orgId: string, id: string): Promise<(Snapshot & { displayName: string }) | null> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!u) return null;
  const projects = await db.selectFrom('user_projects').select('project_id').where('user_id', '=', id).orderBy('project_id').execute();
  return { username: u.username, role: u.role, projectIds: projects.map((p) => p.project_id), active: !!u.active, partyId: u.party_id, displayName: u.display_name };
}

/** Load the target and check the actor may act on the account as it is now. */
async function targetFor(db: Kysely<DB>, actor: Actor, id: string) {
  const before = await snapshot(db, actor.orgId, id);
  if (!before) throw new AppError(404, 'not_found', { what: 'user' });
  assertMayGrant(actor, before);
  if (before.role === 'resident' && actor.projectIds !== 'all') await checkResidentParty(db, actor, before.partyId);
  return before;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  projectIds?: string[];
  skills?: string[];
  phone?: string | null;
  active?: boolean;
}

const audit = (trx: Transaction<DB>, orgId: string, actorId: string, target: string, action: 'create' | 'update' | 'reset_password', before: unknown, after: unknown, at: string) =>
  trx
    .insertInto('user_grant_audit')
    .values({ id: newId(), org_id: orgId, actor_id: actorId, target_user_id: target, action, before_json: before == null ? null : JSON.stringify(before), after_json: after == null ? null : JSON.stringify(after), at })
    .execute();

/** Change an account. Returns whether its credentials were revoked (deactivation). */
export async function updateUser(db: Kysely<DB>, actor: Actor, id: string, patch: UserPatch): Promise<{ revoked: boolean }> {
  const current = await targetFor(db, actor, id);
  const { displayName: _d, ...before } = current;
  const role = patch.role ?? before.role;
  if ((role === 'resident') !== (before.role === 'resident')) throw new AppError(400, 'user.resident_role');
  const projectIds = role === 'admin' || role === 'resident' ? [] : patch.projectIds ? [...new Set(patch.projectIds)].sort() : before.projectIds;
  const after: Snapshot = { ...before, role, projectIds, active: patch.active ?? before.active };
  const grantChanged = after.role !== before.role || after.active !== before.active || after.projectIds.join() !== before.projectIds.join();
  if (grantChanged && id === actor.userId) throw new AppError(403, 'user.self_grant');
  assertMayGrant(actor, after);
  await checkProjects(db, actor.orgId, projectIds);
  const ts = nowIso();
  const revoked = before.active && !after.active;
  await db.transaction().execute(async (trx) => {
    const set: Record<string, unknown> = { updated_at: ts, role: after.role, active: after.active ? 1 : 0 };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.phone !== undefined) set.phone = patch.phone;
    if (patch.skills !== undefined) set.skills = patch.skills.length ? patch.skills.join(',') : null;
    await trx.updateTable('users').set(set).where('id', '=', id).execute();
    if (after.projectIds.join() !== before.projectIds.join()) {
      await trx.deleteFrom('user_projects').where('user_id', '=', id).execute();
      for (const p of after.projectIds) await trx.insertInto('user_projects').values({ user_id: id, project_id: p, org_id: actor.orgId }).execute();
    }
    if (grantChanged) await audit(trx, actor.orgId, actor.userId, id, 'update', before, after, ts);
  });
  // A deactivated account stops at once: no session or token of it works any more.
  if (revoked) await revokeAllCredentials(db, id);
  return { revoked };
}

/** Set a new password for someone else; every session and token of theirs ends, and their lock-outs clear. */
export async function resetUserPassword(db: Kysely<DB>, actor: Actor, id: string, password: string): Promise<void> {
  if (id === actor.userId) throw new AppError(403, 'user.self_grant');
  const before = await targetFor(db, actor, id);
  const hash = await hashPassword(password);
  const ts = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, updated_at: ts }).where('id', '=', id).execute();
    await trx.deleteFrom('login_throttle').where('username', '=', before.username).execute();
    await audit(trx, actor.orgId, actor.userId, id, 'reset_password', null, null, ts);
  });
  await revokeAllCredentials(db, id);
}

/** The caller's project scope as a filter, or undefined for organisation-wide callers. */
const scopeOf = (actor: Actor) => (actor.projectIds === 'all' ? undefined : [...actor.projectIds]);

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  skills: string[];
  onDuty: boolean;
  phone: string | null;
  active: boolean;
  /** Empty = organisation-wide; for a project-scoped caller, only the projects they share. */
  projectIds: string[];
}

/**
 * Staff accounts the caller may see: organisation-wide callers all of them, project-scoped callers
 * those assigned to one of their projects and the organisation-wide staff who also serve them.
 */
export async function listUsers(db: Kysely<DB>, actor: Actor, q: { role?: Role; onDuty?: '0' | '1' }): Promise<UserRow[]> {
  const scope = scopeOf(actor);
  let query = db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'skills', 'on_duty', 'phone', 'active'])
    .where('org_id', '=', actor.orgId)
    .where('role', '!=', 'resident');
  if (q.role) query = query.where('role', '=', q.role);
  if (q.onDuty) query = query.where('on_duty', '=', Number(q.onDuty));
  if (scope) {
    query = query.where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('user_projects').select('user_projects.user_id').whereRef('user_projects.user_id', '=', 'users.id').where('user_projects.project_id', 'in', scope)),
        eb.not(eb.exists(eb.selectFrom('user_projects').select('user_projects.user_id').whereRef('user_projects.user_id', '=', 'users.id'))),
      ]),
    );
  }
  const rows = await query.orderBy('username').execute();
  const links = rows.length
    ? await db.selectFrom('user_projects').select(['user_id', 'project_id']).where('org_id', '=', actor.orgId).execute()
    : [];
  const byUser = new Map<string, string[]>();
  for (const l of links) if (!scope || scope.includes(l.project_id)) byUser.set(l.user_id, [...(byUser.get(l.user_id) ?? []), l.project_id]);
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    skills: r.skills ? r.skills.split(',') : [],
    onDuty: !!r.on_duty,
    phone: r.phone,
    active: !!r.active,
    projectIds: r.role === 'admin' ? [] : (byUser.get(r.id) ?? []),
  }));
}

export interface GrantAuditRow {
  id: string;
  at: string;
  action: 'create' | 'update' | 'reset_password';
  actorId: string | null;
  actorName: string | null;
  targetUserId: string;
  targetName: string | null;
  before: (Partial<Snapshot> & { hiddenProjects?: number }) | null;
  after: (Partial<Snapshot> & { hiddenProjects?: number }) | null;
}

/**
 * The grant audit: organisation-wide managers and admins see every entry; a project-scoped manager
 * the entries about accounts in their projects, with other projects left out of before/after.
 */
export async function listGrantAudit(db: Kysely<DB>, actor: Actor, q: { targetUserId?: string; limit?: number }): Promise<GrantAuditRow[]> {
  const scope = scopeOf(actor);
  let query = db
    .selectFrom('user_grant_audit as a')
    .leftJoin('users as actor', 'actor.id', 'a.actor_id')
    .leftJoin('users as target', 'target.id', 'a.target_user_id')
    .select(['a.id', 'a.at', 'a.action', 'a.actor_id', 'a.target_user_id', 'a.before_json', 'a.after_json', 'actor.display_name as actor_name', 'target.display_name as target_name'])
    .where('a.org_id', '=', actor.orgId);
  if (q.targetUserId) query = query.where('a.target_user_id', '=', q.targetUserId);
  if (scope) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('user_projects').select('user_projects.user_id').whereRef('user_projects.user_id', '=', 'a.target_user_id').where('user_projects.project_id', 'in', scope)),
    );
  }
  const rows = await query.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(q.limit ?? 200).execute();
  const narrow = (json: string | null): (Partial<Snapshot> & { hiddenProjects?: number }) | null => {
    if (!json) return null;
    const s = JSON.parse(json) as Partial<Snapshot> & { hiddenProjects?: number };
    if (scope && Array.isArray(s.projectIds)) {
      const all = s.projectIds;
      s.projectIds = all.filter((p) => scope.includes(p));
      // Say that there were others, so a narrowed list is not mistaken for an organisation-wide grant.
      if (all.length > s.projectIds.length) s.hiddenProjects = all.length - s.projectIds.length;
    }
    return s;
  };
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action,
    actorId: r.actor_id,
    actorName: r.actor_name,
    targetUserId: r.target_user_id,
    targetName: r.target_name,
    before: narrow(r.before_json),
    after: narrow(r.after_json),
  }));
}
