/**
 * The declared access model. Every `/api/` route states, in its own definition, who may call it
 * (`permission`) and how the data it returns or changes is narrowed (`scope`). The server refuses
 * to start when a route declares nothing, and the gate below is applied to every request before
 * its input is validated — so an anonymous caller learns nothing about a route's shape, and a
 * role without the right is refused before any handler code runs. Handlers still narrow rows by
 * project / unit / assignment with the same scope (see `permissions.ts`); the gate is the outer
 * wall, the scope is the inner one, and the authorisation-matrix test checks both.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { hasPermission, type Actor, type Permission } from './permissions';

/**
 * How a route's data is narrowed for the caller.
 * - `none`: no organisation data (health, calculators, the API document).
 * - `self`: only the caller's own account (profile, password, sessions, tokens).
 * - `org`: organisation-wide records not tied to one project (users, calendars, call queues).
 * - `project`: rows of the projects the caller is assigned to (organisation-wide users: all).
 * - `assigned`: as `project`, and technicians / inspectors only the work assigned to them, with
 *   parties' phone numbers masked except on their active orders.
 * - `own`: residents their own units, party, orders and bills; staff as `project`.
 * - `link`: a capability in the URL (a return-visit rating link); no account.
 */
export type DataScope = 'none' | 'self' | 'org' | 'project' | 'assigned' | 'own' | 'link';

export type Gate = Permission | readonly Permission[] | 'public' | 'signed-in';

export interface RouteAccess {
  /** A permission (or any of several), `signed-in` for any account, `public` for anonymous callers. */
  permission: Gate;
  scope: DataScope;
  /** Part of the resident surface. Residents are refused every route that does not say so. */
  residents?: boolean;
  /** Not callable with an API token (credential management must be done in a session). */
  sessionOnly?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route's declaration, in registration order (the authorisation matrix reads it). */
    routeAccess: DeclaredRoute[];
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/** The `config` of a route definition: `{ config: access('orders.read', 'assigned'), schema }`. */
export function access(permission: Gate, scope: DataScope, opts: { residents?: boolean; sessionOnly?: boolean } = {}): { access: RouteAccess } {
  return { access: { permission, scope, ...opts } };
}

/** Shorthands for the routes that need no permission. */
export const PUBLIC = (scope: DataScope = 'none') => access('public', scope, { residents: true });
export const SIGNED_IN_SELF = (opts: { sessionOnly?: boolean } = {}) => access('signed-in', 'self', { residents: true, ...opts });

export type GateDecision = { allowed: true } | { allowed: false; status: 401 | 403; code: string };

/**
 * The outer wall, a pure function of the caller and the declaration: used by the request hook and,
 * to compute the expected outcome, by the authorisation-matrix test.
 */
export function gate(actor: Pick<Actor, 'role' | 'via' | 'permissions'> | null, a: RouteAccess): GateDecision {
  if (a.permission === 'public') return { allowed: true };
  if (!actor) return { allowed: false, status: 401, code: 'auth.required' };
  if (actor.role === 'resident' && !a.residents) return { allowed: false, status: 403, code: 'auth.forbidden' };
  if (a.sessionOnly && actor.via === 'token') return { allowed: false, status: 403, code: 'auth.session_required' };
  if (a.permission === 'signed-in') return { allowed: true };
  const wanted = typeof a.permission === 'string' ? [a.permission] : a.permission;
  return wanted.some((p) => hasPermission(actor, p)) ? { allowed: true } : { allowed: false, status: 403, code: 'auth.forbidden' };
}

/** Collect declarations as routes are added, and refuse an `/api/` route that declares none. */
export function installAccessRegistry(app: FastifyInstance): void {
  app.decorate('routeAccess', [] as DeclaredRoute[]);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/')) return;
    const a = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!a) throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config: access(permission, scope))`);
    for (const m of [route.method].flat()) {
      if (m === 'HEAD') continue;
      app.routeAccess.push({ method: m, url: route.url, access: a });
    }
  });
}
