/**
 * The dispatch board at volume (issue 11): open work split into columns by stage — every order in
 * exactly one — each paged on the server and sorted by urgency (breached, then warning, then
 * oldest first); filters; a live-event bus for SSE; similar-order lookup for the desk.
 */
import { EventEmitter } from 'node:events';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppContext } from '../../core/context';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/permissions';
import { LIFECYCLE_TABLES } from './lifecycle';
import { orderFilterQuery, orderOut, orderQuery, orderRowsByIds, type OrderRow } from './queries';

type Db = Kysely<DB> | Transaction<DB>;

/** States where someone still has to do the work (open, before the result): the board's and the cap's scope. */
export function workStates(): string[] {
  const s = new Set<string>();
  for (const t of Object.values(LIFECYCLE_TABLES)) for (const st of t.states) if (!t.terminal.includes(st) && !t.resultStates.includes(st)) s.add(st);
  return [...s];
}

/** Not yet taken up by the assignee (dispatched / assigned, waiting for 接单). */
const WAITING_ACCEPT = ['dispatched', 'assigned', 'applied'];
export const BOARD_COLUMNS = ['unassigned', 'dispatched', 'working', 'on_hold'] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

export interface BoardFilter {
  projectId?: string;
  category?: string;
  /** Categories needing this skill (configured per category, else the category named like the skill). */
  skill?: string;
  priority?: string;
  buildingId?: string;
  kind?: string;
  /** Only orders at least / at most this many hours old. */
  minAgeHours?: number;
  maxAgeHours?: number;
  q?: string;
}

/** Actions that give an order to someone, first time and again, in the order they are preferred. */
const FIRST_ASSIGN = ['dispatch', 'assign'] as const;
const AGAIN_ASSIGN = ['redispatch', 'reassign', 'transfer'] as const;
export type AssignAction = (typeof FIRST_ASSIGN)[number] | (typeof AGAIN_ASSIGN)[number];

/**
 * How the board gives this order to a technician from its state, by its kind's transition table:
 * 派单 / 指派整改 when nobody has it, 改派 / 转单 when someone has; none where the kind is not
 * dispatched work (a renovation application is approved, not dispatched). Pure.
 */
export function assignActionFor(kind: string, state: string, assigned: boolean): AssignAction | null {
  const table = LIFECYCLE_TABLES[kind as keyof typeof LIFECYCLE_TABLES];
  if (!table) return null;
  for (const action of assigned ? AGAIN_ASSIGN : FIRST_ASSIGN) if (table.transitions.some((t) => t.action === action && t.from.includes(state))) return action;
  return null;
}

/** Kinds whose orders are dispatched to people at all: only these belong on the board. */
export const BOARD_KINDS = Object.entries(LIFECYCLE_TABLES)
  .filter(([, table]) => table.transitions.some((t) => (FIRST_ASSIGN as readonly string[]).includes(t.action)))
  .map(([kind]) => kind);

/** The base query of the board for one column: in the actor's scope, filtered, in urgency order. */
export async function boardColumnQuery(ctx: AppContext, actor: Actor, column: BoardColumn, f: BoardFilter, now = Date.now()) {
  const db = ctx.store.db;
  let q = orderQuery(db, ctx.store.dialect, actor, { projectId: f.projectId, category: f.category, priority: f.priority, kind: f.kind as never, q: f.q })
    .leftJoin('buildings as b', 'b.id', 'o.building_id')
    .select('b.name as building_name')
    .where('o.state', 'in', workStates())
    .where('o.kind', 'in', BOARD_KINDS);
  switch (column) {
    case 'unassigned':
      q = q.where('o.assignee_id', 'is', null).where('o.state', '!=', 'on_hold');
      break;
    case 'dispatched':
      q = q.where('o.assignee_id', 'is not', null).where('o.state', 'in', WAITING_ACCEPT);
      break;
    case 'working':
      q = q.where('o.assignee_id', 'is not', null).where('o.state', 'not in', [...WAITING_ACCEPT, 'on_hold']);
      break;
    case 'on_hold':
      q = q.where('o.state', '=', 'on_hold');
      break;
  }
  if (f.buildingId) q = q.where('o.building_id', '=', f.buildingId);
  if (f.minAgeHours !== undefined) q = q.where('o.created_at', '<=', new Date(now - f.minAgeHours * 3600_000).toISOString());
  if (f.maxAgeHours !== undefined) q = q.where('o.created_at', '>=', new Date(now - f.maxAgeHours * 3600_000).toISOString());
  if (f.skill) {
    const names = (await db.selectFrom('order_categories').select('name').where('org_id', '=', actor.orgId).where('skill', '=', f.skill).execute()).map((r) => r.name);
    q = q.where('o.category', 'in', [...new Set([f.skill, ...names])]);
  }
  return q;
}

