/**
 * Announcements (公告) over HTTP.
 *
 * Staff:     GET /api/announcements, GET /api/announcements/:id (with read figures), and — for
 *            supervisors and managers (`orders.supervise`: whoever runs the front desk speaks for
 *            the centre; agents and front desk hold `knowledge.write`, which is too wide for
 *            something every household sees) — create, edit, publish, withdraw, and who read it.
 * Residents: GET /api/announcements/feed(/:id) — published, in-window announcements of projects
 *            where they hold a unit — and POST /api/announcements/feed/:id/read (the receipt).
 * Also:      GET/PUT /api/portal/payment-info — how to pay (counter, bank transfer), shown in the
 *            resident app since there is no payment gateway.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, badRequest, conflict, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { likeOp } from '../../db/migrationHelpers';
import { access } from '../auth/access';
import { authorize, type Actor } from '../auth/permissions';
import { readSetting, writeSetting } from '../workorders/slaSettings';
import type { AnnouncementTable } from './schema';
import { CATEGORIES, compareFeed, editable, nextStatus, publishable, readPercent, windowState, windowValid, type AnnouncementAction } from './rules';

const idStr = z.string().min(1).max(40);
// Instants arrive with an offset (the web sends ISO strings); stored as UTC.
const isoTime = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' })
  .transform((s) => new Date(s).toISOString());
const categoryEnum = z.enum(CATEGORIES as [string, ...string[]]) as z.ZodType<AnnouncementTable['category']>;
const fields = {
  projectId: idStr.nullable(),
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(20_000),
  format: z.enum(['text', 'markdown']),
  category: categoryEnum,
  pinned: z.boolean(),
  publishFrom: isoTime.nullable(),
  publishUntil: isoTime.nullable(),
};
const createBody = z.object({ ...fields, format: fields.format.default('text'), pinned: fields.pinned.default(false), publishFrom: fields.publishFrom.default(null), publishUntil: fields.publishUntil.default(null) });
// No defaults here: an edit that leaves a field out keeps what is stored (zod applies defaults even to optional fields).
const patchBody = z.object({ version: z.number().int().min(1), ...fields }).partial({ projectId: true, title: true, body: true, format: true, category: true, pinned: true, publishFrom: true, publishUntil: true });
const PAYMENT_INFO_KEY = 'portal.payment_info';
const paymentInfoSchema = z.object({ counter: z.string().trim().max(500).nullable(), bankTransfer: z.string().trim().max(1000).nullable() });
type PaymentInfo = z.infer<typeof paymentInfoSchema>;

type Row = AnnouncementTable & { project_name?: string | null; author_name?: string | null };

// What the answers hold, for the OpenAPI document the web app's types are generated from. Every
// field the mappers below write is listed: fastify serialises with these, so a missing one is dropped.
const formatEnum = z.enum(['text', 'markdown']);
const announcementOut = z.object({
  id: z.string(),
  projectId: z.string().nullable(),
  projectName: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  format: formatEnum,
  category: categoryEnum,
  pinned: z.boolean(),
  publishFrom: z.string().nullable(),
  publishUntil: z.string().nullable(),
  status: z.enum(['draft', 'published', 'withdrawn']),
  windowState: z.enum(['scheduled', 'live', 'expired']),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  publishedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Resident accounts that opened it. */
  readers: z.number(),
  /** Households (units with a current occupant) that read it, of those it reaches. */
  householdsRead: z.number(),
  householdsTotal: z.number(),
  readPercent: z.number().nullable(),
});
const pageOf = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
const readerOut = z.object({ userId: z.string(), name: z.string(), units: z.array(z.string()), firstReadAt: z.string() });
const feedItemOut = z.object({
  id: z.string(),
  projectId: z.string().nullable(),
  projectName: z.string().nullable(),
  title: z.string(),
  category: categoryEnum,
  pinned: z.boolean(),
  publishFrom: z.string().nullable(),
  publishUntil: z.string().nullable(),
  publishedAt: z.string().nullable(),
  excerpt: z.string(),
  /** First time this account opened it; null = unread. */
  readAt: z.string().nullable(),
});
const feedDetailOut = feedItemOut.extend({ body: z.string(), format: formatEnum });
const paymentInfoOut = z.object({ counter: z.string().nullable(), bankTransfer: z.string().nullable() });

