/**
 * Small typed client for the Shouwen API: JSON in and out, the session cookie travels by itself,
 * state-changing requests carry the CSRF token, every request says which language the user reads
 * so the server localises its error messages.
 */

// Type-only, so the cycle with apiClient.ts (which imports the transport from here) is erased.
import type { BodyOf, QueryOf } from './apiClient';
import type { Role } from '../../src/modules/auth/schema';
import type { Permission } from '../../src/modules/auth/permissions';
import type { SessionUser } from '../../src/modules/auth/routes';
import type { ApiTokenInfo, SessionInfo } from '../../src/modules/auth/service';
import type { GrantAuditRow, UserRow } from '../../src/modules/auth/grants';
import type { Page } from '../../src/core/paging';
import type { ImportJobTable, ParkingSpaceTable, PartyKind, PartyRole, ProjectKind, UnitState, UnitType } from '../../src/modules/registry/schema';
import type { ImportProgress, ImportResult } from '../../src/modules/registry/import';

// ---------- types of the API ----------
// Domain types are the server's own (type-only imports: erased at build, no server code in the
// bundle); request bodies and queries come from the generated OpenAPI document. A server change
// that breaks a screen fails the typecheck.

export type { ApiTokenInfo, Page, PartyKind, PartyRole, Permission, ProjectKind, Role, SessionInfo, SessionUser, UnitState, UnitType };

/** Runtime lists for pickers; typed against the server's unions so a new value fails the typecheck. */
export const allOf =
  <T extends string>() =>
  <L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : 'missing a value')) =>
    list as readonly T[];

export const ROLES = allOf<Role>()(['admin', 'manager', 'supervisor', 'agent', 'front_desk', 'dispatcher', 'technician', 'collector', 'inspector', 'qa', 'resident'] as const);
export const UNIT_TYPES = allOf<UnitType>()(['residence', 'shop', 'office', 'storage', 'other'] as const);
export const UNIT_STATES = allOf<UnitState>()(['unsold', 'vacant', 'occupied', 'renovating'] as const);
export const PARTY_ROLES = allOf<PartyRole>()(['owner', 'tenant', 'family', 'company'] as const);

export type ParkingKind = ParkingSpaceTable['kind'];
export type ParkingState = ParkingSpaceTable['state'];

// The registry's answers are built inline in its route handlers (camelCase of the tables, joined
// names) and have no server type or response schema yet: what the screens read, kept narrow.
export interface Project {
  id: string;
  code: string;
  name: string;
  kind: ProjectKind;
  address: string | null;
  timeZone: string;
}
export interface ProjectDetail extends Project {
  phases: { id: string; name: string; seq: number }[];
  unitCounts: Partial<Record<UnitState, number>>;
}
export interface Building {
  id: string;
  projectId: string;
  phaseId: string | null;
  phaseName: string | null;
  name: string;
  floors: number | null;
}
export interface Unit {
  id: string;
  projectId: string;
  buildingId: string;
  buildingName?: string;
  number: string;
  floor: number | null;
  areaM2: number;
  type: UnitType;
  state: UnitState;
}
export interface Occupant {
  relationId: string;
  partyId: string;
  name: string;
  kind: PartyKind;
  role: PartyRole;
  moveInDate: string | null;
  moveOutDate: string | null;
}
export interface UnitDetail extends Unit {
  occupants: Occupant[];
}
export interface Phone {
  kind: 'mobile' | 'landline' | string;
  display: string;
  digits: string;
  extension: string | null;
}
export interface PartyUnit {
  relationId: string;
  unitId: string;
  unitNumber: string;
  projectId: string;
  projectName: string;
  buildingName: string;
  role: PartyRole;
  moveInDate: string | null;
  moveOutDate: string | null;
}
export interface Party {
  id: string;
  kind: PartyKind;
  name: string;
  idNumberMasked: string | null;
  note: string | null;
  phones: Phone[];
  units: PartyUnit[];
}
export interface ParkingSpace {
  id: string;
  projectId: string;
  code: string;
  kind: ParkingKind;
  state: ParkingState;
  unitId: string | null;
  partyId: string | null;
  plate: string | null;
}
/** An import row error as GET /api/imports/:id sends it: the stored error with its message localised. */
export interface ImportError {
  line: number;
  field: string | null;
  code: string;
  message: string;
}
export interface ImportJob extends ImportProgress {
  id: string;
  status: ImportJobTable['status'];
  dryRun: boolean;
  errorCount: number;
  errors: ImportError[];
  summary: ImportResult['summary'] | null;
}

export type UnitInput = BodyOf<'/api/units', 'post'>;
export type PartyInput = BodyOf<'/api/parties', 'post'>;

/** A staff account as the user-administration screen sees it (projectIds empty = organisation-wide). */
export type UserAccount = UserRow;
export type UserAccountInput = BodyOf<'/api/users', 'post'>;
export type UserAccountPatch = BodyOf<'/api/users/{id}', 'patch'>;
export type GrantAuditEntry = GrantAuditRow;

// ---------- errors ----------

export interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

/** An error answer of the API (`{error:{code,message,details}}`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** Field issues of a `validation.failed` answer. */
  get fieldIssues(): FieldIssue[] {
    return Array.isArray(this.details) ? (this.details as FieldIssue[]).filter((d) => d && typeof d.path === 'string') : [];
  }
}

/**
 * Server errors that are about one form field but come without field details (business rules
 * rather than schema validation): which field they belong to.
 */
const CODE_FIELD: Record<string, string> = {
  'validation.phone': 'phones',
  'validation.id_number': 'idNumber',
  'validation.area': 'areaM2',
  'validation.date': 'moveInDate',
  'conflict.duplicate': 'number',
};

export interface FormFieldError {
  name: (string | number)[];
  errors: string[];
}

/**
 * Map an API error onto form fields. `details` paths look like `body.units.0.unitId`; the body
 * prefix goes, numeric segments become list indexes. Issues on fields the form does not have
 * come back in `rest` so the caller can show them above the form.
 */
export function fieldErrorsFrom(err: unknown, formFields: readonly string[]): { fields: FormFieldError[]; rest: string[] } {
  if (!(err instanceof ApiError)) return { fields: [], rest: [err instanceof Error ? err.message : String(err)] };
  const known = new Set(formFields);
  const byName = new Map<string, FormFieldError>();
  const rest: string[] = [];
  const add = (name: (string | number)[], message: string) => {
    const key = JSON.stringify(name);
    const f = byName.get(key) ?? { name, errors: [] };
    if (!f.errors.includes(message)) f.errors.push(message);
    byName.set(key, f);
  };
  const issues = err.fieldIssues;
  if (issues.length) {
    for (const i of issues) {
      const segs = i.path.split('.').filter(Boolean);
      if (segs[0] === 'body' || segs[0] === 'querystring' || segs[0] === 'params') segs.shift();
      const name = segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      if (name.length && typeof name[0] === 'string' && known.has(name[0])) add(name, i.message);
      else rest.push(i.message);
    }
  } else {
    const field = CODE_FIELD[err.code];
    if (field && known.has(field)) add([field], err.message);
    else rest.push(err.message);
  }
  return { fields: [...byName.values()], rest };
}

// ---------- transport ----------

interface ClientState {
  locale: string;
  csrfToken: string | null;
  onUnauthorized: (() => void) | null;
}
const state: ClientState = { locale: 'zh-CN', csrfToken: null, onUnauthorized: null };

export function setApiLocale(locale: string): void {
  state.locale = locale;
}
export function setCsrfToken(token: string | null): void {
  // A new session (or none) may see other projects: forget what the previous one was shown.
  if (token !== state.csrfToken) cache.clear();
  state.csrfToken = token;
}

/**
 * Short-lived sharing of identical reads (several widgets on one screen ask for the project
 * list). Failures are not kept.
 */
const cache = new Map<string, { at: number; value: Promise<unknown> }>();
const CACHE_MS = 60_000;
function cachedGet<T>(path: string, query?: Query): Promise<T> {
  const key = withQuery(path, query);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<T>;
  const value = json<T>('GET', key);
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}
/** Drop cached reads after a change (a project added, say). */
export function invalidateCache(): void {
  cache.clear();
}
/** Called when a request finds the session gone (expired, logged out elsewhere). */
export function setOnUnauthorized(fn: (() => void) | null): void {
  state.onUnauthorized = fn;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Headers every request carries: the reader's language and, on writes, the session's CSRF token. */
export function sessionHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { 'accept-language': state.locale };
  if (UNSAFE.has(method.toUpperCase()) && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  return headers;
}

/**
 * One request with the client's shared behaviour (also used by apiClient.ts): a network failure
 * or a non-2xx answer becomes an ApiError, a 401 tells the app the session is gone, a write drops
 * the cached reads.
 */
export async function transport(request: Request, opts: { quiet401?: boolean } = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(request);
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw await errorOf(res, opts.quiet401);
  if (UNSAFE.has(request.method)) cache.clear();
  return res;
}

async function send(method: string, path: string, body?: unknown, opts: { raw?: boolean; quiet401?: boolean } = {}): Promise<Response> {
  const headers = sessionHeaders(method);
  if (!opts.raw) headers.accept = 'application/json';
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (res.ok) return res;
  throw await errorOf(res, opts.quiet401);
}

/** The ApiError of a failed answer: the server's localised `{error:{code,message,details}}`, or the HTTP status. */
async function errorOf(res: Response, quiet401?: boolean): Promise<ApiError> {
  let code = 'http.' + res.status;
  let message = res.statusText || `HTTP ${res.status}`;
  let details: unknown;
  try {
    const j = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (j?.error) {
      code = j.error.code ?? code;
      message = j.error.message ?? message;
      details = j.error.details;
    }
  } catch {
    // Not JSON (a proxy page, say): keep the HTTP status text.
  }
  if (res.status === 401 && !quiet401) state.onUnauthorized?.();
  return new ApiError(res.status, code, message, details);
}

async function json<T>(method: string, path: string, body?: unknown, opts?: { quiet401?: boolean }): Promise<T> {
  const res = await send(method, path, body, opts);
  if (UNSAFE.has(method)) cache.clear(); // any write may change what the cached lists show
  return (await res.json()) as T;
}

export const http = {
  get: <T>(path: string, query?: Query) => json<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => json<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, body),
  del: <T>(path: string) => json<T>('DELETE', path),
  /** A file download (CSV report) as a Blob, localised like every other request. */
  blob: async (path: string) => (await send('GET', path, undefined, { raw: true })).blob(),
  /** A POST whose answer is a document (print-ready HTML, DOCX, PDF), as a Blob. */
  postBlob: async (path: string, body?: unknown) => {
    const res = await send('POST', path, body ?? {}, { raw: true });
    cache.clear();
    return res.blob();
  },
};

