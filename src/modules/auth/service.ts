import argon2 from 'argon2';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../db/ids';
import { AppError } from '../../core/errors';
import { randomToken, sha256 } from '../../core/secrets';
import type { Actor } from './permissions';
import type { Role } from './schema';

const ARGON_OPTS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const SESSION_TTL_MS = 12 * 3600_000;
const MAX_FREE_FAILURES = 5;

export const hashPassword = (plain: string) => argon2.hash(plain, ARGON_OPTS);

/** Lock-out after repeated failures: 1 min after the 5th, doubling per further failure, at most 30 min. */
export function lockMinutes(failures: number): number {
  if (failures < MAX_FREE_FAILURES) return 0;
  return Math.min(30, 2 ** (failures - MAX_FREE_FAILURES));
}

export interface NewUser {
  orgId: string;
  username: string;
  displayName: string;
  role: Role;
  password: string;
  partyId?: string | null;
  phone?: string | null;
  skills?: string[] | null;
  onDuty?: boolean;
  projectIds?: string[];
}

export async function createUser(db: Kysely<DB>, u: NewUser): Promise<string> {
  const id = newId();
  const ts = nowIso();
  const existing = await db.selectFrom('users').select('id').where('username', '=', u.username.toLowerCase()).executeTakeFirst();
  if (existing) throw new AppError(409, 'user.exists', { username: u.username });
  const hash = await hashPassword(u.password);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        org_id: u.orgId,
        username: u.username.toLowerCase(),
        display_name: u.displayName,
        role: u.role,
        password_hash: hash,
        party_id: u.partyId ?? null,
        phone: u.phone ?? null,
        skills: u.skills?.length ? u.skills.join(',') : null,
        on_duty: u.onDuty ? 1 : 0,
        active: 1,
        locale: null,
        created_at: ts,
        updated_at: ts,
      })
      .execute();
    for (const p of u.projectIds ?? []) {
      await trx.insertInto('user_projects').values({ user_id: id, project_id: p, org_id: u.orgId }).execute();
    }
  });
  return id;
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  userId: string;
  expiresAt: string;
}

/** Verify credentials with back-off; on success open a session (only its hash is stored). */
export async function login(db: Kysely<DB>, usernameIn: string, password: string, now = new Date()): Promise<LoginResult> {
  const username = usernameIn.trim().toLowerCase();
  const throttle = await db.selectFrom('login_throttle').selectAll().where('username', '=', username).executeTakeFirst();
  if (throttle?.locked_until && throttle.locked_until > now.toISOString()) {
    const minutes = Math.max(1, Math.ceil((Date.parse(throttle.locked_until) - now.getTime()) / 60_000));
    throw new AppError(429, 'auth.locked', { minutes });
  }
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  // Verify against a dummy hash when the user is unknown so timing does not reveal which names exist.
  const ok = user ? await argon2.verify(user.password_hash, password).catch(() => false) : (await dummyVerify(password), false);
  if (!ok || !user) {
    const failures = (throttle?.failures ?? 0) + 1;
    const mins = lockMinutes(failures);
    const lockedUntil = mins ? new Date(now.getTime() + mins * 60_000).toISOString() : null;
    if (throttle) {
      await db.updateTable('login_throttle').set({ failures, locked_until: lockedUntil, updated_at: now.toISOString() }).where('username', '=', username).execute();
    } else {
      await db
        .insertInto('login_throttle')
        .values({ username, failures, locked_until: lockedUntil, updated_at: now.toISOString() })
        .onConflict((oc) => oc.column('username').doUpdateSet({ failures, locked_until: lockedUntil, updated_at: now.toISOString() }))
        .execute();
    }
    if (mins) throw new AppError(429, 'auth.locked', { minutes: mins });
    throw new AppError(401, 'auth.bad_credentials');
  }
  if (!user.active) throw new AppError(403, 'auth.inactive');
  if (throttle) await db.deleteFrom('login_throttle').where('username', '=', username).execute();
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await db
    .insertInto('sessions')
    .values({ id: sha256(sessionToken), user_id: user.id, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString() })
    .execute();
  return { sessionToken, csrfToken, userId: user.id, expiresAt };
}

let dummyHash: string | null = null;
async function dummyVerify(password: string) {
  dummyHash ??= await hashPassword('not-a-real-password');
  await argon2.verify(dummyHash, password).catch(() => false);
}

export async function logout(db: Kysely<DB>, sessionToken: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(sessionToken)).execute();
}

/** Build the request's actor from a user row: role, project scope, resident units. */
export async function loadActor(db: Kysely<DB>, userId: string, via: Actor['via']): Promise<Actor | null> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user || !user.active) return null;
  let projectIds: Actor['projectIds'] = 'all';
  let unitIds: string[] = [];
  if (user.role === 'resident') {
    const rows = user.party_id
      ? await db
          .selectFrom('party_units')
          .innerJoin('units', 'units.id', 'party_units.unit_id')
          .select(['units.id as unit_id', 'units.project_id'])
          .where('party_units.party_id', '=', user.party_id)
          .where('party_units.move_out_date', 'is', null)
          .execute()
      : [];
    unitIds = rows.map((r) => r.unit_id);
    projectIds = [...new Set(rows.map((r) => r.project_id))];
  } else if (user.role !== 'admin') {
    const rows = await db.selectFrom('user_projects').select('project_id').where('user_id', '=', user.id).execute();
    // Staff with no project assignment are organisation-wide (e.g. a company manager).
    if (rows.length) projectIds = rows.map((r) => r.project_id);
  }
  return {
    userId: user.id,
    orgId: user.org_id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    projectIds,
    partyId: user.party_id,
    unitIds,
    via,
  };
}

export async function actorFromSession(db: Kysely<DB>, token: string, now = new Date()): Promise<{ actor: Actor; csrf: string } | null> {
  const s = await db.selectFrom('sessions').selectAll().where('id', '=', sha256(token)).executeTakeFirst();
  if (!s || s.expires_at <= now.toISOString()) return null;
  const actor = await loadActor(db, s.user_id, 'session');
  if (!actor) return null;
  // Sliding expiry, written at most once a minute to keep reads cheap.
  if (now.getTime() - Date.parse(s.last_seen_at) > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString() })
      .where('id', '=', s.id)
      .execute();
  }
  return { actor, csrf: s.csrf_token };
}

export async function createApiToken(db: Kysely<DB>, actor: Actor, name: string): Promise<{ id: string; token: string }> {
  const token = `sw_${randomToken()}`;
  const id = newId();
  await db
    .insertInto('api_tokens')
    .values({ id, org_id: actor.orgId, user_id: actor.userId, name, token_hash: sha256(token), created_at: nowIso(), last_used_at: null, revoked_at: null })
    .execute();
  return { id, token };
}

export async function actorFromApiToken(db: Kysely<DB>, token: string): Promise<Actor | null> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.revoked_at) return null;
  return loadActor(db, row.user_id, 'token');
}