export function urgencyOrder<T extends { orderBy: (...a: any[]) => T }>(q: T): T {
  return q.orderBy('o.sla_breached', 'desc').orderBy('o.sla_warning', 'desc').orderBy('o.created_at', 'asc').orderBy('o.id', 'asc');
}

/** A card on the board: the order as its list shows it, plus what a dispatcher decides by. */
export function boardCard(r: OrderRow & { building_name?: string | null }, now: number) {
  const o = orderOut(r);
  // The nearest deadline of a clock still running (met and stopped targets no longer count).
  const due = (o.sla.targets ?? []).filter((t: any) => t.deadline && !t.stoppedAt).map((t: any) => t.deadline as string).sort()[0] ?? null;
  return {
    id: o.id, number: o.number, kind: o.kind, category: o.category, priority: o.priority, state: o.state, version: o.version,
    title: o.title, projectId: o.projectId, buildingId: o.buildingId, buildingName: r.building_name ?? null, unitNumber: o.unitNumber,
    location: o.location, assigneeId: o.assigneeId, assigneeName: o.assigneeName, ownerName: o.ownerName, appointmentAt: o.appointmentAt,
    createdAt: o.createdAt, ageMinutes: Math.max(0, Math.floor((now - Date.parse(o.createdAt)) / 60_000)),
    slaBreached: o.slaBreached, slaWarning: o.slaWarning, nextDueAt: due, chaseCount: o.chaseCount, reopenCount: o.reopenCount, holdReason: o.holdReason,
    assignAction: assignActionFor(o.kind, o.state, !!o.assigneeId),
  };
}

// ---------- live events (SSE) ----------

export interface BoardEvent {
  /** Monotonic per process, for Last-Event-ID replay. */
  id: number;
  /** order: a committed change; focus: a dispatcher has the card open; technician: duty changed. */
  type: 'order' | 'focus' | 'technician';
  orgId: string;
  projectId: string | null;
  orderId: string;
  action: string;
  version?: number;
  state?: string;
  assigneeId?: string | null;
  actorId?: string | null;
  actorName?: string | null;
  at: string;
}

class BoardBus extends EventEmitter {
  seq = 0;
  recent: BoardEvent[] = [];
}
const buses = new WeakMap<AppContext, BoardBus>();

/** One bus per running app (tests run several apps in one process). In-process: several server processes would need LISTEN/NOTIFY. */
export function boardBus(ctx: AppContext): BoardBus {
  let b = buses.get(ctx);
  if (!b) {
    b = new BoardBus();
    b.setMaxListeners(0);
    buses.set(ctx, b);
  }
  return b;
}

/** Announce a change on the board (after its transaction committed). Keeps the last 500 for reconnects. */
export function publishBoard(ctx: AppContext, e: Omit<BoardEvent, 'id' | 'at'> & { at?: string }): void {
  const bus = boardBus(ctx);
  const ev: BoardEvent = { ...e, id: ++bus.seq, at: e.at ?? new Date().toISOString() };
  bus.recent.push(ev);
  if (bus.recent.length > 500) bus.recent.splice(0, bus.recent.length - 500);
  bus.emit('event', ev);
}

