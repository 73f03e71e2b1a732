import argon2 from 'argon2';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../db/ids';
import { AppError } from '../../core/errors';
import { randomToken, sha256 } from '../../core/secrets';
import { hasPermission, PERMISSIONS, type Actor, type Permission } from './permissions';
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

/** Create an account. `audit` records who granted it (the API path); seeding and the CLI pass none. */
export async function createUser(db: Kysely<DB>, u: NewUser, audit?: { actorId: string }): Promise<string> {
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
    if (audit) {
      const after = { username: u.username.toLowerCase(), role: u.role, projectIds: u.projectIds ?? [], active: true, partyId: u.partyId ?? null };
      await trx
        .insertInto('user_grant_audit')
        .values({ id: newId(), org_id: u.orgId, actor_id: audit.actorId, target_user_id: id, action: 'create', before_json: null, after_json: JSON.stringify(after), at: ts })
        .execute();
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

/**
 * Lock-out and slow-down. A failure counts against the (username, source address) pair only, so an
 * attacker elsewhere can lock out nobody but themselves. Across all addresses a username that draws
 * many failures is only slowed: each answer is delayed, and an address that has itself failed on
 * that username recently must wait a short back-off — a correct login from a clean address still works.
 */
export const THROTTLE = {
  /** Failures from one address before the pair is locked (the 5th answers 429). */
  freeFailures: MAX_FREE_FAILURES,
  /** A pair's failures are forgotten this long after its last failure. */
  memoryMs: 24 * 3600_000,
  globalWindowMs: 15 * 60_000,
  /** Failures on one username, all addresses together, within the window before slowing down. */
  globalThreshold: 50,
  /** While slowed: every attempt waits this long, and an address that failed must wait backoffMs. */
  slowDelayMs: 1_000,
  slowBackoffMs: 60_000,
};

export interface LoginContext {
  /** Source address (req.ip); unknown addresses share one bucket. */
  address?: string | null;
  userAgent?: string | null;
  now?: Date;
}

const addressOf = (a: string | null | undefined) => (a && a.trim() ? a.trim().slice(0, 64) : 'unknown');

/**
 * Count this attempt against the pair before verifying, so a burst of parallel guesses cannot all
 * slip in ahead of the lock: the attempt that uses up the free tries sets the lock at once (it is
 * lifted by its success), and every write is a compare-and-set on the count it read. Returns the
 * pair's failure count including this attempt.
 */
async function throttleBefore(db: Kysely<DB>, username: string, address: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const staleBefore = new Date(now.getTime() - THROTTLE.memoryMs).toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    const pair = await db.selectFrom('login_throttle').selectAll().where('username', '=', username).where('address', '=', address).executeTakeFirst();
    if (pair?.locked_until && pair.locked_until > at) throw lockedError(pair.locked_until, now);
    const n = pair && pair.updated_at >= staleBefore ? pair.failures + 1 : 1;
    const mins = lockMinutes(n);
    const lockedUntil = mins ? new Date(now.getTime() + mins * 60_000).toISOString() : null;
    if (!pair) {
      const r = await db
        .insertInto('login_throttle')
        .values({ username, address, failures: n, locked_until: lockedUntil, updated_at: at })
        .onConflict((oc) => oc.columns(['username', 'address']).doNothing())
        .returning('failures')
        .executeTakeFirst();
      if (r) return n; // else another attempt inserted it first: read again
      continue;
    }
    const r = await db
      .updateTable('login_throttle')
      .set({ failures: n, locked_until: lockedUntil, updated_at: at })
      .where('username', '=', username)
      .where('address', '=', address)
      .where('failures', '=', pair.failures)
      .where('updated_at', '=', pair.updated_at)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows)) return n;
  }
  // Lost the race every time: a burst from this address; it can wait.
  throw new AppError(429, 'auth.locked', { minutes: 1 });
}

/** The attempt failed: the pair is already locked if it used up its free tries; say so. */
function throttleFailed(n: number): AppError {
  const mins = lockMinutes(n);
  return mins ? new AppError(429, 'auth.locked', { minutes: mins }) : new AppError(401, 'auth.bad_credentials');
}

const throttleSucceeded = (db: Kysely<DB>, username: string, address: string) =>
  db.deleteFrom('login_throttle').where('username', '=', username).where('address', '=', address).execute();

function lockedError(until: string, now: Date) {
  return new AppError(429, 'auth.locked', { minutes: Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000)) });
}

async function recordLogin(db: Kysely<DB>, username: string, address: string, outcome: 'success' | 'failure' | 'locked' | 'inactive', now: Date) {
  await db.insertInto('login_events').values({ id: newId(now.getTime()), username: username.slice(0, 64), address, outcome, at: now.toISOString() }).execute();
  await pruneLoginRecords(db, now);
}