// ---------- endpoints ----------

export type UnitQuery = QueryOf<'/api/units'>;

export const api = {
  // auth
  me: () => json<{ user: SessionUser | null; expiresAt?: string | null }>('GET', '/api/auth/me', undefined, { quiet401: true }),
  login: (username: string, password: string) =>
    json<{ user: SessionUser; expiresAt: string }>('POST', '/api/auth/login', { username, password }, { quiet401: true }),
  logout: () => http.post<{ ok: true }>('/api/auth/logout'),
  changePassword: (oldPassword: string, newPassword: string) => http.post<{ ok: true }>('/api/auth/password', { oldPassword, newPassword }),
  sessions: () => http.get<{ items: SessionInfo[] }>('/api/auth/sessions'),
  revokeSession: (id: string) => http.del<{ ok: true }>(`/api/auth/sessions/${encodeURIComponent(id)}`),
  apiTokens: () => http.get<{ items: ApiTokenInfo[] }>('/api/auth/tokens'),
  createApiToken: (body: BodyOf<'/api/auth/tokens', 'post'>) =>
    http.post<{ id: string; token: string; expiresAt: string }>('/api/auth/tokens', body),
  revokeApiToken: (id: string) => http.del<{ ok: true }>(`/api/auth/tokens/${encodeURIComponent(id)}`),

  // user administration (admins, managers within their projects)
  userAccounts: () => http.get<{ items: UserAccount[] }>('/api/users'),
  createUserAccount: (body: UserAccountInput) => http.post<{ id: string }>('/api/users', body),
  updateUserAccount: (id: string, body: UserAccountPatch) => http.patch<{ ok: true }>(`/api/users/${encodeURIComponent(id)}`, body),
  resetUserPassword: (id: string, password: string) => http.post<{ ok: true }>(`/api/users/${encodeURIComponent(id)}/reset-password`, { password }),
  grantAudit: (query: QueryOf<'/api/users/audit'> = {}) => http.get<{ items: GrantAuditEntry[] }>('/api/users/audit', query),

  // registry
  projects: (query: QueryOf<'/api/projects'> = {}) => cachedGet<Page<Project>>('/api/projects', { pageSize: 100, ...query }),
  project: (id: string) => http.get<ProjectDetail>(`/api/projects/${encodeURIComponent(id)}`),
  buildings: (query: QueryOf<'/api/buildings'>) =>
    cachedGet<Page<Building>>('/api/buildings', { pageSize: 500, ...query }),
  units: (query: UnitQuery) => http.get<Page<Unit>>('/api/units', query as Query),
  unit: (id: string) => http.get<UnitDetail>(`/api/units/${encodeURIComponent(id)}`),
  createUnit: (body: UnitInput) => http.post<{ id: string }>('/api/units', body),
  updateUnit: (id: string, body: BodyOf<'/api/units/{id}', 'patch'>) => http.patch<{ ok: true }>(`/api/units/${encodeURIComponent(id)}`, body),
  parties: (query: QueryOf<'/api/parties'>) => http.get<Page<Party>>('/api/parties', query),
  party: (id: string) => http.get<Party>(`/api/parties/${encodeURIComponent(id)}`),
  createParty: (body: PartyInput) => http.post<{ id: string }>('/api/parties', body),
  updateParty: (id: string, body: BodyOf<'/api/parties/{id}', 'patch'>) => http.patch<{ ok: true }>(`/api/parties/${encodeURIComponent(id)}`, body),
  parkingSpaces: (query: QueryOf<'/api/parking-spaces'>) =>
    http.get<Page<ParkingSpace>>('/api/parking-spaces', query),

  // import
  startImport: (file: File, opts: { dryRun: boolean }) => {
    const fd = new FormData();
    if (opts.dryRun) fd.append('dryRun', '1');
    fd.append('file', file, file.name);
    return http.post<{ jobId: string; total: number }>('/api/registry/import', fd);
  },
  importJob: (id: string) => http.get<ImportJob>(`/api/imports/${encodeURIComponent(id)}`),
  importErrorsCsv: (id: string) => http.blob(`/api/imports/${encodeURIComponent(id)}/errors.csv`),
};
