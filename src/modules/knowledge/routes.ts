/**
 * 知识库 over HTTP (docs/knowledge.md lists every route with its body and response).
 * Staff routes need knowledge.read / .write / .approve; residents reach only the FAQ routes,
 * which check resident visibility themselves (published, resident-visible, live, their projects).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import { pageQuery } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, type Actor } from '../auth/permissions';
import { localDate } from '../inspections/core';
import { diffChars, diffLines } from './diff';
import { articleState, articlesOfCategory, canRead, fieldsOf, parseList, revisionFields, searchArticles, viewerOf, type Filters } from './queries';
import { DEFAULT_SYNONYMS, OUTDATED_FLAGS_FOR_REVIEW, seesRevision, type ArticleFields, type Viewer } from './rules';
import { ARTICLE_TYPES, VERDICTS, VISIBILITIES, type KnowledgeArticleTable, type KnowledgeRevisionTable } from './schema';
import { articleForWork, createArticle, decideRevision, draftFromOrder, editArticle, rollback, submitRevision } from './service';

const idStr = z.string().min(1).max(40);
const isoTime = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' });
const word = z.string().trim().min(1).max(40);

const fieldsBody = {
  title: z.string().trim().min(1).max(120),
  body: z.string().max(50_000),
  type: z.enum(ARTICLE_TYPES),
  categories: z.array(word).max(20).default([]),
  projectIds: z.array(idStr).max(50).default([]),
  variantOf: idStr.nullish(),
  tags: z.array(word).max(30).default([]),
  synonyms: z.array(word).max(30).default([]),
  ownerId: idStr.optional(),
  reviewDueOn: dateStr.nullish(),
  visibility: z.enum(VISIBILITIES).default('internal'),
  publishAt: isoTime.nullish(),
  expireAt: isoTime.nullish(),
  changeNote: z.string().trim().max(500).nullish(),
  /** Submit for approval at once (otherwise the revision stays a draft of its author). */
  submit: z.boolean().default(false),
};

const iso = (s: string | null | undefined) => (s ? new Date(s).toISOString() : null);

function toFields(b: z.infer<z.ZodObject<typeof fieldsBody>>, actor: Actor): ArticleFields {
  return {
    title: b.title,
    body: b.body,
    type: b.type,
    categories: [...new Set(b.categories)],
    projectIds: [...new Set(b.projectIds)],
    variantOf: b.variantOf ?? null,
    tags: [...new Set(b.tags)],
    synonyms: [...new Set(b.synonyms)],
    ownerId: b.ownerId ?? actor.userId,
    reviewDueOn: b.reviewDueOn ?? null,
    visibility: b.visibility,
    publishAt: iso(b.publishAt),
    expireAt: iso(b.expireAt),
  };
}

/** The API's article, revision and resident FAQ article (the web app reads these types). */
export type ArticleOut = ReturnType<typeof articleOut>;
export type RevisionOut = ReturnType<typeof revisionOut>;
export type FaqArticleOut = ReturnType<typeof faqOut>;