/** Login events are kept 180 days; stale throttle pairs go after a day. At most hourly per process. */
const LOGIN_EVENTS_KEEP_MS = 180 * 86_400_000;
let lastPrune = 0;
async function pruneLoginRecords(db: Kysely<DB>, now: Date) {
  if (now.getTime() - lastPrune < 3600_000) return;
  lastPrune = now.getTime();
  const at = now.toISOString();
  await db.deleteFrom('login_events').where('at', '<', new Date(now.getTime() - LOGIN_EVENTS_KEEP_MS).toISOString()).execute();
  await db
    .deleteFrom('login_throttle')
    .where('updated_at', '<', new Date(now.getTime() - THROTTLE.memoryMs).toISOString())
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
    .execute();
}

/** Failures on this username from every address within the window. */
async function recentFailures(db: Kysely<DB>, username: string, now: Date): Promise<number> {
  const r = await db
    .selectFrom('login_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', '=', username)
    .where('outcome', '=', 'failure')
    .where('at', '>', new Date(now.getTime() - THROTTLE.globalWindowMs).toISOString())
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Verify credentials with back-off; on success open a session (only its hash is stored). */
export async function login(db: Kysely<DB>, usernameIn: string, password: string, c: LoginContext = {}): Promise<LoginResult> {
  const now = c.now ?? new Date();
  const username = usernameIn.trim().toLowerCase();
  const address = addressOf(c.address);
  if ((await recentFailures(db, username, now)) >= THROTTLE.globalThreshold) {
    const pair = await db.selectFrom('login_throttle').select(['failures', 'updated_at']).where('username', '=', username).where('address', '=', address).executeTakeFirst();
    if (pair && pair.failures > 0 && now.getTime() - Date.parse(pair.updated_at) < THROTTLE.slowBackoffMs) {
      await recordLogin(db, username, address, 'locked', now);
      throw new AppError(429, 'auth.locked', { minutes: Math.ceil(THROTTLE.slowBackoffMs / 60_000) });
    }
    await sleep(THROTTLE.slowDelayMs);
  }
  let n: number;
  try {
    n = await throttleBefore(db, username, address, now);
  } catch (e) {
    await recordLogin(db, username, address, 'locked', now);
    throw e;
  }
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  // Verify against a dummy hash when the user is unknown so timing does not reveal which names exist.
  const ok = user ? await argon2.verify(user.password_hash, password).catch(() => false) : (await dummyVerify(password), false);
  if (!ok || !user) {
    await recordLogin(db, username, address, 'failure', now);
    throw throttleFailed(n);
  }
  await throttleSucceeded(db, username, address);
  if (!user.active) {
    await recordLogin(db, username, address, 'inactive', now);
    throw new AppError(403, 'auth.inactive');
  }
  await recordLogin(db, username, address, 'success', now);
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(sessionToken),
      ref: newId(now.getTime()),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_seen_at: now.toISOString(),
      address: c.address ? address : null,
      user_agent: c.userAgent ? c.userAgent.slice(0, 300) : null,
    })
    .execute();
  return { sessionToken, csrfToken, userId: user.id, expiresAt };
}

/**
 * Change one's own password: the old one is checked (failures count towards the same lock-out as
 * sign-in, so a borrowed session cannot guess it), and every other session of the user ends.
 */
export async function changePassword(
  db: Kysely<DB>,
  actor: Actor,
  currentSessionToken: string | null,
  oldPassword: string,
  newPassword: string,
  c: LoginContext = {},
): Promise<void> {
  const now = c.now ?? new Date();
  const address = addressOf(c.address);
  const user = await db.selectFrom('users').select(['id', 'username', 'password_hash']).where('id', '=', actor.userId).executeTakeFirst();
  if (!user) throw new AppError(401, 'auth.required');
  const n = await throttleBefore(db, user.username, address, now);
  if (!(await argon2.verify(user.password_hash, oldPassword).catch(() => false))) {
    await recordLogin(db, user.username, address, 'failure', now);
    const e = throttleFailed(n);
    throw e.status === 429 ? e : new AppError(400, 'auth.wrong_password');
  }
  await throttleSucceeded(db, user.username, address);
  if (oldPassword === newPassword) throw new AppError(400, 'auth.password_same');
  const hash = await hashPassword(newPassword);
  const keep = currentSessionToken ? sha256(currentSessionToken) : null;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, updated_at: now.toISOString() }).where('id', '=', user.id).execute();
    let del = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (keep) del = del.where('id', '!=', keep);
    await del.execute();
  });
}

