import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { sha256 } from '../../core/secrets';
import { actorFromApiToken, actorFromSession, createApiToken, createUser, login, logout, SESSION_TTL_MS } from './service';
import { authorize, ROLES, ROLE_PERMISSIONS, type Actor } from './permissions';
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
  permissions: [...ROLE_PERMISSIONS[a.role]],
  csrfToken,
});

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
      const r = await login(db(), req.body.username, req.body.password);
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

  app.post(
    '/api/auth/tokens',
    { config: access('signed-in', 'self', { sessionOnly: true }), schema: { tags: ['auth'], summary: '创建 API 令牌 Create API token', body: z.object({ name: z.string().min(1).max(80) }) } },
    async (req) => {
      const a = authorizeAny(req.actor);
      return createApiToken(db(), a, req.body.name);
    },
  );

  app.get(
    '/api/users',
    { config: access('users.read', 'org'),
      schema: {
        tags: ['auth'],
        summary: '用户列表 Users',
        querystring: z.object({ role: z.enum(ROLES as [Role, ...Role[]]).optional(), onDuty: z.enum(['0', '1']).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'users.read');
      let q = db()
        .selectFrom('users')
        .select(['id', 'username', 'display_name', 'role', 'skills', 'on_duty', 'phone', 'active'])
        .where('org_id', '=', a.orgId)
        .where('role', '!=', 'resident');
      if (req.query.role) q = q.where('role', '=', req.query.role);
      if (req.query.onDuty) q = q.where('on_duty', '=', Number(req.query.onDuty));
      const rows = await q.orderBy('username').execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          username: r.username,
          displayName: r.display_name,
          role: r.role,
          skills: r.skills ? r.skills.split(',') : [],
          onDuty: !!r.on_duty,
          phone: r.phone,
          active: !!r.active,
        })),
      };
    },
  );

  app.post(
    '/api/users',
    { config: access('users.manage', 'org'),
      schema: {
        tags: ['auth'],
        summary: '新建用户 Create user',
        body: z.object({
          username: z.string().regex(/^[a-zA-Z0-9_.-]{2,32}$/),
          displayName: z.string().min(1).max(40),
          role: z.enum(ROLES as [Role, ...Role[]]),
          password: z.string().min(8).max(128),
          partyId: z.string().max(40).optional(),
          skills: z.array(z.string().min(1).max(20)).max(20).optional(),
          projectIds: z.array(z.string().max(40)).max(200).optional(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'users.manage');
      const id = await createUser(db(), { ...req.body, orgId: a.orgId });
      return reply.status(201).send({ id });
    },
  );
}

function setSessionCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

function authorizeAny(actor: Actor | null): Actor {
  if (!actor) throw new AppError(401, 'auth.required');
  return actor;
}
