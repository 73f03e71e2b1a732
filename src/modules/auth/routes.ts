import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { sha256 } from '../../core/secrets';
import {
  actorFromApiToken,
  actorFromSession,
  changePassword,
  createApiToken,
  listApiTokens,
  listSessions,
  login,
  logout,
  revokeApiToken,
  revokeSession,
  SESSION_TTL_MS,
  TOKEN_DEFAULT_DAYS,
  TOKEN_MAX_DAYS,
} from './service';
import { createUserAs, listGrantAudit, listUsers, resetUserPassword, updateUser } from './grants';
import { authorize, PERMISSIONS, ROLES, ROLE_PERMISSIONS, type Actor, type Permission } from './permissions';
import { access, gate, PUBLIC, SIGNED_IN_SELF } from './access';
import type { Role } from './schema';

export const SESSION_COOKIE = 'sw_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
}

/**
 * Who a credential belongs to, remembered briefly so a burst of requests does not re-read the
 * user three times each. Logout forgets at once in this process; elsewhere within ACTOR_TTL_MS.
 */
const ACTOR_TTL_MS = 2_000;
const actorMemo = new Map<string, { at: number; actor: Actor | null; csrf: string | null }>();
export function forgetCredential(token: string) {
  actorMemo.delete(`s:${token}`);
  actorMemo.delete(`t:${token}`);
}
/** Forget every remembered credential of a user (sessions or tokens revoked, account changed). */
export function forgetUser(userId: string) {
  for (const [k, v] of actorMemo) if (v.actor?.userId === userId) actorMemo.delete(k);
}
async function remembered(key: string, load: () => Promise<{ actor: Actor | null; csrf: string | null }>) {
  const hit = actorMemo.get(key);
  if (hit && Date.now() - hit.at < ACTOR_TTL_MS) return hit;
  const v = { at: Date.now(), ...(await load()) };
  if (actorMemo.size > 10_000) actorMemo.clear();
  actorMemo.set(key, v);
  return v;
}

/** Resolve the caller (session cookie or bearer token) and enforce CSRF on cookie-authenticated writes. */
export function installAuth(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/')) return;
    await resolveActor(app, req);
    // The declared gate runs before any parsing or validation: an anonymous caller gets 401 and a
    // role without the right 403, whatever the body or query would have said.
    const declared = req.routeOptions.config?.access;
    if (!declared) return; // unknown route: the not-found handler answers
    const d = gate(req.actor, declared);
    if (!d.allowed) throw new AppError(d.status, d.code);
  });
}

async function resolveActor(app: FastifyInstance, req: FastifyRequest): Promise<void> {
  const db = app.ctx.store.db;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const bearer = auth.slice(7).trim();
    req.actor = (await remembered(`t:${bearer}`, async () => ({ actor: await actorFromApiToken(db, bearer), csrf: null }))).actor;
    return;
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) return;
  const s = await remembered(`s:${token}`, async () => {
    const r = await actorFromSession(db, token);
    return { actor: r?.actor ?? null, csrf: r?.csrf ?? null };
  });
  if (!s.actor) return;
  req.actor = s.actor;
  req.csrfToken = s.csrf;
  if (!SAFE_METHODS.has(req.method) && req.url !== '/api/auth/login') {
    const sent = req.headers['x-csrf-token'];
    if (sent !== s.csrf) throw new AppError(403, 'auth.csrf');
  }
}

const userOut = (a: Actor, csrfToken: string | null) => ({
  id: a.userId,
  username: a.username,
  displayName: a.displayName,
  role: a.role,
  projectIds: a.projectIds,
  partyId: a.partyId,
  unitIds: a.unitIds,
  // An API token's own list narrows what its caller is told it may do.
  permissions: [...ROLE_PERMISSIONS[a.role]].filter((p) => !a.permissions || a.permissions.includes(p)),
  csrfToken,
});
/** The signed-in user as login and /api/auth/me answer it (the web app reads this type). */
export type SessionUser = ReturnType<typeof userOut>;