/** End every session and revoke every API token of a user (password reset, deactivation). */
export async function revokeAllCredentials(db: Kysely<DB>, userId: string, now = new Date()): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string | null;
  userAgent: string | null;
  current: boolean;
}

export async function listSessions(db: Kysely<DB>, actor: Actor, currentSessionToken: string | null, now = new Date()): Promise<SessionInfo[]> {
  const current = currentSessionToken ? sha256(currentSessionToken) : null;
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .where('expires_at', '>', now.toISOString())
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.ref ?? r.id.slice(0, 26),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    address: r.address,
    userAgent: r.user_agent,
    current: r.id === current,
  }));
}

/** End one of the caller's own sessions by its public reference. */
export async function revokeSession(db: Kysely<DB>, actor: Actor, ref: string): Promise<void> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', actor.userId).where('ref', '=', ref).executeTakeFirst();
  if (!Number(r.numDeletedRows)) throw new AppError(404, 'not_found', { what: 'session' });
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

export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;
const TOKEN_MAX_ACTIVE = 50;

export interface NewApiToken {
  /** Lifetime in days (default 90, at most 365). */
  expiresInDays?: number;
  /** The token's own permission list; must lie within the creator's role. Absent = the role's. */
  permissions?: readonly Permission[];
}

/**
 * Mint an API token for the caller: staff only, from a session (never from another token), with an
 * expiry and optionally fewer rights than the creator. Only the token's hash is stored.
 */
export async function createApiToken(db: Kysely<DB>, actor: Actor, name: string, opts: NewApiToken = {}, now = new Date()): Promise<{ id: string; token: string; expiresAt: string }> {
  // The route is session-only (the gate refuses tokens); residents are refused here as well as there.
  if (actor.role === 'resident') throw new AppError(403, 'auth.forbidden');
  const days = opts.expiresInDays ?? TOKEN_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > TOKEN_MAX_DAYS) throw new AppError(400, 'token.expiry', { max: TOKEN_MAX_DAYS });
  let permissions: Permission[] | null = null;
  if (opts.permissions) {
    permissions = [...new Set(opts.permissions)];
    for (const p of permissions) if (!hasPermission(actor, p)) throw new AppError(403, 'token.scope_too_wide', { permission: p });
  }
  const active = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (Number(active?.n ?? 0) >= TOKEN_MAX_ACTIVE) throw new AppError(409, 'token.limit', { max: TOKEN_MAX_ACTIVE });
  const token = `sw_${randomToken()}`;
  const id = newId();
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  await db
    .insertInto('api_tokens')
    .values({
      id,
      org_id: actor.orgId,
      user_id: actor.userId,
      name,
      token_hash: sha256(token),
      created_at: now.toISOString(),
      last_used_at: null,
      revoked_at: null,
      expires_at: expiresAt,
      permissions: permissions ? JSON.stringify(permissions) : null,
    })
    .execute();
  return { id, token, expiresAt };
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  permissions: Permission[] | null;
  status: 'active' | 'expired' | 'revoked';
}

const parsePermissions = (json: string | null): Permission[] | null => {
  if (!json) return null;
  const known = new Set<string>(PERMISSIONS);
  const list = JSON.parse(json) as unknown;
  return Array.isArray(list) ? (list.filter((p) => typeof p === 'string' && known.has(p)) as Permission[]) : [];
};

/** The caller's own tokens, newest first (never the token itself: it was shown once). */
export async function listApiTokens(db: Kysely<DB>, actor: Actor, now = new Date()): Promise<ApiTokenInfo[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', actor.userId).orderBy('created_at', 'desc').execute();
  const at = now.toISOString();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    permissions: parsePermissions(r.permissions),
    status: r.revoked_at ? 'revoked' : !r.expires_at || r.expires_at <= at ? 'expired' : 'active',
  }));
}

export async function revokeApiToken(db: Kysely<DB>, actor: Actor, id: string, now = new Date()): Promise<void> {
  const row = await db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', { what: 'token' });
  if (!row.revoked_at) await db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', id).execute();
}

/** The actor of a bearer token: refused when revoked or expired, narrowed to the token's permissions. */
export async function actorFromApiToken(db: Kysely<DB>, token: string, now = new Date()): Promise<Actor | null> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  // A token without an expiry predates expiries (the migration gave them one): treat as expired.
  if (!row || row.revoked_at || !row.expires_at || row.expires_at <= now.toISOString()) return null;
  const actor = await loadActor(db, row.user_id, 'token');
  if (!actor || actor.role === 'resident') return null;
  const permissions = parsePermissions(row.permissions);
  if (permissions) actor.permissions = permissions;
  // Last use, written at most once a minute to keep reads cheap.
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return actor;
}
