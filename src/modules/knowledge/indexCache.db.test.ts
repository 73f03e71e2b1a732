import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/helpers';
import type { Actor } from '../auth/permissions';
import { loadEvalQueries } from './cli';
import { seedFields } from './demo';
import { orgIndex } from './indexCache';
import { scoreInDatabase, searchArticles, searchScope, synonymGroups, type Filters } from './queries';
import type { Viewer } from './rules';
import { createArticle } from './service';
import { SEED_ARTICLES } from './seedArticles';
import { analyseQuery, scoreTermHits, type Scored } from './text';

let env: TestEnv;
let admin: Actor;
const NOW = '2026-06-01T00:00:00.000Z';
const byId = (xs: Scored[]) => [...xs].sort((a, b) => a.articleId.localeCompare(b.articleId));

beforeAll(async () => {
  env = await createTestEnv();
  const { fx } = env;
  admin = { userId: fx.users.admin, orgId: fx.orgId, username: 'admin', displayName: 'admin', role: 'admin', projectIds: 'all', partyId: null, unitIds: [], via: 'session' };
  const projectOf = new Map([['HT', fx.projectA], ['JM', fx.projectB]]);
  const idOf = new Map<string, string>();
  for (const s of [...SEED_ARTICLES.filter((a) => !a.variantOf), ...SEED_ARTICLES.filter((a) => a.variantOf)]) {
    const { article } = await createArticle(env.ctx.store.db, admin, seedFields(s, fx.users.admin, null, projectOf, idOf), { key: s.key, publishNow: true });
    idOf.set(s.key, article.id);
  }
});
afterAll(async () => env?.close());

describe('in-memory search index against the database', () => {
  it('gives the same relevance as the SQL path for every labelled query, viewer and filter', async () => {
    const db = env.ctx.store.db;
    const { orgId, projectA, projectB } = env.fx;
    const index = await orgIndex(db, orgId);
    expect(index.size).toBe(SEED_ARTICLES.length);
    const groups = await synonymGroups(db, orgId);
    const staff = (projectIds: Viewer['projectIds']): Viewer => ({ userId: 'u', isResident: false, projectIds, canApprove: false, isAdmin: false });
    const cases: [Viewer, Filters][] = [
      [staff([projectA]), {}],
      [staff('all'), {}],
      [staff([projectB]), { type: 'script' }],
      [staff('all'), { projectId: projectB, category: 'enquiry' }],
      [staff([projectA]), { projectId: projectB }],
      [{ ...staff([projectA]), isResident: true }, {}],
    ];
    let compared = 0;
    for (const [v, f] of cases)
      for (const { q } of loadEvalQueries().slice(0, 25)) {
        const query = analyseQuery(q, groups);
        const { mask, total } = index.visible(searchScope(v, f, NOW));
        const sql = await scoreInDatabase(db, orgId, v, query, f, NOW);
        expect(byId(scoreTermHits(query, index.hits(query.terms, mask), total, (s) => index.idOf(s))), q).toEqual(byId(sql));
        compared += sql.length;
      }
    expect(compared).toBeGreaterThan(250);
  });

  it('follows writes through the database version: publish, a window, a restored database', async () => {
    const db = env.ctx.store.db;
    const { orgId, users } = env.fx;
    const org: Viewer = { userId: users.admin, isResident: false, projectIds: 'all', canApprove: true, isAdmin: true };
    const keys = async (q: string, now = NOW) => {
      await orgIndex(db, orgId); // the index is loaded, so searches use it rather than SQL
      return (await searchArticles(db, orgId, org, q, {}, 10, now, null)).map((h) => h.key);
    };
    const fields = (title: string, over = {}) => ({ title, body: `${title}。`, type: 'answer' as const, categories: [], projectIds: [], variantOf: null, tags: [], synonyms: [], ownerId: users.admin, reviewDueOn: null, visibility: 'internal' as const, publishAt: null, expireAt: null, ...over });
    expect(await keys('鸽子筑巢')).toEqual([]);
    const before = await orgIndex(db, orgId);
    await createArticle(db, admin, fields('阳台鸽子筑巢怎么处理'), { key: 'pigeons', publishNow: true });
    expect(await keys('鸽子筑巢')).toEqual(['pigeons']);
    // Patched in place, not reloaded.
    expect(await orgIndex(db, orgId)).toBe(before);
    // Scheduled: published now, serving from a later date.
    await createArticle(db, admin, fields('春节期间垃圾清运安排', { publishAt: '2027-01-20T00:00:00.000Z', expireAt: '2027-02-20T00:00:00.000Z' }), { key: 'spring', publishNow: true });
    expect(await keys('垃圾清运')).not.toContain('spring');
    expect(await keys('垃圾清运', '2027-02-01T00:00:00.000Z')).toContain('spring');
    expect(await keys('垃圾清运', '2027-03-01T00:00:00.000Z')).not.toContain('spring');
    // A database restored from elsewhere carries another epoch: the whole index is reloaded.
    await db.updateTable('knowledge_index_versions').set({ epoch: 'restored' }).where('org_id', '=', orgId).execute();
    await db.updateTable('knowledge_articles').set({ title: '阳台鸽子' }).where('key', '=', 'pigeons').execute();
    await db.deleteFrom('knowledge_terms').where('term', 'in', ['筑', '巢', '筑巢']).execute();
    expect(await keys('筑巢')).toEqual([]);
    expect(await keys('鸽子')).toEqual(['pigeons']);
    expect(await orgIndex(db, orgId)).not.toBe(before);
  });

  it('answers from SQL while the index first loads, with the same results', async () => {
    const { orgId, projectA } = env.fx;
    // A second handle on the same database behaves as another process with an empty cache.
    const other = env.ctx.store.db.withoutPlugins();
    const v: Viewer = { userId: 'u', isResident: false, projectIds: [projectA], canApprove: false, isAdmin: false };
    const first = await searchArticles(other, orgId, v, '物业费怎么交', {}, 10, NOW, projectA);
    await orgIndex(other, orgId);
    expect(await searchArticles(other, orgId, v, '物业费怎么交', {}, 10, NOW, projectA)).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
  });
});