/** Publish an order's current state (reads it once; a missing order publishes nothing). */
export async function publishOrder(ctx: AppContext, orderId: string, action: string, actor?: { userId: string; displayName?: string } | null): Promise<void> {
  const o = await ctx.store.db.selectFrom('work_orders').select(['org_id', 'project_id', 'version', 'state', 'assignee_id']).where('id', '=', orderId).executeTakeFirst();
  if (!o) return;
  publishBoard(ctx, { type: 'order', orgId: o.org_id, projectId: o.project_id, orderId, action, version: o.version, state: o.state, assigneeId: o.assignee_id, actorId: actor?.userId ?? null, actorName: actor?.displayName ?? null });
}

// ---------- similar open orders (desk duplicates) ----------

/** Character bigrams of Chinese (and other) text, ignoring spaces and punctuation. */
export function bigrams(text: string | null | undefined): Set<string> {
  const chars = [...(text ?? '').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  if (chars.length === 1) out.add(chars[0]);
  return out;
}

/** Overlap of two bigram sets relative to the smaller (a short call note inside a long description still matches). Pure. */
export function bigramSimilarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / Math.min(a.size, b.size);
}

/** Tuned on call notes: a caller's words around the same fault share about half their bigrams with the order. */
export const SIMILAR_THRESHOLD = 0.4;

export interface SimilarQuery {
  projectId?: string;
  unitId?: string;
  partyId?: string;
  category?: string;
  text?: string;
}

/**
 * Open orders a new call may be about: same unit or caller in the same category, or similar text
 * in the same project (or unit). Each with why it matched; best first. Limited to what the actor may see.
 */
export async function similarOpenOrders(db: Db, ctx: AppContext, actor: Actor, s: SimilarQuery, limit = 10) {
  const best = await similarMatches(db, ctx, actor, s, limit);
  if (!best.length) return [];
  const shown = await orderRowsByIds(db, best.map((x) => x.id));
  const full = new Map(shown.map((r) => [r.id, r]));
  return best.filter((x) => full.has(x.id)).map((x) => ({ row: full.get(x.id)!, reasons: x.reasons, similarity: x.similarity }));
}

/**
 * The same matches as similarOpenOrders with only the columns a new order's response shows of
 * them: the full rows (every column, four joined names) are not read for a list of ten links.
 */
export async function similarOpenOrdersBrief(db: Db, ctx: AppContext, actor: Actor, s: SimilarQuery, limit = 10) {
  const best = await similarMatches(db, ctx, actor, s, limit);
  if (!best.length) return [];
  const shown = await db.selectFrom('work_orders').select(['id', 'number', 'title', 'state']).where('id', 'in', best.map((x) => x.id)).execute();
  const brief = new Map(shown.map((r) => [r.id, r]));
  return best.filter((x) => brief.has(x.id)).map((x) => ({ row: brief.get(x.id)!, reasons: x.reasons, similarity: x.similarity }));
}

