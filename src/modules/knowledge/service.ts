/**
 * Knowledge base operations, each in one transaction: create and edit (a revision each time),
 * submit, approve (= publish: copy the revision into the article and re-index), reject, roll
 * back, draft from an order, record a use on a contact, feedback.
 */
import type { Kysely, Transaction } from 'kysely';
import { AppError, notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/permissions';
import { articleState, fieldsOf, indexArticle, revisionFields } from './queries';
import { bumpIndexVersion } from './indexCache';
import { inProjects, isLive, mayDecide, seesRevision, type ArticleFields, type Viewer } from './rules';
import type { KnowledgeArticleTable, KnowledgeRevisionTable } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

/** Check the references in a revision's fields: projects within the author's, variant and owner in the organisation. */
export async function checkFields(db: Db, actor: Actor, f: ArticleFields, articleId: string | null): Promise<void> {
  if (f.projectIds.length) {
    if (actor.projectIds !== 'all' && f.projectIds.some((p) => !actor.projectIds.includes(p))) throw new AppError(403, 'auth.out_of_scope');
    const found = await db.selectFrom('projects').select('id').where('org_id', '=', actor.orgId).where('id', 'in', f.projectIds).execute();
    if (found.length !== new Set(f.projectIds).size) throw notFound('what.project');
  }
  if (f.variantOf) {
    if (f.variantOf === articleId) throw new AppError(400, 'knowledge.variant_of_self');
    const base = await db.selectFrom('knowledge_articles').select(['id', 'variant_of']).where('org_id', '=', actor.orgId).where('id', '=', f.variantOf).executeTakeFirst();
    if (!base) throw notFound('what.knowledge_article');
    if (base.variant_of) throw new AppError(400, 'knowledge.variant_of_variant');
    if (!f.projectIds.length) throw new AppError(400, 'knowledge.variant_needs_project');
  }
  const owner = await db.selectFrom('users').select('id').where('org_id', '=', actor.orgId).where('id', '=', f.ownerId).executeTakeFirst();
  if (!owner) throw notFound('what.user');
  if (f.publishAt && f.expireAt && f.expireAt <= f.publishAt) throw new AppError(400, 'knowledge.bad_window');
}

/** Write fields onto the article row and its link tables; re-index when they are the published ones. */
async function applyFields(db: Db, orgId: string, articleId: string, f: ArticleFields, publish: { revisionId: string; at: string } | null): Promise<void> {
  const indexVersion = await bumpIndexVersion(db, orgId);
  await db
    .updateTable('knowledge_articles')
    .set({
      title: f.title,
      body: f.body,
      type: f.type,
      categories_json: JSON.stringify(f.categories),
      all_projects: f.projectIds.length ? 0 : 1,
      project_ids_json: JSON.stringify(f.projectIds),
      variant_of: f.variantOf,
      tags_json: JSON.stringify(f.tags),
      synonyms_json: JSON.stringify(f.synonyms),
      owner_id: f.ownerId,
      review_due_on: f.reviewDueOn,
      visibility: f.visibility,
      publish_at: f.publishAt,
      expire_at: f.expireAt,
      updated_at: nowIso(),
      index_version: indexVersion,
      ...(publish && { published_revision_id: publish.revisionId, published_at: publish.at }),
    })
    .where('id', '=', articleId)
    .execute();
  await db.deleteFrom('knowledge_article_projects').where('article_id', '=', articleId).execute();
  if (f.projectIds.length) await db.insertInto('knowledge_article_projects').values([...new Set(f.projectIds)].map((p) => ({ article_id: articleId, project_id: p }))).execute();
  await db.deleteFrom('knowledge_article_categories').where('article_id', '=', articleId).execute();
  if (f.categories.length) await db.insertInto('knowledge_article_categories').values([...new Set(f.categories)].map((c) => ({ article_id: articleId, category: c }))).execute();
  if (publish) await indexArticle(db, orgId, articleId, f);
}

async function nextSeq(db: Db, articleId: string): Promise<number> {
  const r = await db.selectFrom('knowledge_revisions').select((eb) => eb.fn.max('seq').as('m')).where('article_id', '=', articleId).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

async function insertRevision(db: Db, orgId: string, articleId: string, authorId: string, f: ArticleFields, state: 'draft' | 'submitted' | 'approved', note: string | null, copiedFrom: string | null, now: string): Promise<KnowledgeRevisionTable> {
  const row: KnowledgeRevisionTable = {
    id: newId(),
    org_id: orgId,
    article_id: articleId,
    seq: await nextSeq(db, articleId),
    state,
    author_id: authorId,
    fields_json: JSON.stringify(f),
    change_note: note,
    copied_from_id: copiedFrom,
    decided_by: state === 'approved' ? authorId : null,
    decided_at: state === 'approved' ? now : null,
    decision_note: null,
    created_at: now,
  };
  await db.insertInto('knowledge_revisions').values(row).execute();
  return row;
}

/** A new article: unpublished until a revision is approved. `publishNow` seeds approved content (demo). */
export async function createArticle(db: Kysely<DB>, actor: Actor, f: ArticleFields, opts: { key?: string; changeNote?: string | null; submit?: boolean; publishNow?: boolean }): Promise<{ article: KnowledgeArticleTable; revision: KnowledgeRevisionTable }> {
  return db.transaction().execute(async (trx) => {
    await checkFields(trx, actor, f, null);
    const now = nowIso();
    const id = newId();
    const key = opts.key ?? `kb-${id.slice(-10)}`;
    const dup = await trx.selectFrom('knowledge_articles').select('id').where('org_id', '=', actor.orgId).where('key', '=', key).executeTakeFirst();
    if (dup) throw new AppError(409, 'knowledge.key_taken', { key });
    await trx
      .insertInto('knowledge_articles')
      .values({
        id, org_id: actor.orgId, key, title: f.title, body: f.body, type: f.type, categories_json: '[]', all_projects: 1, project_ids_json: '[]', variant_of: null,
        tags_json: '[]', synonyms_json: '[]', owner_id: f.ownerId, review_due_on: null, visibility: f.visibility, publish_at: null, expire_at: null,
        published_revision_id: null, published_at: null, helpful_count: 0, not_helpful_count: 0, created_at: now, updated_at: now,
      })
      .execute();
    const revision = await insertRevision(trx, actor.orgId, id, actor.userId, f, opts.publishNow ? 'approved' : opts.submit ? 'submitted' : 'draft', opts.changeNote ?? null, null, now);
    await applyFields(trx, actor.orgId, id, f, opts.publishNow ? { revisionId: revision.id, at: now } : null);
    const article = await trx.selectFrom('knowledge_articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { article, revision };
  });
}

/** Load an article the viewer may work on (published in scope, or a draft article they may see). */
export async function articleForWork(db: Db, actor: Actor, v: Viewer, id: string): Promise<KnowledgeArticleTable> {
  const a = await db.selectFrom('knowledge_articles').selectAll().where('org_id', '=', actor.orgId).where('id', '=', id).executeTakeFirst();
  if (!a) throw notFound('what.knowledge_article');
  const st = articleState(a);
  if (!inProjects(st, v.projectIds)) throw new AppError(403, 'auth.out_of_scope');
  // Drafts, and published articles outside their window, only for approvers and authors.
  if (!isLive(st, nowIso()) && !v.canApprove) {
    const mine = await db.selectFrom('knowledge_revisions').select('id').where('article_id', '=', id).where('author_id', '=', actor.userId).executeTakeFirst();
    if (!mine) throw notFound('what.knowledge_article');
  }
  return a;
}

/** Every edit is a new revision; an unpublished article shows its latest revision's fields. */
export async function editArticle(db: Kysely<DB>, actor: Actor, v: Viewer, id: string, f: ArticleFields, opts: { changeNote?: string | null; submit?: boolean }): Promise<KnowledgeRevisionTable> {
  return db.transaction().execute(async (trx) => {
    const a = await articleForWork(trx, actor, v, id);
    await checkFields(trx, actor, f, id);
    const now = nowIso();
    const rev = await insertRevision(trx, actor.orgId, id, actor.userId, f, opts.submit ? 'submitted' : 'draft', opts.changeNote ?? null, null, now);
    if (!a.published_revision_id) await applyFields(trx, actor.orgId, id, f, null);
    return rev;
  });
}

async function revisionForWork(db: Db, actor: Actor, v: Viewer, revisionId: string) {
  const rev = await db.selectFrom('knowledge_revisions').selectAll().where('org_id', '=', actor.orgId).where('id', '=', revisionId).executeTakeFirst();
  if (!rev) throw notFound('what.knowledge_revision');
  const a = await db.selectFrom('knowledge_articles').selectAll().where('id', '=', rev.article_id).executeTakeFirstOrThrow();
  if (!seesRevision(v, articleState(a), { authorId: rev.author_id, state: rev.state })) throw notFound('what.knowledge_revision');
  return { rev, article: a };
}

export async function submitRevision(db: Kysely<DB>, actor: Actor, v: Viewer, revisionId: string): Promise<KnowledgeRevisionTable> {
  return db.transaction().execute(async (trx) => {
    const { rev } = await revisionForWork(trx, actor, v, revisionId);
    if (rev.author_id !== actor.userId) throw new AppError(403, 'knowledge.not_author');
    if (rev.state !== 'draft') throw new AppError(409, 'knowledge.not_draft');
    await trx.updateTable('knowledge_revisions').set({ state: 'submitted' }).where('id', '=', rev.id).where('state', '=', 'draft').execute();
    return { ...rev, state: 'submitted' as const };
  });
}

/** Approve = publish: the revision's fields become the article's and its index. */
export async function decideRevision(db: Kysely<DB>, actor: Actor, v: Viewer, revisionId: string, decision: 'approve' | 'reject', note: string | null): Promise<KnowledgeRevisionTable> {
  return db.transaction().execute(async (trx) => {
    const { rev } = await revisionForWork(trx, actor, v, revisionId);
    const d = mayDecide(v, { authorId: rev.author_id, state: rev.state });
    if (!d.ok) throw new AppError(d.status, d.code);
    const now = nowIso();
    const state = decision === 'approve' ? 'approved' : 'rejected';
    const res = await trx
      .updateTable('knowledge_revisions')
      .set({ state, decided_by: actor.userId, decided_at: now, decision_note: note })
      .where('id', '=', rev.id)
      .where('state', '=', 'submitted')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'knowledge.not_submitted');
    if (decision === 'approve') await applyFields(trx, actor.orgId, rev.article_id, revisionFields(rev), { revisionId: rev.id, at: now });
    return { ...rev, state, decided_by: actor.userId, decided_at: now, decision_note: note };
  });
}

/**
 * Roll back to any revision: a new revision copying its fields. An approver rolling back to
 * content that was approved before publishes it at once (it passed review already); otherwise
 * the copy is submitted for approval like any edit.
 */
export async function rollback(db: Kysely<DB>, actor: Actor, v: Viewer, articleId: string, toRevisionId: string, note: string | null): Promise<KnowledgeRevisionTable> {
  return db.transaction().execute(async (trx) => {
    await articleForWork(trx, actor, v, articleId);
    const { rev: target } = await revisionForWork(trx, actor, v, toRevisionId);
    if (target.article_id !== articleId) throw notFound('what.knowledge_revision');
    const f = revisionFields(target);
    await checkFields(trx, actor, f, articleId);
    const now = nowIso();
    const direct = v.canApprove && target.state === 'approved';
    const rev = await insertRevision(trx, actor.orgId, articleId, actor.userId, f, direct ? 'approved' : 'submitted', note ?? `回滚到第 ${target.seq} 版`, target.id, now);
    if (direct) await applyFields(trx, actor.orgId, articleId, f, { revisionId: rev.id, at: now });
    return rev;
  });
}

/** Fields of a draft made from a resolved order: its title, description and the notes of its history. */
export function draftFromOrder(
  o: { number: string; title: string; description: string | null; category: string | null; kind: string; project_id: string },
  events: Array<{ action: string; note: string | null; at: string }>,
  ownerId: string,
): ArticleFields {
  const notes = events.filter((e) => e.note && e.note.trim()).map((e) => `- ${e.note!.trim()}`);
  const body = [
    `> 由工单 ${o.number} 整理（请核实、去除个人信息后提交审核）`,
    '',
    '## 问题',
    '',
    o.description?.trim() || o.title,
    '',
    '## 处理经过与结果',
    '',
    ...(notes.length ? notes : ['（工单中没有处理说明，请补充）']),
  ].join('\n');
  const kindCategory: Record<string, string> = { repair: 'unit_repair', complaint: 'complaint', enquiry: 'enquiry', suggestion: 'suggestion' };
  const categories = [...new Set([o.category, kindCategory[o.kind]].filter((c): c is string => !!c))];
  return {
    title: o.title,
    body,
    type: o.kind === 'enquiry' ? 'answer' : 'case',
    categories,
    projectIds: [o.project_id],
    variantOf: null,
    tags: o.category ? [o.category] : [],
    synonyms: [],
    ownerId,
    reviewDueOn: null,
    visibility: 'internal',
    publishAt: null,
    expireAt: null,
  };
}

export { fieldsOf };
