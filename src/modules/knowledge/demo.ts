import type { AppContext } from '../../core/context';
import type { Actor } from '../auth/permissions';
import type { DemoRegistry } from '../demo/registry';
import { createArticle } from './service';
import { SEED_ARTICLES, type SeedArticle } from './seedArticles';

/**
 * The starter knowledge base, published into the demo organisation by the supervisor (owner:
 * the supervisor; review due in six months). General articles first, so variants can name them.
 */
export async function seedKnowledgeDemo(ctx: AppContext, demo: DemoRegistry, log: (m: string) => void): Promise<void> {
  const db = ctx.store.db;
  const supervisor = demo.staff.get('supervisor')!;
  const actor: Actor = { userId: supervisor, orgId: demo.orgId, username: 'supervisor', displayName: '陈主管', role: 'supervisor', projectIds: 'all', partyId: null, unitIds: [], via: 'session' };
  const projectOf = new Map(demo.projects.map((p) => [p.code, p.id]));
  const idOf = new Map<string, string>();
  const review = new Date(Date.now() + 182 * 86_400_000).toISOString().slice(0, 10);
  const ordered = [...SEED_ARTICLES.filter((a) => !a.variantOf), ...SEED_ARTICLES.filter((a) => a.variantOf)];
  for (const s of ordered) {
    const { article } = await createArticle(db, actor, seedFields(s, supervisor, review, projectOf, idOf), { key: s.key, changeNote: '初始内容', publishNow: true });
    idOf.set(s.key, article.id);
  }
  log(`demo: ${SEED_ARTICLES.length} knowledge articles (${SEED_ARTICLES.filter((a) => a.visibility === 'residents').length} resident FAQ)`);
}

export function seedFields(s: SeedArticle, ownerId: string, reviewDueOn: string | null, projectOf: Map<string, string>, idOf: Map<string, string>) {
  return {
    title: s.title,
    body: s.body,
    type: s.type,
    categories: s.categories,
    projectIds: s.project && projectOf.has(s.project) ? [projectOf.get(s.project)!] : [],
    variantOf: s.variantOf ? idOf.get(s.variantOf) ?? null : null,
    tags: s.tags,
    synonyms: s.synonyms ?? [],
    ownerId,
    reviewDueOn,
    visibility: s.visibility,
    publishAt: null,
    expireAt: null,
  };
}