async function similarMatches(db: Db, ctx: AppContext, actor: Actor, s: SimilarQuery, limit: number) {
  if (!s.unitId && !s.partyId && !(s.text && s.projectId)) return [];
  // The list's narrowing without its joined names: they are left joins on primary keys, so they
  // neither add nor drop rows, and nothing here reads them.
  let q = orderFilterQuery(db, ctx.store.dialect, actor, { queue: 'open' });
  if (s.projectId) q = q.where('o.project_id', '=', s.projectId);
  q = q.where((eb) =>
    eb.or([
      ...(s.unitId ? [eb('o.unit_id', '=', s.unitId)] : []),
      ...(s.partyId ? [eb('o.party_id', '=', s.partyId)] : []),
      // Text alone: the project's recent open orders are compared in memory (bigram overlap).
      ...(s.text && s.projectId ? [eb('o.created_at', '>=', new Date(Date.now() - 30 * 86_400_000).toISOString())] : []),
    ]),
  );
  // Up to 500 candidates are compared on a new order. Turning their texts, units, callers and
  // categories into JavaScript strings was most of the read, so the database answers "same unit / caller /
  // category?" as flags (null when not asked, as null never equals), and the texts' bigrams come
  // from a cache by order id: an order's title and description are never changed after creation.
  const rows = await q
    .select([
      'o.id',
      sql<number | boolean | null>`o.unit_id = ${s.unitId ?? null}`.as('same_unit'),
      sql<number | boolean | null>`o.party_id = ${s.partyId ?? null}`.as('same_party'),
      sql<number | boolean | null>`o.category = ${s.category ?? null}`.as('same_category'),
    ])
    .orderBy('o.created_at', 'desc')
    .limit(500)
    .execute();
  const want = bigrams(s.text);
  const texts = want.size ? await textBigrams(db, ctx, rows.map((r) => r.id)) : null;
  const out: Array<{ id: string; reasons: string[]; similarity: number }> = [];
  for (const r of rows) {
    const reasons: string[] = [];
    const sameUnit = !!s.unitId && !!r.same_unit;
    const sameParty = !!s.partyId && !!r.same_party;
    const sameCategory = !!s.category && !!r.same_category;
    if (sameUnit && sameCategory) reasons.push('same_unit_category');
    if (sameParty && sameCategory) reasons.push('same_caller_category');
    const theirs = texts?.get(r.id);
    const sim = theirs ? bigramSimilarity(want, theirs) : 0;
    if (sim >= SIMILAR_THRESHOLD) reasons.push('similar_text');
    // Same unit or caller without a category given: still worth a look.
    if (!s.category && !reasons.length && (sameUnit || sameParty)) reasons.push(sameUnit ? 'same_unit' : 'same_caller');
    if (reasons.length) out.push({ id: r.id, reasons, similarity: Math.round(sim * 100) / 100 });
  }
  const rank = (x: (typeof out)[number]) => (x.reasons.some((r) => r.endsWith('_category')) ? 2 : 0) + x.similarity;
  return out.sort((a, b) => rank(b) - rank(a)).slice(0, limit);
}

/**
 * Bigrams of orders' `title description` by order id, one cache per database (a test process opens
 * many). Safe because no path updates an order's title or description; a deleted order is simply
 * never a candidate again. Bounded, oldest out; the missing texts are read in one statement.
 */
const textCaches = new WeakMap<object, Map<string, Set<string>>>();
const TEXT_CACHE_MAX = 50_000;
function textCacheOf(ctx: AppContext): Map<string, Set<string>> {
  let cache = textCaches.get(ctx.store);
  if (!cache) textCaches.set(ctx.store, (cache = new Map()));
  return cache;
}
async function textBigrams(db: Db, ctx: AppContext, ids: string[]): Promise<Map<string, Set<string>>> {
  const cache = textCacheOf(ctx);
  const out = new Map<string, Set<string>>();
  const missing: string[] = [];
  for (const id of ids) {
    const b = cache.get(id);
    if (b) out.set(id, b);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = await db.selectFrom('work_orders').select(['id', 'title', 'description']).where('id', 'in', missing).execute();
    for (const r of rows) out.set(r.id, rememberText(cache, r.id, r.title, r.description));
  }
  return out;
}

function rememberText(cache: Map<string, Set<string>>, id: string, title: string, description: string | null): Set<string> {
  const b = orderBigrams(`${title} ${description ?? ''}`);
  if (cache.size >= TEXT_CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(id, b);
  return b;
}

/** A new order's text, known to its creator: saves the duplicate check reading it back. */
export function noteOrderText(ctx: AppContext, id: string, title: string, description: string | null | undefined) {
  rememberText(textCacheOf(ctx), id, title, description ?? null);
}

/**
 * Bigrams of an order's text, remembered by the text itself (bounded, oldest out): every new
 * order is compared with up to 500 open ones, whose text rarely changes. Callers must not mutate the set.
 */
const bigramCache = new Map<string, Set<string>>();
const BIGRAM_CACHE_MAX = 20_000;
function orderBigrams(text: string): Set<string> {
  let b = bigramCache.get(text);
  if (!b) {
    b = bigrams(text);
    if (bigramCache.size >= BIGRAM_CACHE_MAX) bigramCache.delete(bigramCache.keys().next().value!);
    bigramCache.set(text, b);
  }
  return b;
}
