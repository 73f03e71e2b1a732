/**
 * An organisation's search index held in memory, without I/O: each term's postings as compact
 * typed arrays (article slot, packed per-field tf), each article's visibility state beside them.
 * A search then needs no database round trip for postings and no join per posting to check
 * visibility — the two costs that made a query for 物业费 read ~80,000 rows over 10,000 articles.
 * Loading and keeping it current is indexCache.ts; the database's `knowledge_terms` stays the
 * source of truth.
 */
import { TF_CAP, termFieldScore, type Field, type TermHits } from './text';

/** What the search filter needs of an article (the in-memory twin of queries.ts `liveFor`). */
export interface IndexedArticle {
  id: string;
  published: boolean;
  publishAt: string | null;
  expireAt: string | null;
  visibility: string;
  allProjects: boolean;
  projectIds: readonly string[];
  type: string;
  categories: readonly string[];
}

/** Who searches what, resolved: the articles live at `now` in these projects, of this type/category. */
export interface SearchScope {
  now: string;
  residentsOnly: boolean;
  projects: readonly string[] | 'all';
  type?: string;
  category?: string;
}

/** Same conditions as the SQL filter: published, inside its window, audience, projects, type, category. */
export function inScope(a: IndexedArticle, s: SearchScope): boolean {
  if (!a.published) return false;
  if (a.publishAt !== null && !(a.publishAt <= s.now)) return false;
  if (a.expireAt !== null && !(a.expireAt > s.now)) return false;
  if (s.residentsOnly && a.visibility !== 'residents') return false;
  if (s.projects !== 'all' && !a.allProjects) {
    const projects = s.projects;
    if (!a.projectIds.some((p) => projects.includes(p))) return false;
  }
  if (s.type && a.type !== s.type) return false;
  if (s.category && !a.categories.includes(s.category)) return false;
  return true;
}

/** tf per field packed in one byte: title × 36 + keywords × 6 + body (each 0–5). */
const FIELD_BASE: Record<Field, number> = { t: 36, k: 6, b: 1 };
/** `termFieldScore` of every packed code, computed once. */
const CODE_SCORE = Float64Array.from({ length: 216 }, (_, c) => termFieldScore(Math.floor(c / 36), Math.floor(c / 6) % 6, c % 6));

interface PostingList {
  docs: Int32Array;
  codes: Uint8Array;
  n: number;
}

export class TermIndex {
  /** Article per slot; null once superseded (re-indexed articles get a new slot). */
  private readonly slots: (IndexedArticle | null)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly lists = new Map<string, PostingList>();
  private dead = 0;

  /** Articles held (current ones). */
  get size(): number {
    return this.slotOf.size;
  }

  /** Share of slots left behind by re-indexing; their postings are skipped but still scanned. */
  get deadShare(): number {
    return this.slots.length ? this.dead / this.slots.length : 0;
  }

  /** Add an article with its index rows, replacing what was held for it. */
  upsert(article: IndexedArticle, rows: readonly { field: Field; term: string; tf: number }[]): void {
    const old = this.slotOf.get(article.id);
    if (old !== undefined) {
      this.slots[old] = null;
      this.dead++;
    }
    const slot = this.slots.push(article) - 1;
    this.slotOf.set(article.id, slot);
    const codes = new Map<string, number>();
    for (const r of rows) codes.set(r.term, (codes.get(r.term) ?? 0) + FIELD_BASE[r.field] * Math.min(Math.max(r.tf, 0), TF_CAP));
    for (const [term, code] of codes) {
      if (!code) continue;
      let l = this.lists.get(term);
      if (!l) this.lists.set(term, (l = { docs: new Int32Array(4), codes: new Uint8Array(4), n: 0 }));
      if (l.n === l.docs.length) {
        const docs = new Int32Array(l.n * 2);
        docs.set(l.docs);
        const c = new Uint8Array(l.n * 2);
        c.set(l.codes);
        [l.docs, l.codes] = [docs, c];
      }
      l.docs[l.n] = slot;
      l.codes[l.n++] = code;
    }
  }

  /** Give back the spare capacity of the posting arrays (after a full load). */
  trim(): void {
    for (const l of this.lists.values()) {
      if (l.docs.length === l.n) continue;
      l.docs = l.docs.slice(0, l.n);
      l.codes = l.codes.slice(0, l.n);
    }
  }

  article(id: string): IndexedArticle | undefined {
    const s = this.slotOf.get(id);
    return s === undefined ? undefined : this.slots[s] ?? undefined;
  }

  /** Which slots the scope sees, and how many (the idf's article count). */
  visible(scope: SearchScope): { mask: Uint8Array; total: number } {
    const mask = new Uint8Array(this.slots.length);
    let total = 0;
    this.slots.forEach((a, i) => {
      if (a && inScope(a, scope)) {
        mask[i] = 1;
        total++;
      }
    });
    return { mask, total };
  }

  /** The visible matches of each term (input to text.ts `scoreTermHits`). */
  hits(terms: readonly string[], mask: Uint8Array): Map<string, TermHits> {
    const out = new Map<string, TermHits>();
    for (const term of terms) {
      const l = this.lists.get(term);
      if (!l) continue;
      let count = 0;
      for (let k = 0; k < l.n; k++) count += mask[l.docs[k]];
      if (!count) continue;
      const docs = new Int32Array(count);
      const scores = new Float64Array(count);
      for (let k = 0, j = 0; k < l.n; k++) {
        if (!mask[l.docs[k]]) continue;
        docs[j] = l.docs[k];
        scores[j++] = CODE_SCORE[l.codes[k]];
      }
      out.set(term, { docs, scores });
    }
    return out;
  }

  idOf(slot: number): string {
    return this.slots[slot]!.id;
  }
}