function out(r: Row, now: string) {
  return {
    id: r.id,
    projectId: r.project_id,
    projectName: r.project_name ?? null,
    title: r.title,
    body: r.body,
    format: r.format,
    category: r.category,
    pinned: Number(r.pinned) === 1,
    publishFrom: r.publish_from,
    publishUntil: r.publish_until,
    status: r.status,
    windowState: windowState({ publishFrom: r.publish_from, publishUntil: r.publish_until }, now),
    authorId: r.author_id,
    authorName: r.author_name ?? null,
    publishedAt: r.published_at,
    withdrawnAt: r.withdrawn_at,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The projects whose announcements a caller may see: a resident's units' projects, a staff member's assignment. */
function audience(a: Actor): readonly string[] | 'all' {
  return a.projectIds;
}

export async function announcementRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const tags = ['announcements'];

  const base = (orgId: string) =>
    db()
      .selectFrom('announcements as a')
      .leftJoin('projects as p', 'p.id', 'a.project_id')
      .leftJoin('users as au', 'au.id', 'a.author_id')
      .selectAll('a')
      .select(['p.name as project_name', 'au.display_name as author_name'])
      .where('a.org_id', '=', orgId);

  /** Announcements for every project are everyone's; project ones only within the caller's projects. */
  function scoped<Q extends { where: (...args: any[]) => Q }>(q: Q, a: Actor): Q {
    const aud = audience(a);
    if (aud === 'all') return q;
    return q.where((eb: any) => eb.or([eb('a.project_id', 'is', null), eb('a.project_id', 'in', aud.length ? [...aud] : [''])]));
  }

  async function loadForStaff(a: Actor, id: string): Promise<Row> {
    const r = (await base(a.orgId).where('a.id', '=', id).executeTakeFirst()) as Row | undefined;
    if (!r) throw notFound('what.announcement');
    if (r.project_id) authorize(a, 'knowledge.read', { projectId: r.project_id });
    return r;
  }

  /** Households a project reaches: units with a current occupant (a party not moved out). */
  async function householdTotals(orgId: string): Promise<Map<string, number>> {
    const rows = await db()
      .selectFrom('party_units as pu')
      .innerJoin('units as u', 'u.id', 'pu.unit_id')
      .select((eb) => ['u.project_id', eb.fn.count<number>('u.id').distinct().as('n')])
      .where('pu.org_id', '=', orgId)
      .where('pu.move_out_date', 'is', null)
      .groupBy('u.project_id')
      .execute();
    return new Map(rows.map((r) => [r.project_id, Number(r.n)]));
  }

  /** Readers (accounts) and households read (their current units inside the announcement's projects), per announcement. */
  async function readFigures(orgId: string, ids: string[]): Promise<Map<string, { readers: number; householdsRead: number }>> {
    const m = new Map<string, { readers: number; householdsRead: number }>();
    if (!ids.length) return m;
    const readers = await db()
      .selectFrom('announcement_reads')
      .select((eb) => ['announcement_id', eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .where('announcement_id', 'in', ids)
      .groupBy('announcement_id')
      .execute();
    const households = await db()
      .selectFrom('announcement_reads as r')
      .innerJoin('announcements as a', 'a.id', 'r.announcement_id')
      .innerJoin('party_units as pu', (j) => j.onRef('pu.party_id', '=', 'r.party_id').on('pu.move_out_date', 'is', null))
      .innerJoin('units as u', 'u.id', 'pu.unit_id')
      .select((eb) => ['r.announcement_id', eb.fn.count<number>('u.id').distinct().as('n')])
      .where('r.org_id', '=', orgId)
      .where('r.announcement_id', 'in', ids)
      .where((eb) => eb.or([eb('a.project_id', 'is', null), eb('a.project_id', '=', eb.ref('u.project_id'))]))
      .groupBy('r.announcement_id')
      .execute();
    for (const id of ids) m.set(id, { readers: 0, householdsRead: 0 });
    for (const r of readers) m.get(r.announcement_id)!.readers = Number(r.n);
    for (const r of households) m.get(r.announcement_id)!.householdsRead = Number(r.n);
    return m;
  }

  async function withFigures(orgId: string, rows: Row[], now: string) {
    const totals = await householdTotals(orgId);
    const figures = await readFigures(orgId, rows.map((r) => r.id));
    const all = [...totals.values()].reduce((s, n) => s + n, 0);
    return rows.map((r) => {
      const f = figures.get(r.id)!;
      const householdsTotal = r.project_id ? (totals.get(r.project_id) ?? 0) : all;
      return { ...out(r, now), readers: f.readers, householdsRead: f.householdsRead, householdsTotal, readPercent: readPercent(f.householdsRead, householdsTotal) };
    });
  }

  // ---------- staff ----------
  app.get(
    '/api/announcements',
    {
      config: access('knowledge.read', 'project'),
      schema: {
        tags,
        summary: '公告列表（含阅读情况）Announcements with read figures',
        response: { 200: pageOf(announcementOut) },
        querystring: z.object({ ...pageQuery, status: z.enum(['draft', 'published', 'withdrawn']).optional(), projectId: idStr.optional(), category: categoryEnum.optional(), q: z.string().trim().max(60).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'knowledge.read');
      const f = req.query;
      let q = scoped(base(a.orgId), a);
      if (f.status) q = q.where('a.status', '=', f.status);
      if (f.projectId) q = q.where((eb) => eb.or([eb('a.project_id', '=', f.projectId!), eb('a.project_id', 'is', null)]));
      if (f.category) q = q.where('a.category', '=', f.category);
      if (f.q) q = q.where('a.title', likeOp(db()), `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const now = nowIso();
      const page = await paginate(q, f.page, f.pageSize, (x) => x.orderBy('a.pinned', 'desc').orderBy('a.created_at', 'desc').orderBy('a.id', 'desc'), (r) => r as Row);
      return { ...page, items: await withFigures(a.orgId, page.items, now) };
    },
  );

  app.get('/api/announcements/:id', { config: access('knowledge.read', 'project'), schema: { tags, summary: '公告详情（含阅读情况）An announcement with read figures', params: idParam, response: { 200: announcementOut } } }, async (req) => {
    const a = authorize(req.actor, 'knowledge.read');
    const r = await loadForStaff(a, req.params.id);
    return (await withFigures(a.orgId, [r], nowIso()))[0];
  });

  app.post(
    '/api/announcements',
    { config: access('orders.supervise', 'project'), schema: { tags, summary: '新建公告（草稿）Create an announcement (draft)', body: createBody, response: { 201: announcementOut } } },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.supervise', { projectId: req.body.projectId });
      const b = req.body;
      if (!b.projectId && a.projectIds !== 'all') throw new AppError(403, 'announcements.all_projects');
      if (b.projectId) {
        const p = await db().selectFrom('projects').select('id').where('org_id', '=', a.orgId).where('id', '=', b.projectId).executeTakeFirst();
        if (!p) throw notFound('what.project');
      }
      if (!windowValid(b)) throw badRequest('announcements.bad_window');
      const ts = nowIso();
      const id = newId();
      await db()
        .insertInto('announcements')
        .values({ id, org_id: a.orgId, project_id: b.projectId, title: b.title, body: b.body, format: b.format, category: b.category, pinned: b.pinned ? 1 : 0, publish_from: b.publishFrom, publish_until: b.publishUntil, status: 'draft', author_id: a.userId, published_at: null, withdrawn_at: null, version: 1, created_at: ts, updated_at: ts })
        .execute();
      reply.code(201);
      return (await withFigures(a.orgId, [await loadForStaff(a, id)], ts))[0];
    },
  );

  app.patch(
    '/api/announcements/:id',
    {
      config: access('orders.supervise', 'project'),
      schema: { tags, summary: '修改公告（草稿或已发布；阅读记录保留）Edit an announcement', params: idParam, body: patchBody, response: { 200: announcementOut } },
    },
    async (req) => {
      const a = authorize(req.actor, 'orders.supervise');
      const r = await loadForStaff(a, req.params.id);
      if (r.project_id) authorize(a, 'orders.supervise', { projectId: r.project_id });
      if (!editable(r.status)) throw conflict('announcements.not_editable');
      const b = req.body;
      const projectId = b.projectId === undefined ? r.project_id : b.projectId;
      if (projectId !== r.project_id) {
        if (!projectId && a.projectIds !== 'all') throw new AppError(403, 'announcements.all_projects');
        if (projectId) {
          authorize(a, 'orders.supervise', { projectId });
          const p = await db().selectFrom('projects').select('id').where('org_id', '=', a.orgId).where('id', '=', projectId).executeTakeFirst();
          if (!p) throw notFound('what.project');
        }
      }
      const w = { publishFrom: b.publishFrom === undefined ? r.publish_from : b.publishFrom, publishUntil: b.publishUntil === undefined ? r.publish_until : b.publishUntil };
      if (!windowValid(w)) throw badRequest('announcements.bad_window');
      const ts = nowIso();
      if (r.status === 'published' && !publishable(w, ts)) throw badRequest('announcements.expired');
      const res = await db()
        .updateTable('announcements')
        .set({
          project_id: projectId,
          title: b.title ?? r.title,
          body: b.body ?? r.body,
          format: b.format ?? r.format,
          category: b.category ?? r.category,
          pinned: b.pinned === undefined ? r.pinned : b.pinned ? 1 : 0,
          publish_from: w.publishFrom,
          publish_until: w.publishUntil,
          version: Number(r.version) + 1,
          updated_at: ts,
        })
        .where('id', '=', r.id)
        .where('version', '=', b.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw conflict('conflict.version');
      return (await withFigures(a.orgId, [await loadForStaff(a, r.id)], ts))[0];
    },
  );

  for (const action of ['publish', 'withdraw'] as AnnouncementAction[]) {
    app.post(
      `/api/announcements/:id/${action}`,
      { config: access('orders.supervise', 'project'), schema: { tags, summary: action === 'publish' ? '发布公告 Publish' : '撤回公告 Withdraw', params: idParam, response: { 200: announcementOut } } },
      async (req) => {
        const a = authorize(req.actor, 'orders.supervise');
        const r = await loadForStaff(a, req.params.id);
        if (r.project_id) authorize(a, 'orders.supervise', { projectId: r.project_id });
        else if (a.projectIds !== 'all') throw new AppError(403, 'announcements.all_projects');
        const to = nextStatus(r.status, action);
        if (!to) throw conflict(action === 'publish' ? 'announcements.cannot_publish' : 'announcements.cannot_withdraw');
        const ts = nowIso();
        if (action === 'publish' && !publishable({ publishFrom: r.publish_from, publishUntil: r.publish_until }, ts)) throw badRequest('announcements.expired');
        const patch = action === 'publish' ? { status: to, published_at: ts, withdrawn_at: null } : { status: to, withdrawn_at: ts };
        // Guarded by the status read, so two supervisors pressing at once change it once.
        const res = await db()
          .updateTable('announcements')
          .set({ ...patch, version: Number(r.version) + 1, updated_at: ts })
          .where('id', '=', r.id)
          .where('status', '=', r.status)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw conflict('conflict.version');
        return (await withFigures(a.orgId, [await loadForStaff(a, r.id)], ts))[0];
      },
    );
  }

  app.get(
    '/api/announcements/:id/reads',
    { config: access('orders.supervise', 'project'), schema: { tags, summary: '谁已阅读 Who read it', params: idParam, querystring: z.object(pageQuery), response: { 200: pageOf(readerOut) } } },
    async (req) => {
      const a = authorize(req.actor, 'orders.supervise');
      const r = await loadForStaff(a, req.params.id);
      if (r.project_id) authorize(a, 'orders.supervise', { projectId: r.project_id });
      const q = db()
        .selectFrom('announcement_reads as r')
        .innerJoin('users as us', 'us.id', 'r.user_id')
        .leftJoin('parties as pa', 'pa.id', 'r.party_id')
        .select(['r.user_id', 'r.party_id', 'r.first_read_at', 'us.display_name', 'pa.name as party_name'])
        .where('r.org_id', '=', a.orgId)
        .where('r.announcement_id', '=', r.id);
      const page = await paginate(q, req.query.page, req.query.pageSize, (x) => x.orderBy('r.first_read_at', 'desc').orderBy('r.user_id'), (x) => x);
      // The units each reader holds inside the announcement's audience, to say which household read it.
      const parties = page.items.map((x) => x.party_id).filter((x): x is string => !!x);
      let uq = db()
        .selectFrom('party_units as pu')
        .innerJoin('units as u', 'u.id', 'pu.unit_id')
        .leftJoin('buildings as b', 'b.id', 'u.building_id')
        .select(['pu.party_id', 'u.number', 'b.name as building_name'])
        .where('pu.party_id', 'in', parties.length ? parties : [''])
        .where('pu.move_out_date', 'is', null);
      if (r.project_id) uq = uq.where('u.project_id', '=', r.project_id);
      const units = await uq.orderBy('u.number').execute();
      return {
        ...page,
        items: page.items.map((x) => ({
          userId: x.user_id,
          name: x.party_name ?? x.display_name,
          units: units.filter((u) => u.party_id === x.party_id).map((u) => [u.building_name, u.number].filter(Boolean).join(' ')),
          firstReadAt: x.first_read_at,
        })),
      };
    },
  );

  // ---------- residents (and staff previewing what residents see) ----------
  async function feedRows(a: Actor, now: string, id?: string): Promise<Row[]> {
    let q = scoped(base(a.orgId), a)
      .where('a.status', '=', 'published')
      .where((eb) => eb.or([eb('a.publish_from', 'is', null), eb('a.publish_from', '<=', now)]))
      .where((eb) => eb.or([eb('a.publish_until', 'is', null), eb('a.publish_until', '>', now)]));
    // A resident without a current unit belongs to no project and sees nothing, not even the org-wide ones.
    if (a.role === 'resident' && !a.unitIds.length) return [];
    if (id) q = q.where('a.id', '=', id);
    return (await q.limit(300).execute()) as Row[];
  }

  async function readsOf(a: Actor, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await db().selectFrom('announcement_reads').select(['announcement_id', 'first_read_at']).where('user_id', '=', a.userId).where('announcement_id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.announcement_id, r.first_read_at]));
  }

  const feedItem = (r: Row, now: string, readAt: string | null) => {
    const o = out(r, now);
    return { id: o.id, projectId: o.projectId, projectName: o.projectName, title: o.title, category: o.category, pinned: o.pinned, publishFrom: o.publishFrom, publishUntil: o.publishUntil, publishedAt: o.publishedAt, excerpt: r.body.replace(/[#*_>`\[\]()-]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80), readAt };
  };

  app.get(
    '/api/announcements/feed',
    { config: access('signed-in', 'own', { residents: true }), schema: { tags, summary: '我的公告（已发布、在展示期内）Announcements for me', response: { 200: z.object({ items: z.array(feedItemOut), unread: z.number() }) } } },
    async (req) => {
      const a = req.actor!;
      const now = nowIso();
      const rows = await feedRows(a, now);
      const reads = await readsOf(a, rows.map((r) => r.id));
      const items = rows
        .map((r) => ({ r, k: { id: r.id, pinned: Number(r.pinned) === 1, publishFrom: r.publish_from, publishedAt: r.published_at } }))
        .sort((x, y) => compareFeed(x.k, y.k))
        .map(({ r }) => feedItem(r, now, reads.get(r.id) ?? null));
      return { items, unread: items.filter((i) => !i.readAt).length };
    },
  );

  app.get(
    '/api/announcements/feed/:id',
    { config: access('signed-in', 'own', { residents: true }), schema: { tags, summary: '公告全文 An announcement for me', params: idParam, response: { 200: feedDetailOut } } },
    async (req) => {
      const a = req.actor!;
      const now = nowIso();
      const [r] = await feedRows(a, now, req.params.id);
      if (!r) throw notFound('what.announcement');
      const reads = await readsOf(a, [r.id]);
      return { ...feedItem(r, now, reads.get(r.id) ?? null), body: r.body, format: r.format };
    },
  );

  app.post(
    '/api/announcements/feed/:id/read',
    { config: access('signed-in', 'own', { residents: true }), schema: { tags, summary: '阅读回执（重复调用保留首次阅读时间）Read receipt', params: idParam, response: { 200: z.object({ readAt: z.string().nullable() }) } } },
    async (req) => {
      const a = req.actor!;
      const now = nowIso();
      const [r] = await feedRows(a, now, req.params.id);
      if (!r) throw notFound('what.announcement');
      // Only residents' readings are receipts; staff opening the feed to check it are not the audience.
      if (a.role !== 'resident') return { readAt: null };
      await db()
        .insertInto('announcement_reads')
        .values({ announcement_id: r.id, user_id: a.userId, org_id: a.orgId, party_id: a.partyId, first_read_at: now })
        .onConflict((oc) => oc.columns(['announcement_id', 'user_id']).doNothing())
        .execute();
      const row = await db().selectFrom('announcement_reads').select('first_read_at').where('announcement_id', '=', r.id).where('user_id', '=', a.userId).executeTakeFirstOrThrow();
      return { readAt: row.first_read_at };
    },
  );

  // ---------- how to pay ----------
  app.get('/api/portal/payment-info', { config: access('signed-in', 'own', { residents: true }), schema: { tags, summary: '缴费方式说明（柜台、银行转账）How to pay', response: { 200: paymentInfoOut } } }, async (req) => {
    const info = await readSetting<PaymentInfo>(db(), req.actor!.orgId, PAYMENT_INFO_KEY);
    return { counter: info?.counter ?? null, bankTransfer: info?.bankTransfer ?? null };
  });

  app.put('/api/portal/payment-info', { config: access('settings.manage', 'org'), schema: { tags, summary: '设置缴费方式说明 Set how to pay', body: paymentInfoSchema, response: { 200: paymentInfoOut } } }, async (req) => {
    const a = authorize(req.actor, 'settings.manage');
    const v = { counter: req.body.counter || null, bankTransfer: req.body.bankTransfer || null };
    await writeSetting(db(), a.orgId, PAYMENT_INFO_KEY, v);
    return v;
  });
}
