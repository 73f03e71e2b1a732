/**
 * Keeps each organisation's in-memory search index (termIndex.ts) equal to the database, across
 * requests and across processes.
 *
 * Every write to an article (service.ts `applyFields`, in the writing transaction) takes the
 * organisation's next version from `knowledge_index_versions` and stamps the article row with
 * it (`index_version`). A search first reads that one row (a primary-key lookup):
 * - same epoch and version as the cache → use the cache;
 * - same epoch, higher version → reload only the articles stamped after the cached version
 *   (their state and term rows) into the cache;
 * - anything else (first use, a restored or recreated database: new epoch or a lower version,
 *   or too many superseded slots) → load the whole organisation.
 * The counter row is locked by the writer until it commits, so versions become visible in order:
 * a process that saw version v has seen every write up to v, whichever process made it. A reader
 * that catches a write half-way (state read before it, terms after) records the version it read
 * first, so the next search reloads that article again.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { newId } from '../../db/ids';
import type { DB } from '../../db/schema';
import { TermIndex, type IndexedArticle } from './termIndex';
import type { Field } from './text';

type Db = Kysely<DB> | Transaction<DB>;

/** Take the organisation's next index version (inside the writing transaction). */
export async function bumpIndexVersion(db: Db, orgId: string): Promise<number> {
  const r = await db
    .insertInto('knowledge_index_versions')
    .values({ org_id: orgId, epoch: newId(), version: 1 })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ version: sql<number>`knowledge_index_versions.version + 1` }))
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(r.version);
}

interface Entry {
  epoch: string | null;
  version: number;
  index: TermIndex | null;
  /** Refreshes of one organisation run one after another. */
  queue: Promise<unknown>;
  /** A background full load in progress. */
  loading: Promise<TermIndex> | null;
}

/** Per database handle (tests open many), per organisation. */
const caches = new WeakMap<object, Map<string, Entry>>();

/** Beyond this many changed articles a full load is as cheap as patching. */
const PATCH_LIMIT = 2000;
/** Articles per term-row query while loading. */
const BATCH = 500;

const parseList = (s: string | null | undefined): string[] => {
  try {
    const v = JSON.parse(s ?? '[]');
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

/**
 * The organisation's index, current as of the version read at the start of this call. A full
 * load takes seconds for 10,000 articles; with `wait: false` it runs in the background and the
 * call returns null meanwhile (the caller searches in SQL), while patches are always awaited.
 */
export async function orgIndex(db: Db, orgId: string, opts: { wait: false }): Promise<TermIndex | null>;
export async function orgIndex(db: Db, orgId: string, opts?: { wait: true }): Promise<TermIndex>;
export async function orgIndex(db: Db, orgId: string, opts: { wait: boolean } = { wait: true }): Promise<TermIndex | null> {
  const row = await db.selectFrom('knowledge_index_versions').select(['epoch', 'version']).where('org_id', '=', orgId).executeTakeFirst();
  const epoch = row?.epoch ?? '';
  const version = Number(row?.version ?? 0);
  let perDb = caches.get(db);
  if (!perDb) caches.set(db, (perDb = new Map()));
  let e = perDb.get(orgId);
  if (!e) perDb.set(orgId, (e = { epoch: null, version: -1, index: null, queue: Promise.resolve(), loading: null }));
  const entry = e;
  if (entry.index && entry.epoch === epoch && entry.version === version) return entry.index;
  const patchable = entry.index && entry.epoch === epoch && entry.version < version && entry.index.deadShare < 0.25;
  if (!patchable && !opts.wait) {
    if (!entry.loading) entry.loading = orgIndex(db, orgId).finally(() => (entry.loading = null));
    entry.loading.catch(() => undefined);
    return null;
  }
  const run = entry.queue.then(async () => {
    // Another search may have refreshed this far while we waited.
    if (entry.index && entry.epoch === epoch && entry.version >= version) return;
    const patch = entry.index && entry.epoch === epoch && entry.version < version && entry.index.deadShare < 0.25;
    const changed = patch
      ? await db.selectFrom('knowledge_articles').select('id').where('org_id', '=', orgId).where('index_version', '>', entry.version).limit(PATCH_LIMIT + 1).execute()
      : [];
    if (patch && changed.length <= PATCH_LIMIT) {
      await loadArticles(db, orgId, entry.index!, changed.map((c) => c.id));
    } else {
      const index = new TermIndex();
      await loadArticles(db, orgId, index, null);
      index.trim();
      entry.index = index;
    }
    entry.epoch = epoch;
    entry.version = version;
  });
  entry.queue = run.catch(() => undefined);
  await run;
  return entry.index!;
}

/** Load articles (all of the organisation's when `ids` is null) with their term rows into `index`. */
async function loadArticles(db: Db, orgId: string, index: TermIndex, ids: readonly string[] | null): Promise<void> {
  if (ids && !ids.length) return;
  const cols = ['id', 'published_revision_id', 'publish_at', 'expire_at', 'visibility', 'all_projects', 'project_ids_json', 'type', 'categories_json'] as const;
  const metas = [];
  if (ids) for (let i = 0; i < ids.length; i += BATCH) metas.push(...(await db.selectFrom('knowledge_articles').select(cols).where('org_id', '=', orgId).where('id', 'in', ids.slice(i, i + BATCH)).execute()));
  else metas.push(...(await db.selectFrom('knowledge_articles').select(cols).where('org_id', '=', orgId).execute()));
  for (let i = 0; i < metas.length; i += BATCH) {
    const batch = metas.slice(i, i + BATCH);
    // Unpublished articles have no index rows yet.
    const withTerms = batch.filter((m) => m.published_revision_id).map((m) => m.id);
    const rows = withTerms.length ? await db.selectFrom('knowledge_terms').select(['article_id', 'field', 'term', 'tf']).where('article_id', 'in', withTerms).execute() : [];
    const byArticle = new Map<string, { field: Field; term: string; tf: number }[]>();
    for (const r of rows) {
      let l = byArticle.get(r.article_id);
      if (!l) byArticle.set(r.article_id, (l = []));
      l.push({ field: r.field as Field, term: r.term, tf: Number(r.tf) });
    }
    for (const m of batch) {
      const a: IndexedArticle = {
        id: m.id,
        published: !!m.published_revision_id,
        publishAt: m.publish_at,
        expireAt: m.expire_at,
        visibility: m.visibility,
        allProjects: !!m.all_projects,
        projectIds: parseList(m.project_ids_json),
        type: m.type,
        categories: parseList(m.categories_json),
      };
      index.upsert(a, byArticle.get(m.id) ?? []);
    }
  }
}