export async function authRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;

  app.post(
    '/api/auth/login',
    { config: PUBLIC(),
      schema: {
        tags: ['auth'],
        summary: '登录 Sign in',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      },
    },
    async (req, reply) => {
      const r = await login(db(), req.body.username, req.body.password, { address: req.ip, userAgent: req.headers['user-agent'] ?? null });
      setSessionCookie(reply, r.sessionToken, app.ctx.config.secureCookies);
      const { loadActor } = await import('./service');
      const actor = await loadActor(db(), r.userId, 'session');
      return { user: userOut(actor!, r.csrfToken), expiresAt: r.expiresAt };
    },
  );

  app.post('/api/auth/logout', { config: SIGNED_IN_SELF(), schema: { tags: ['auth'], summary: '退出 Sign out' } }, async (req, reply) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      await logout(db(), token);
      forgetCredential(token);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  // Signed out is an answer, not an error: {user: null} (the web app asks this on every load).
  app.get('/api/auth/me', { config: PUBLIC('self'), schema: { tags: ['auth'], summary: '当前用户（未登录时 user 为 null）Current user, null when signed out' } }, async (req) => {
    if (!req.actor) return { user: null };
    const token = req.cookies?.[SESSION_COOKIE];
    const session = token && req.actor.via === 'session' ? await db().selectFrom('sessions').select('expires_at').where('id', '=', sha256(token)).executeTakeFirst() : undefined;
    return { user: userOut(req.actor, req.csrfToken), expiresAt: session?.expires_at ?? null };
  });

  const PASSWORD = z.string().min(8).max(128);

  app.post(
    '/api/auth/password',
    { config: SIGNED_IN_SELF({ sessionOnly: true }),
      schema: { tags: ['auth'], summary: '修改密码（需原密码；其他会话随之退出）Change password', body: z.object({ oldPassword: z.string().min(1).max(256), newPassword: PASSWORD }) } },
    async (req) => {
      const a = authorizeAny(req.actor);
      const token = req.cookies?.[SESSION_COOKIE] ?? null;
      await changePassword(db(), a, token, req.body.oldPassword, req.body.newPassword, { address: req.ip });
      forgetUser(a.userId);
      return { ok: true };
    },
  );

  app.get('/api/auth/sessions', { config: SIGNED_IN_SELF({ sessionOnly: true }), schema: { tags: ['auth'], summary: '我的登录会话 My sessions' } }, async (req) => {
    const a = authorizeAny(req.actor);
    return { items: await listSessions(db(), a, req.cookies?.[SESSION_COOKIE] ?? null) };
  });

  app.delete(
    '/api/auth/sessions/:id',
    { config: SIGNED_IN_SELF({ sessionOnly: true }), schema: { tags: ['auth'], summary: '结束我的一个会话 Revoke one of my sessions', params: z.object({ id: z.string().min(1).max(64) }) } },
    async (req) => {
      const a = authorizeAny(req.actor);
      await revokeSession(db(), a, req.params.id);
      forgetUser(a.userId);
      return { ok: true };
    },
  );

  // Staff only (no `residents: true`) and session only: a token cannot mint, list or revoke tokens.
  app.post(
    '/api/auth/tokens',
    { config: access('signed-in', 'self', { sessionOnly: true }),
      schema: {
        tags: ['auth'],
        summary: '创建 API 令牌（令牌只显示这一次）Create API token, shown once',
        body: z.object({
          name: z.string().trim().min(1).max(80),
          expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).default(TOKEN_DEFAULT_DAYS),
          permissions: z.array(z.enum(PERMISSIONS as unknown as [Permission, ...Permission[]])).min(1).max(PERMISSIONS.length).optional(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorizeAny(req.actor);
      const r = await createApiToken(db(), a, req.body.name, { expiresInDays: req.body.expiresInDays, permissions: req.body.permissions });
      return reply.status(201).send(r);
    },
  );

  app.get('/api/auth/tokens', { config: access('signed-in', 'self', { sessionOnly: true }), schema: { tags: ['auth'], summary: '我的 API 令牌 My API tokens' } }, async (req) => {
    const a = authorizeAny(req.actor);
    return { items: await listApiTokens(db(), a) };
  });

  app.delete(
    '/api/auth/tokens/:id',
    { config: access('signed-in', 'self', { sessionOnly: true }), schema: { tags: ['auth'], summary: '撤销 API 令牌 Revoke API token', params: z.object({ id: z.string().min(1).max(64) }) } },
    async (req) => {
      const a = authorizeAny(req.actor);
      await revokeApiToken(db(), a, req.params.id);
      forgetUser(a.userId);
      return { ok: true };
    },
  );

  app.get(
    '/api/users',
    { config: access('users.read', 'project'),
      schema: {
        tags: ['auth'],
        summary: '用户列表（按项目范围）Users in the caller\'s projects',
        querystring: z.object({ role: z.enum(ROLES as [Role, ...Role[]]).optional(), onDuty: z.enum(['0', '1']).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'users.read');
      return { items: await listUsers(db(), a, req.query) };
    },
  );

  app.get(
    '/api/users/audit',
    { config: access('users.manage', 'project', { sessionOnly: true }),
      schema: {
        tags: ['auth'],
        summary: '授权变更记录 Grant audit',
        querystring: z.object({ targetUserId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'users.manage');
      return { items: await listGrantAudit(db(), a, req.query) };
    },
  );

  app.post(
    '/api/users',
    { config: access('users.manage', 'project', { sessionOnly: true }),
      schema: {
        tags: ['auth'],
        summary: '新建用户（角色与项目不超出本人）Create user',
        body: z.object({
          username: z.string().regex(/^[a-zA-Z0-9_.-]{2,32}$/),
          displayName: z.string().trim().min(1).max(40),
          role: z.enum(ROLES as [Role, ...Role[]]),
          password: PASSWORD,
          partyId: z.string().max(40).optional(),
          phone: z.string().max(40).nullable().optional(),
          skills: z.array(z.string().min(1).max(20)).max(20).optional(),
          projectIds: z.array(z.string().max(40)).max(200).optional(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'users.manage');
      const id = await createUserAs(db(), a, req.body);
      return reply.status(201).send({ id });
    },
  );

  app.patch(
    '/api/users/:id',
    { config: access('users.manage', 'project', { sessionOnly: true }),
      schema: {
        tags: ['auth'],
        summary: '修改用户（角色、项目、启用）Change user',
        params: z.object({ id: z.string().min(1).max(64) }),
        body: z
          .object({
            displayName: z.string().trim().min(1).max(40),
            role: z.enum(ROLES as [Role, ...Role[]]),
            projectIds: z.array(z.string().max(40)).max(200),
            skills: z.array(z.string().min(1).max(20)).max(20),
            phone: z.string().max(40).nullable(),
            active: z.boolean(),
          })
          .partial()
          .strict(),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'users.manage');
      await updateUser(db(), a, req.params.id, req.body);
      forgetUser(req.params.id);
      return { ok: true };
    },
  );

  app.post(
    '/api/users/:id/reset-password',
    { config: access('users.manage', 'project', { sessionOnly: true }),
      schema: {
        tags: ['auth'],
        summary: '重置他人密码（其会话与令牌全部失效）Reset a user\'s password',
        params: z.object({ id: z.string().min(1).max(64) }),
        body: z.object({ password: PASSWORD }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'users.manage');
      await resetUserPassword(db(), a, req.params.id, req.body.password);
      forgetUser(req.params.id);
      return { ok: true };
    },
  );
}

function setSessionCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // Secure when configured, or when this request came over https (directly, or via a trusted proxy's X-Forwarded-Proto).
    secure: secure || reply.request.protocol === 'https',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

function authorizeAny(actor: Actor | null): Actor {
  if (!actor) throw new AppError(401, 'auth.required');
  return actor;
}
