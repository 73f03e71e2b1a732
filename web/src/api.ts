/**
 * Small typed client for the Shouwen API: JSON in and out, the session cookie travels by itself,
 * state-changing requests carry the CSRF token, every request says which language the user reads
 * so the server localises its error messages.
 */

// ---------- types mirrored from the API (only what the web app reads) ----------

export type Role =
  | 'admin'
  | 'manager'
  | 'supervisor'
  | 'agent'
  | 'front_desk'
  | 'dispatcher'
  | 'technician'
  | 'collector'
  | 'inspector'
  | 'qa'
  | 'resident';

export const ROLES: readonly Role[] = ['admin', 'manager', 'supervisor', 'agent', 'front_desk', 'dispatcher', 'technician', 'collector', 'inspector', 'qa', 'resident'];

/** Permissions the server grants (src/modules/auth/permissions.ts); the web app only reads them. */
export type Permission =
  | 'registry.read'
  | 'parties.read'
  | 'registry.write'
  | 'registry.import'
  | 'users.manage'
  | 'users.read'
  | 'contacts.read'
  | 'contacts.write'
  | 'orders.read'
  | 'orders.create'
  | 'orders.dispatch'
  | 'orders.work'
  | 'orders.visit'
  | 'orders.supervise'
  | 'sla.manage'
  | 'billing.read'
  | 'billing.write'
  | 'billing.approve'
  | 'inspections.read'
  | 'inspections.write'
  | 'ledgers.read'
  | 'ledgers.write'
  | 'wfm.read'
  | 'wfm.write'
  | 'quality.read'
  | 'quality.write'
  | 'quality.self'
  | 'reports.read'
  | 'reports.manage'
  | 'settings.manage'
  | 'system.backup'
  | 'knowledge.read'
  | 'knowledge.write'
  | 'knowledge.approve';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  projectIds: string[] | 'all';
  partyId: string | null;
  unitIds: string[];
  permissions: Permission[];
  csrfToken: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type ProjectKind = 'residential' | 'office' | 'park' | 'mall';
export type UnitType = 'residence' | 'shop' | 'office' | 'storage' | 'other';
export type UnitState = 'unsold' | 'vacant' | 'occupied' | 'renovating';
export type PartyKind = 'person' | 'company';
export type PartyRole = 'owner' | 'tenant' | 'family' | 'company';
export type ParkingKind = 'owned' | 'rented' | 'visitor';
export type ParkingState = 'free' | 'occupied' | 'reserved';

export const UNIT_TYPES: readonly UnitType[] = ['residence', 'shop', 'office', 'storage', 'other'];
export const UNIT_STATES: readonly UnitState[] = ['unsold', 'vacant', 'occupied', 'renovating'];
export const PARTY_ROLES: readonly PartyRole[] = ['owner', 'tenant', 'family', 'company'];

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
export interface ImportError {
  line: number;
  field: string | null;
  code: string;
  message: string;
}
export interface ImportJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  dryRun: boolean;
  phase: 'validating' | 'writing' | 'done';
  processed: number;
  total: number;
  errorCount: number;
  errors: ImportError[];
  summary: { units: number; unitsExisting: number; parties: number; relations: number; buildings: number; phases: number } | null;
}

export interface UnitInput {
  buildingId: string;
  number: string;
  floor?: number | null;
  areaM2: number | string;
  type: UnitType;
  state: UnitState;
}
export interface PartyInput {
  kind: PartyKind;
  name: string;
  idNumber?: string | null;
  phones?: string[];
  note?: string | null;
  units?: { unitId: string; role: PartyRole; moveInDate?: string | null }[];
}

/** One of the caller's sign-in sessions (`current` is the one making the request). */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string | null;
  userAgent: string | null;
  current: boolean;
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
/** A staff account as the user-administration screen sees it (projectIds empty = organisation-wide). */
export interface UserAccount {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  skills: string[];
  onDuty: boolean;
  phone: string | null;
  active: boolean;
  projectIds: string[];
}
export interface UserAccountInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  phone?: string | null;
  skills?: string[];
  projectIds?: string[];
}
export type UserAccountPatch = Partial<Pick<UserAccount, 'displayName' | 'role' | 'projectIds' | 'skills' | 'phone' | 'active'>>;
interface GrantState {
  username?: string;
  role?: Role;
  projectIds?: string[];
  active?: boolean;
  hiddenProjects?: number;
}
export interface GrantAuditEntry {
  id: string;
  at: string;
  action: 'create' | 'update' | 'reset_password';
  actorId: string | null;
  actorName: string | null;
  targetUserId: string;
  targetName: string | null;
  before: GrantState | null;
  after: GrantState | null;
}

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

export interface UnitQuery {
  projectId?: string;
  buildingId?: string;
  state?: UnitState;
  type?: UnitType;
  q?: string;
  page?: number;
  pageSize?: number;
}

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
  createApiToken: (body: { name: string; expiresInDays: number; permissions?: Permission[] }) =>
    http.post<{ id: string; token: string; expiresAt: string }>('/api/auth/tokens', body),
  revokeApiToken: (id: string) => http.del<{ ok: true }>(`/api/auth/tokens/${encodeURIComponent(id)}`),

  // user administration (admins, managers within their projects)
  userAccounts: () => http.get<{ items: UserAccount[] }>('/api/users'),
  createUserAccount: (body: UserAccountInput) => http.post<{ id: string }>('/api/users', body),
  updateUserAccount: (id: string, body: UserAccountPatch) => http.patch<{ ok: true }>(`/api/users/${encodeURIComponent(id)}`, body),
  resetUserPassword: (id: string, password: string) => http.post<{ ok: true }>(`/api/users/${encodeURIComponent(id)}/reset-password`, { password }),
  grantAudit: (query: { targetUserId?: string; limit?: number } = {}) => http.get<{ items: GrantAuditEntry[] }>('/api/users/audit', query),

  // registry
  projects: (query: { q?: string; page?: number; pageSize?: number } = {}) => cachedGet<Page<Project>>('/api/projects', { pageSize: 100, ...query }),
  project: (id: string) => http.get<ProjectDetail>(`/api/projects/${encodeURIComponent(id)}`),
  buildings: (query: { projectId?: string; phaseId?: string; page?: number; pageSize?: number }) =>
    cachedGet<Page<Building>>('/api/buildings', { pageSize: 500, ...query }),
  units: (query: UnitQuery) => http.get<Page<Unit>>('/api/units', query as Query),
  unit: (id: string) => http.get<UnitDetail>(`/api/units/${encodeURIComponent(id)}`),
  createUnit: (body: UnitInput) => http.post<{ id: string }>('/api/units', body),
  updateUnit: (id: string, body: Partial<Omit<UnitInput, 'buildingId'>>) => http.patch<{ ok: true }>(`/api/units/${encodeURIComponent(id)}`, body),
  parties: (query: { q?: string; projectId?: string; kind?: PartyKind; page?: number; pageSize?: number }) => http.get<Page<Party>>('/api/parties', query),
  party: (id: string) => http.get<Party>(`/api/parties/${encodeURIComponent(id)}`),
  createParty: (body: PartyInput) => http.post<{ id: string }>('/api/parties', body),
  updateParty: (id: string, body: Partial<Omit<PartyInput, 'units'>>) => http.patch<{ ok: true }>(`/api/parties/${encodeURIComponent(id)}`, body),
  parkingSpaces: (query: { projectId?: string; state?: ParkingState; q?: string; page?: number; pageSize?: number }) =>
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