export function articleOut(r: KnowledgeArticleTable, now: string) {
  const st = articleState(r);
  const live = st.published && (!r.publish_at || r.publish_at <= now) && (!r.expire_at || r.expire_at > now);
  return {
    id: r.id,
    key: r.key,
    ...fieldsOf(r),
    published: st.published,
    /** Published and inside publishAt–expireAt now. */
    live,
    publishedRevisionId: r.published_revision_id,
    publishedAt: r.published_at,
    helpfulCount: r.helpful_count,
    notHelpfulCount: r.not_helpful_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Resident view: no owner, review dates or internal bookkeeping. */
function faqOut(r: KnowledgeArticleTable) {
  return { id: r.id, key: r.key, title: r.title, body: r.body, type: r.type, categories: parseList(r.categories_json), revisionId: r.published_revision_id, publishedAt: r.published_at, helpfulCount: r.helpful_count };
}

export function revisionOut(r: KnowledgeRevisionTable, names: Map<string, string>, withFields: boolean) {
  return {
    id: r.id,
    articleId: r.article_id,
    seq: r.seq,
    state: r.state,
    authorId: r.author_id,
    authorName: names.get(r.author_id) ?? null,
    changeNote: r.change_note,
    copiedFromId: r.copied_from_id,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by ? names.get(r.decided_by) ?? null : null,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    createdAt: r.created_at,
    ...(withFields && { fields: revisionFields(r) }),
  };
}

export async function knowledgeRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const tags = ['knowledge'];

  const userNames = async (orgId: string, ids: Array<string | null>) => {
    const want = [...new Set(ids.filter((x): x is string => !!x))];
    if (!want.length) return new Map<string, string>();
    const rows = await db().selectFrom('users').select(['id', 'display_name']).where('org_id', '=', orgId).where('id', 'in', want).execute();
    return new Map(rows.map((u) => [u.id, u.display_name]));
  };

  /** The project the caller works in: the one asked for (checked), or their only one. */
  const contextProject = (a: Actor, v: Viewer, projectId: string | undefined) => {
    if (projectId) {
      if (v.projectIds !== 'all' && !v.projectIds.includes(projectId)) throw new AppError(403, 'auth.out_of_scope');
      return projectId;
    }
    return v.projectIds !== 'all' && v.projectIds.length === 1 ? v.projectIds[0] : null;
  };

  /** An article whose published content the viewer reads, or that they may work on (drafts). */
  const readable = async (a: Actor, v: Viewer, id: string, now: string) => {
    const row = await db().selectFrom('knowledge_articles').selectAll().where('org_id', '=', a.orgId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('what.knowledge_article');
    if (canRead(v, row, now)) return row;
    return articleForWork(db(), a, v, id);
  };

  const searchQuery = z.object({
    q: z.string().trim().min(1).max(200),
    category: word.optional(),
    projectId: idStr.optional(),
    type: z.enum(ARTICLE_TYPES).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  });

  app.get('/api/knowledge/search', { config: access('knowledge.read', 'project'), schema: { tags, summary: '知识检索 Search published articles', querystring: searchQuery } }, async (req) => {
    const a = authorize(req.actor, 'knowledge.read');
    const v = await viewerOf(db(), a);
    const { q, limit, ...f } = req.query;
    const ctxProject = contextProject(a, v, f.projectId);
    return { items: await searchArticles(db(), a.orgId, v, q, f, limit, nowIso(), ctxProject) };
  });

  app.get(
    '/api/knowledge/suggest',
    {
      config: access('knowledge.read', 'project'),
      schema: {
        tags,
        summary: '受理台推荐（按来电内容与分类，前 5 条）Suggestions for the desk',
        querystring: z.object({ text: z.string().max(500).default(''), category: word.optional(), projectId: idStr.optional(), limit: z.coerce.number().int().min(1).max(10).default(5) }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'knowledge.read');
      const v = await viewerOf(db(), a);
      const { text, category, projectId, limit } = req.query;
      const ctxProject = contextProject(a, v, projectId);
      const now = nowIso();
      const f: Filters = { projectId };
      if (!text.trim()) return { items: category ? await articlesOfCategory(db(), a.orgId, v, { ...f, category }, limit, now, ctxProject) : [] };
      // The words decide; the chosen category only lifts its articles among close matches.
      const hits = await searchArticles(db(), a.orgId, v, text, f, 20, now, ctxProject);
      const lifted = hits.map((h) => ({ h, s: h.score + (category && h.categories.includes(category) ? 0.1 : 0) })).sort((x, y) => y.s - x.s);
      return { items: lifted.slice(0, limit).map((x) => x.h) };
    },
  );

  app.get(
    '/api/knowledge/articles',
    {
      config: access('knowledge.read', 'project'),
      schema: {
        tags,
        summary: '文章列表：已发布 / 待审核 / 我的草稿 Browse articles and revisions',
        querystring: z.object({
          ...pageQuery,
          view: z.enum(['published', 'pending', 'mine']).default('published'),
          type: z.enum(ARTICLE_TYPES).optional(),
          category: word.optional(),
          projectId: idStr.optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'knowledge.read');
      const v = await viewerOf(db(), a);
      const { page, pageSize, view, ...f } = req.query;
      const now = nowIso();
      if (f.projectId) contextProject(a, v, f.projectId);
      if (view === 'published') {
        // Approvers also list scheduled and expired articles (to manage them); others what is live.
        let q = db().selectFrom('knowledge_articles as a').selectAll('a').where('a.org_id', '=', a.orgId).where('a.published_revision_id', 'is not', null);
        if (!v.canApprove) q = q.where((eb) => eb.or([eb('a.publish_at', 'is', null), eb('a.publish_at', '<=', now)])).where((eb) => eb.or([eb('a.expire_at', 'is', null), eb('a.expire_at', '>', now)]));
        if (f.type) q = q.where('a.type', '=', f.type);
        if (f.category) q = q.where((eb) => eb.exists(eb.selectFrom('knowledge_article_categories as ac').select('ac.article_id').whereRef('ac.article_id', '=', 'a.id').where('ac.category', '=', f.category!)));
        const projects = f.projectId ? [f.projectId] : v.projectIds;
        if (projects !== 'all') q = q.where((eb) => eb.or([eb('a.all_projects', '=', 1), ...(projects.length ? [eb.exists(eb.selectFrom('knowledge_article_projects as ap').select('ap.article_id').whereRef('ap.article_id', '=', 'a.id').where('ap.project_id', 'in', [...projects]))] : [])]));
        const total = Number((await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
        const rows = await q.orderBy('a.title').orderBy('a.id').limit(pageSize).offset((page - 1) * pageSize).execute();
        return { items: rows.map((r) => articleOut(r, now)), total, page, pageSize };
      }
      // Revisions waiting (pending: submitted; mine: my drafts, submitted and rejected ones).
      let q = db()
        .selectFrom('knowledge_revisions as r')
        .innerJoin('knowledge_articles as a', 'a.id', 'r.article_id')
        .selectAll('r')
        .select(['a.title as article_title', 'a.key as article_key', 'a.all_projects', 'a.project_ids_json', 'a.visibility', 'a.published_revision_id', 'a.publish_at', 'a.expire_at'])
        .where('r.org_id', '=', a.orgId);
      q = view === 'pending' ? q.where('r.state', '=', 'submitted') : q.where('r.author_id', '=', a.userId).where('r.state', 'in', ['draft', 'submitted', 'rejected']);
      if (f.type) q = q.where('a.type', '=', f.type);
      const rows = (await q.orderBy('r.created_at', 'desc').limit(2000).execute()).filter((r) => seesRevision(v, articleState(r), { authorId: r.author_id, state: r.state }));
      const names = await userNames(a.orgId, rows.map((r) => r.author_id));
      const pageRows = rows.slice((page - 1) * pageSize, page * pageSize);
      return { items: pageRows.map((r) => ({ article: { id: r.article_id, key: r.article_key, title: r.article_title }, revision: revisionOut(r, names, false) })), total: rows.length, page, pageSize };
    },
  );

  app.post(
    '/api/knowledge/articles',
    { config: access('knowledge.write', 'project'), schema: { tags, summary: '新建文章（第一版草稿）Create an article', body: z.object({ key: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,59}$/).optional(), ...fieldsBody }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'knowledge.write');
      const { article, revision } = await createArticle(db(), a, toFields(req.body, a), { key: req.body.key, changeNote: req.body.changeNote, submit: req.body.submit });
      reply.code(201);
      return { article: articleOut(article, nowIso()), revision: revisionOut(revision, await userNames(a.orgId, [a.userId]), false) };
    },
  );

  app.get('/api/knowledge/articles/:id', { config: access('knowledge.read', 'project'), schema: { tags, summary: '文章与修订历史 Article with its revisions', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'knowledge.read');
    const v = await viewerOf(db(), a);
    const now = nowIso();
    const row = await readable(a, v, req.params.id, now);
    const revs = (await db().selectFrom('knowledge_revisions').selectAll().where('article_id', '=', row.id).orderBy('seq', 'desc').execute()).filter((r) => seesRevision(v, articleState(row), { authorId: r.author_id, state: r.state }));
    const names = await userNames(a.orgId, [...revs.flatMap((r) => [r.author_id, r.decided_by]), row.owner_id]);
    let variants: Array<{ id: string; key: string; title: string; projectIds: string[] }> = [];
    const vrows = await db().selectFrom('knowledge_articles').selectAll().where('org_id', '=', a.orgId).where('variant_of', '=', row.id).execute();
    variants = vrows.filter((r) => canRead(v, r, now)).map((r) => ({ id: r.id, key: r.key, title: r.title, projectIds: parseList(r.project_ids_json) }));
    return { article: { ...articleOut(row, now), ownerName: names.get(row.owner_id) ?? null }, revisions: revs.map((r) => revisionOut(r, names, false)), variants };
  });

  app.put(
    '/api/knowledge/articles/:id',
    { config: access('knowledge.write', 'project'), schema: { tags, summary: '修改（新修订，发布需审核）Edit: a new revision', params: z.object({ id: idStr }), body: z.object(fieldsBody) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'knowledge.write');
      const v = await viewerOf(db(), a);
      const rev = await editArticle(db(), a, v, req.params.id, toFields(req.body, a), { changeNote: req.body.changeNote, submit: req.body.submit });
      reply.code(201);
      return { revision: revisionOut(rev, await userNames(a.orgId, [a.userId]), false) };
    },
  );

  const revisionOf = async (a: Actor, v: Viewer, articleId: string, revisionId: string) => {
    const row = await readable(a, v, articleId, nowIso());
    const rev = await db().selectFrom('knowledge_revisions').selectAll().where('org_id', '=', a.orgId).where('id', '=', revisionId).where('article_id', '=', articleId).executeTakeFirst();
    if (!rev || !seesRevision(v, articleState(row), { authorId: rev.author_id, state: rev.state })) throw notFound('what.knowledge_revision');
    return rev;
  };

  app.get(
    '/api/knowledge/articles/:id/revisions/:revisionId',
    { config: access('knowledge.read', 'project'), schema: { tags, summary: '一个修订的完整内容 One revision', params: z.object({ id: idStr, revisionId: idStr }) } },
    async (req) => {
      const a = authorize(req.actor, 'knowledge.read');
      const v = await viewerOf(db(), a);
      const rev = await revisionOf(a, v, req.params.id, req.params.revisionId);
      return revisionOut(rev, await userNames(a.orgId, [rev.author_id, rev.decided_by]), true);
    },
  );

  app.get(
    '/api/knowledge/articles/:id/diff',
    { config: access('knowledge.read', 'project'), schema: { tags, summary: '两个修订的差异 Diff of two revisions', params: z.object({ id: idStr }), querystring: z.object({ from: idStr, to: idStr }) } },
    async (req) => {
      const a = authorize(req.actor, 'knowledge.read');
      const v = await viewerOf(db(), a);
      const from = await revisionOf(a, v, req.params.id, req.query.from);
      const to = await revisionOf(a, v, req.params.id, req.query.to);
      const fa = revisionFields(from);
      const fb = revisionFields(to);
      const changed = (Object.keys(fb) as Array<keyof ArticleFields>)
        .filter((k) => k !== 'body' && k !== 'title' && JSON.stringify(fa[k] ?? null) !== JSON.stringify(fb[k] ?? null))
        .map((k) => ({ field: k, before: fa[k] ?? null, after: fb[k] ?? null }));
      return { from: { id: from.id, seq: from.seq }, to: { id: to.id, seq: to.seq }, title: fa.title === fb.title ? null : diffChars(fa.title, fb.title), body: diffLines(fa.body, fb.body), fields: changed };
    },
  );

  app.post('/api/knowledge/revisions/:id/submit', { config: access('knowledge.write', 'project'), schema: { tags, summary: '提交审核 Submit a draft for approval', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'knowledge.write');
    const rev = await submitRevision(db(), a, await viewerOf(db(), a), req.params.id);
    return revisionOut(rev, await userNames(a.orgId, [rev.author_id]), false);
  });

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/api/knowledge/revisions/:id/${decision}`,
      {
        config: access('knowledge.approve', 'project'),
        schema: {
          tags,
          summary: decision === 'approve' ? '审核通过并发布 Approve and publish' : '退回 Reject',
          params: z.object({ id: idStr }),
          body: z.object({ note: decision === 'reject' ? z.string().trim().min(1).max(500) : z.string().trim().max(500).nullish() }),
        },
      },
      async (req) => {
        const a = authorize(req.actor, 'knowledge.approve');
        const rev = await decideRevision(db(), a, await viewerOf(db(), a), req.params.id, decision, req.body.note ?? null);
        return revisionOut(rev, await userNames(a.orgId, [rev.author_id, rev.decided_by]), false);
      },
    );
  }

  app.post(
    '/api/knowledge/articles/:id/rollback',
    { config: access('knowledge.write', 'project'), schema: { tags, summary: '回滚到某一修订（审核人直接发布）Roll back to a revision', params: z.object({ id: idStr }), body: z.object({ revisionId: idStr, changeNote: z.string().trim().max(500).nullish() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'knowledge.write');
      const rev = await rollback(db(), a, await viewerOf(db(), a), req.params.id, req.body.revisionId, req.body.changeNote ?? null);
      reply.code(201);
      return revisionOut(rev, await userNames(a.orgId, [rev.author_id]), false);
    },
  );

  app.post(
    '/api/knowledge/articles/:id/uses',
    {
      config: access('contacts.write', 'project'),
      schema: {
        tags,
        summary: '记录“用此文章答复”到来电记录或工单（回访话术）Record an answer on a contact or a work order',
        params: z.object({ id: idStr }),
        // A contact (the desk) or a work order (the return-visit script, issue 15): exactly one.
        body: z.object({ contactId: idStr.optional(), orderId: idStr.optional() }).refine((b) => !!b.contactId !== !!b.orderId, { message: 'validation.contact_or_order' }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'knowledge.read');
      const v = await viewerOf(db(), a);
      const now = nowIso();
      const row = await db().selectFrom('knowledge_articles').selectAll().where('org_id', '=', a.orgId).where('id', '=', req.params.id).executeTakeFirst();
      if (!row || !canRead(v, row, now)) throw notFound('what.knowledge_article');
      if (req.body.orderId) {
        const order = await db().selectFrom('work_orders').select(['id', 'project_id']).where('org_id', '=', a.orgId).where('id', '=', req.body.orderId).executeTakeFirst();
        if (!order) throw notFound('what.order');
        authorize(a, 'contacts.write', { projectId: order.project_id });
        const existing = await db().selectFrom('knowledge_order_uses').selectAll().where('order_id', '=', order.id).where('article_id', '=', row.id).executeTakeFirst();
        const use = existing ?? { id: newId(), org_id: a.orgId, order_id: order.id, article_id: row.id, revision_id: row.published_revision_id, actor_id: a.userId, used_at: now };
        if (!existing) await db().insertInto('knowledge_order_uses').values(use).execute();
        reply.code(existing ? 200 : 201);
        return { id: use.id, orderId: use.order_id, articleId: use.article_id, revisionId: use.revision_id, usedAt: use.used_at };
      }
      const contact = await db().selectFrom('contacts').select(['id', 'project_id']).where('org_id', '=', a.orgId).where('id', '=', req.body.contactId!).executeTakeFirst();
      if (!contact) throw notFound('what.contact');
      authorize(a, 'contacts.write', { projectId: contact.project_id });
      const existing = await db().selectFrom('knowledge_uses').selectAll().where('contact_id', '=', contact.id).where('article_id', '=', row.id).executeTakeFirst();
      const use = existing ?? { id: newId(), org_id: a.orgId, contact_id: contact.id, article_id: row.id, revision_id: row.published_revision_id, actor_id: a.userId, used_at: now };
      if (!existing) await db().insertInto('knowledge_uses').values(use).execute();
      reply.code(existing ? 200 : 201);
      return { id: use.id, contactId: use.contact_id, articleId: use.article_id, revisionId: use.revision_id, usedAt: use.used_at };
    },
  );

  /** Record a verdict on the published revision; one per person and revision (a new one replaces it). */
  const recordFeedback = async (a: Actor, row: KnowledgeArticleTable, verdict: (typeof VERDICTS)[number], comment: string | null, fromResident: boolean) => {
    if (!row.published_revision_id) throw notFound('what.knowledge_article');
    const now = nowIso();
    const revisionId = row.published_revision_id;
    await db().transaction().execute(async (trx) => {
      await trx.deleteFrom('knowledge_feedback').where('revision_id', '=', revisionId).where('actor_id', '=', a.userId).execute();
      await trx.insertInto('knowledge_feedback').values({ id: newId(), org_id: a.orgId, article_id: row.id, revision_id: revisionId, actor_id: a.userId, from_resident: fromResident ? 1 : 0, verdict, comment, created_at: now }).execute();
      const counts = await trx.selectFrom('knowledge_feedback').select(['verdict', (eb) => eb.fn.countAll().as('n')]).where('article_id', '=', row.id).groupBy('verdict').execute();
      const n = (k: string) => Number(counts.find((c) => c.verdict === k)?.n ?? 0);
      await trx.updateTable('knowledge_articles').set({ helpful_count: n('helpful'), not_helpful_count: n('not_helpful') }).where('id', '=', row.id).execute();
    });
    return { articleId: row.id, revisionId, verdict, createdAt: now };
  };

  app.post(
    '/api/knowledge/articles/:id/feedback',
    {
      config: access('knowledge.read', 'project'),
      schema: { tags, summary: '有用 / 没用 / 已过时 Feedback on the published revision', params: z.object({ id: idStr }), body: z.object({ verdict: z.enum(VERDICTS), comment: z.string().trim().max(500).nullish() }) },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'knowledge.read');
      const v = await viewerOf(db(), a);
      const row = await db().selectFrom('knowledge_articles').selectAll().where('org_id', '=', a.orgId).where('id', '=', req.params.id).executeTakeFirst();
      if (!row || !canRead(v, row, nowIso())) throw notFound('what.knowledge_article');
      reply.code(201);
      return recordFeedback(a, row, req.body.verdict, req.body.comment ?? null, false);
    },
  );

  app.get('/api/knowledge/articles/:id/stats', { config: access('knowledge.read', 'project'), schema: { tags, summary: '使用与反馈统计 Usage and feedback', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'knowledge.read');
    const v = await viewerOf(db(), a);
    const row = await readable(a, v, req.params.id, nowIso());
    const uses = await db()
      .selectFrom('knowledge_uses as u')
      .innerJoin('contacts as c', 'c.id', 'u.contact_id')
      .select([(eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum<number>('c.handled_on_spot').as('spot')])
      .where('u.article_id', '=', row.id)
      .executeTakeFirst();
    const orderUses = await db().selectFrom('knowledge_order_uses').select((eb) => eb.fn.countAll().as('n')).where('article_id', '=', row.id).executeTakeFirst();
    const fb = await db().selectFrom('knowledge_feedback').select(['revision_id', 'verdict', 'from_resident', 'created_at']).where('article_id', '=', row.id).execute();
    const byRevision = new Map<string, { revisionId: string; helpful: number; notHelpful: number; outdated: number }>();
    for (const f of fb) {
      const e = byRevision.get(f.revision_id) ?? { revisionId: f.revision_id, helpful: 0, notHelpful: 0, outdated: 0 };
      if (f.verdict === 'helpful') e.helpful++;
      else if (f.verdict === 'not_helpful') e.notHelpful++;
      else e.outdated++;
      byRevision.set(f.revision_id, e);
    }
    return {
      articleId: row.id,
      uses: Number(uses?.n ?? 0),
      /** Uses on contacts answered on the spot (一次解决). */
      resolvedOnSpot: Number(uses?.spot ?? 0),
      /** Uses in return-visit scripts, on work orders. */
      orderUses: Number(orderUses?.n ?? 0),
      helpful: row.helpful_count,
      notHelpful: row.not_helpful_count,
      residentRatings: fb.filter((f) => f.from_resident).length,
      outdatedSincePublished: fb.filter((f) => f.verdict === 'outdated' && f.revision_id === row.published_revision_id).length,
      byRevision: [...byRevision.values()],
    };
  });

  app.get('/api/knowledge/review-queue', { config: access('knowledge.write', 'project'), schema: { tags, summary: '待复核：到期 / 被标过时 / 待审核 Review queue' } }, async (req) => {
    const a = authorize(req.actor, 'knowledge.write');
    const v = await viewerOf(db(), a);
    const now = nowIso();
    const today = localDate(now);
    // Owners see their own articles; approvers every article of their projects.
    let q = db().selectFrom('knowledge_articles').selectAll().where('org_id', '=', a.orgId);
    if (!v.canApprove) q = q.where('owner_id', '=', a.userId);
    const rows = (await q.execute()).filter((r) => articleState(r).allProjects || v.projectIds === 'all' || parseList(r.project_ids_json).some((p) => (v.projectIds as readonly string[]).includes(p)));
    const ids = rows.map((r) => r.id);
    const outdated = new Map<string, number>();
    const pending = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const fl = await db().selectFrom('knowledge_feedback as f').innerJoin('knowledge_articles as a', 'a.id', 'f.article_id').select(['f.article_id', (eb) => eb.fn.countAll().as('n')]).where('f.article_id', 'in', chunk).where('f.verdict', '=', 'outdated').whereRef('f.revision_id', '=', 'a.published_revision_id').groupBy('f.article_id').execute();
      for (const f of fl) outdated.set(f.article_id, Number(f.n));
      const pr = await db().selectFrom('knowledge_revisions').select(['id', 'article_id', 'author_id']).where('article_id', 'in', chunk).where('state', '=', 'submitted').execute();
      for (const p of pr) if (v.canApprove || p.author_id === a.userId) pending.set(p.article_id, [...(pending.get(p.article_id) ?? []), p.id]);
    }
    const items = rows
      .map((r) => {
        const reasons: string[] = [];
        if (r.published_revision_id && r.review_due_on && r.review_due_on < today) reasons.push('review_due');
        if ((outdated.get(r.id) ?? 0) >= OUTDATED_FLAGS_FOR_REVIEW) reasons.push('outdated');
        if (pending.has(r.id)) reasons.push('pending_approval');
        return { article: { id: r.id, key: r.key, title: r.title, ownerId: r.owner_id, reviewDueOn: r.review_due_on, published: !!r.published_revision_id }, reasons, outdatedFlags: outdated.get(r.id) ?? 0, pendingRevisionIds: pending.get(r.id) ?? [] };
      })
      .filter((x) => x.reasons.length)
      .sort((x, y) => (x.article.reviewDueOn ?? '9999').localeCompare(y.article.reviewDueOn ?? '9999') || x.article.title.localeCompare(y.article.title));
    return { items, outdatedThreshold: OUTDATED_FLAGS_FOR_REVIEW };
  });

  app.post(
    '/api/knowledge/articles/from-order/:orderId',
    { config: access('knowledge.write', 'project'), schema: { tags, summary: '由已办结工单生成草稿 Draft an article from a resolved order', params: z.object({ orderId: idStr }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'knowledge.write');
      const o = await db().selectFrom('work_orders').select(['id', 'number', 'title', 'description', 'category', 'kind', 'project_id', 'completed_at', 'closed_at']).where('org_id', '=', a.orgId).where('id', '=', req.params.orderId).executeTakeFirst();
      if (!o) throw notFound('what.order');
      authorize(a, 'orders.read', { projectId: o.project_id });
      if (!o.completed_at && !o.closed_at) throw new AppError(409, 'knowledge.order_not_resolved');
      const events = await db().selectFrom('work_order_events').select(['action', 'note', 'at']).where('order_id', '=', o.id).orderBy('seq').execute();
      const { article, revision } = await createArticle(db(), a, draftFromOrder(o, events, a.userId), { changeNote: `由工单 ${o.number} 生成` });
      reply.code(201);
      return { article: articleOut(article, nowIso()), revision: revisionOut(revision, await userNames(a.orgId, [a.userId]), true) };
    },
  );

  app.get('/api/knowledge/synonyms', { config: access('knowledge.read', 'org'), schema: { tags, summary: '同义词 Synonym groups' } }, async (req) => {
    const a = authorize(req.actor, 'knowledge.read');
    const rows = await db().selectFrom('knowledge_synonyms').selectAll().where('org_id', '=', a.orgId).orderBy('created_at').execute();
    return { builtIn: DEFAULT_SYNONYMS, custom: rows.map((r) => ({ id: r.id, terms: parseList(r.terms_json), createdAt: r.created_at })) };
  });

  app.post(
    '/api/knowledge/synonyms',
    { config: access('knowledge.approve', 'org'), schema: { tags, summary: '新增同义词组 Add a synonym group', body: z.object({ terms: z.array(word).min(2).max(10) }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'knowledge.approve');
      const row = { id: newId(), org_id: a.orgId, terms_json: JSON.stringify([...new Set(req.body.terms)]), created_by: a.userId, created_at: nowIso() };
      await db().insertInto('knowledge_synonyms').values(row).execute();
      reply.code(201);
      return { id: row.id, terms: parseList(row.terms_json), createdAt: row.created_at };
    },
  );

  app.delete('/api/knowledge/synonyms/:id', { config: access('knowledge.approve', 'org'), schema: { tags, summary: '删除同义词组 Remove a synonym group', params: z.object({ id: idStr }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'knowledge.approve');
    const res = await db().deleteFrom('knowledge_synonyms').where('org_id', '=', a.orgId).where('id', '=', req.params.id).executeTakeFirst();
    if (!Number(res.numDeletedRows)) throw notFound('what.knowledge_synonym');
    reply.code(204);
  });

  // ── Resident FAQ: published, resident-visible, live, of the projects of the caller's units ──

  const faqViewer = async (actor: Actor | null | undefined) => {
    if (!actor) throw new AppError(401, 'auth.required');
    // Staff reach the FAQ with their reading right; residents with their account alone.
    if (actor.role !== 'resident') authorize(actor, 'knowledge.read');
    return { a: actor, v: await viewerOf(db(), actor) };
  };

  app.get(
    '/api/knowledge/faq',
    {
      config: access('signed-in', 'own', { residents: true }),
      schema: { tags, summary: '业主常见问题 Resident FAQ (search or browse)', querystring: z.object({ q: z.string().trim().max(200).optional(), category: word.optional(), projectId: idStr.optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }) },
    },
    async (req) => {
      const { a, v } = await faqViewer(req.actor);
      const { q, limit, ...f } = req.query;
      const ctxProject = contextProject(a, v, f.projectId);
      const now = nowIso();
      const filters: Filters = { ...f, residentsOnly: true };
      const hits = q ? await searchArticles(db(), a.orgId, v, q, filters, limit, now, ctxProject) : await articlesOfCategory(db(), a.orgId, v, filters, limit, now, ctxProject);
      return { items: hits.map((h) => ({ id: h.id, key: h.key, title: h.title, titleHighlighted: h.titleHighlighted, snippet: h.snippet, categories: h.categories, helpfulCount: h.helpfulCount })) };
    },
  );

  const faqArticle = async (a: Actor, v: Viewer, id: string) => {
    const row = await db().selectFrom('knowledge_articles').selectAll().where('org_id', '=', a.orgId).where('id', '=', id).executeTakeFirst();
    if (!row || row.visibility !== 'residents' || !canRead({ ...v, isResident: true, canApprove: false }, row, nowIso())) throw notFound('what.knowledge_article');
    return row;
  };

  app.get('/api/knowledge/faq/:id', { config: access('signed-in', 'own', { residents: true }), schema: { tags, summary: '常见问题详情 One FAQ answer', params: z.object({ id: idStr }) } }, async (req) => {
    const { a, v } = await faqViewer(req.actor);
    return faqOut(await faqArticle(a, v, req.params.id));
  });

  app.post(
    '/api/knowledge/faq/:id/rating',
    { config: access('signed-in', 'own', { residents: true }), schema: { tags, summary: '业主评价答案是否有用 Rate an FAQ answer', params: z.object({ id: idStr }), body: z.object({ helpful: z.boolean(), comment: z.string().trim().max(500).nullish() }) } },
    async (req, reply) => {
      const { a, v } = await faqViewer(req.actor);
      const row = await faqArticle(a, v, req.params.id);
      reply.code(201);
      return recordFeedback(a, row, req.body.helpful ? 'helpful' : 'not_helpful', req.body.comment ?? null, a.role === 'resident');
    },
  );
}
