/**
 * Chinese-aware text handling for the knowledge base, without I/O: folding, tokenisation into
 * index terms, query analysis with synonym groups, scoring over postings, highlighted snippets.
 *
 * Why our own index instead of FTS5 / pg_trgm: a trigram index cannot find two-character words
 * (漏水, 电梯) or single characters, and the two databases' full-text engines rank differently.
 * Terms are computed here and stored in an ordinary table, so SQLite and PostgreSQL only do
 * `term IN (…)` lookups and return the same postings; ranking happens in this file.
 *
 * Terms: for runs of Han characters every character (unigram) and every adjacent pair (bigram);
 * for Latin letters / digits the lower-cased word, and — when a word mixes both — its digit and
 * letter runs; adjacent units across scripts pair up too, so 3号楼 gives 3, 号, 楼, 3号, 号楼.
 */

/** Index fields: title, keywords (tags + synonyms), body. */
export type Field = 't' | 'k' | 'b';
export const FIELD_WEIGHT: Record<Field, number> = { t: 3, k: 2, b: 1 };
const FIELD_SUM = FIELD_WEIGHT.t + FIELD_WEIGHT.k + FIELD_WEIGHT.b;

/**
 * Characters too common to mean anything alone (particles, pronouns). They are not indexed as
 * unigrams, so a query for 的 alone finds nothing, but bigrams that contain them (目的) still work.
 */
const STOP_UNIGRAMS = new Set(Array.from('的地得了着过吗呢吧啊呀哦嘛么是在和与及或我你您他她它们这那个就也都很还把被让给从对'));

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /[a-z0-9]/;

/**
 * Fold one character for matching: NFKC (full-width → half-width, compatibility forms) and lower
 * case, but only when that keeps the length — so offsets in the folded text are offsets in the
 * original, which the highlighter relies on.
 */
export function fold(s: string): string {
  let out = '';
  for (const ch of s) {
    const eq = INTERCHANGEABLE[ch];
    if (eq) {
      out += eq;
      continue;
    }
    const n = ch.normalize('NFKC').toLowerCase();
    out += n.length === ch.length ? n : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return out;
}

/**
 * Characters people use for one another when typing: 交/缴 (交费 = 缴费), 帐/账, and the 的/地/得
 * mix-up. Folded on both the index and the query side, so either spelling finds the other.
 */
const INTERCHANGEABLE: Record<string, string> = { 缴: '交', 帐: '账', 地: '的', 得: '的' };

interface Unit {
  text: string;
  han: boolean;
  start: number;
  end: number;
}

/** Split folded text into runs of adjacent units (a Han character or a Latin/digit word). */
function runs(folded: string): Unit[][] {
  const out: Unit[][] = [];
  let cur: Unit[] = [];
  let i = 0;
  while (i < folded.length) {
    const ch = folded[i];
    if (HAN.test(ch)) {
      cur.push({ text: ch, han: true, start: i, end: i + 1 });
      i++;
    } else if (WORD_CHAR.test(ch)) {
      let j = i;
      while (j < folded.length && WORD_CHAR.test(folded[j])) j++;
      cur.push({ text: folded.slice(i, j), han: false, start: i, end: j });
      i = j;
    } else {
      if (cur.length) out.push(cur);
      cur = [];
      i++;
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

function wordTerms(w: string): string[] {
  const parts = w.match(/[0-9]+|[a-z]+/g) ?? [];
  return parts.length > 1 ? [w, ...parts] : [w];
}

/** Index terms of a text with their frequencies. */
export function indexTerms(text: string): Map<string, number> {
  const tf = new Map<string, number>();
  const add = (t: string) => tf.set(t, (tf.get(t) ?? 0) + 1);
  for (const run of runs(fold(text))) {
    run.forEach((u, idx) => {
      if (u.han) {
        if (!STOP_UNIGRAMS.has(u.text)) add(u.text);
      } else for (const t of wordTerms(u.text)) add(t);
      const next = run[idx + 1];
      if (next) add(u.text + next.text);
    });
  }
  return tf;
}

export interface IndexableArticle {
  title: string;
  body: string;
  tags: readonly string[];
  synonyms: readonly string[];
}

export interface TermRow {
  field: Field;
  term: string;
  /** Occurrences in the field, capped (long bodies should not win by repetition). */
  tf: number;
}

export const TF_CAP = 5;

/** The rows of `knowledge_terms` for one article. */
export function articleTermRows(a: IndexableArticle): TermRow[] {
  const rows: TermRow[] = [];
  const push = (field: Field, m: Map<string, number>) => {
    for (const [term, n] of m) if (term.length <= 40) rows.push({ field, term, tf: Math.min(n, TF_CAP) });
  };
  push('t', indexTerms(a.title));
  push('k', indexTerms([...a.tags, ...a.synonyms].join('，')));
  push('b', indexTerms(stripMarkdown(a.body)));
  return rows;
}

/** Markdown to plain text for indexing and snippets: markup characters go, link texts stay. */
export function stripMarkdown(md: string): string {
  return md
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s*/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '')
    .replace(/^\s*\|?[\s:|-]+\|[\s:|-]*$/gm, '')
    .replace(/[*_`~|]+/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Queries

export type TermKind = 'uni' | 'bi' | 'word';

export interface QueryTerm {
  term: string;
  kind: TermKind;
  weight: number;
}

/** One part of the query: the best-scoring alternative counts (the words as typed, or a synonym). */
export interface QueryGroup {
  alternatives: QueryTerm[][];
}

export interface AnalysedQuery {
  groups: QueryGroup[];
  /** Every term looked up in the index. */
  terms: string[];
}

/**
 * How people ask rather than what they ask about (怎么办, 请问, 能不能…). Every article title is a
 * question, so these would otherwise match everything.
 */
const FILLERS = new RegExp(
  ['怎么办', '怎么样', '怎么', '怎样', '如何', '为什么', '什么时候', '什么', '哪里', '哪儿', '哪些', '多少', '几点', '是不是', '能不能', '可不可以', '可以吗', '有没有', '要不要', '请问', '我想', '想问', '一下', '吗', '呢', '啊', '吧'].join('|'),
  'g',
);

/** A unigram inside a longer run only nudges (order-insensitive, typo-tolerant matching). */
const WEIGHT = { bi: 1, word: 1, uniAlone: 1, uniLone: 0.5, uniInRun: 0.25, synonym: 0.9 } as const;

/**
 * `alone`: the whole query is this text. A single character standing by itself keeps full weight
 * only then (漏); inside a longer query a lone character is mostly a verb or particle (交, 修).
 */
function queryTerms(text: string, alone = true): QueryTerm[] {
  const out: QueryTerm[] = [];
  const all = runs(fold(text));
  const single = alone && all.length === 1;
  for (const run of all) {
    run.forEach((u, idx) => {
      if (u.han) {
        const w = run.length > 1 ? WEIGHT.uniInRun : single ? WEIGHT.uniAlone : WEIGHT.uniLone;
        if (!STOP_UNIGRAMS.has(u.text) || run.length === 1) out.push({ term: u.text, kind: 'uni', weight: w });
      } else for (const t of wordTerms(u.text)) out.push({ term: t, kind: 'word', weight: t.length === 1 && /\d/.test(t) ? 0.6 : WEIGHT.word });
      const next = run[idx + 1];
      if (next) out.push({ term: u.text + next.text, kind: 'bi', weight: WEIGHT.bi });
    });
  }
  return out;
}

/**
 * Analyse a query. Synonym phrases found in it (longest first, left to right) become a group of
 * alternatives: the phrase as typed, or any of its synonyms; the rest of the text gives one group
 * per term. Repeated terms count once.
 */
export function analyseQuery(q: string, synonymGroups: readonly (readonly string[])[] = []): AnalysedQuery {
  const raw = fold(q).slice(0, 200);
  // Question fillers carry no topic; drop them unless nothing else is left.
  const stripped = raw.replace(FILLERS, ' ');
  const text = /[\p{Script=Han}a-z0-9]/u.test(stripped) ? stripped : raw;
  const phrases = new Map<string, string[]>();
  for (const g of synonymGroups) {
    const members = g.map((m) => fold(m).trim()).filter(Boolean);
    for (const m of members) phrases.set(m, [...new Set([...(phrases.get(m) ?? []), ...members.filter((x) => x !== m)])]);
  }
  const keys = [...phrases.keys()].sort((a, b) => b.length - a.length);
  const groups: QueryGroup[] = [];
  const seen = new Set<string>();
  let plain = '';
  let alone = true;
  const flushPlain = () => {
    for (const t of queryTerms(plain, alone)) {
      if (seen.has(t.term)) continue;
      seen.add(t.term);
      groups.push({ alternatives: [[t]] });
    }
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const hit = keys.find((k) => text.startsWith(k, i));
    if (!hit) {
      plain += text[i++];
      continue;
    }
    alone = false;
    flushPlain();
    plain = ' ';
    const alts = [queryTerms(hit), ...phrases.get(hit)!.map((s) => queryTerms(s))];
    groups.push({ alternatives: alts.filter((a) => a.length) });
    for (const a of alts) for (const t of a) seen.add(t.term);
    i += hit.length;
  }
  flushPlain();
  const terms = [...new Set(groups.flatMap((g) => g.alternatives.flatMap((a) => a.map((t) => t.term))))];
  return { groups, terms };
}

// ---------------------------------------------------------------------------------------------
// Scoring

export interface Posting {
  articleId: string;
  field: Field;
  term: string;
  tf: number;
}

export interface Scored {
  articleId: string;
  /** Text relevance, roughly 0–1 (1 ≈ every query term in title, keywords and body). */
  relevance: number;
  /** Terms that matched (for highlighting). */
  matched: string[];
}

/** Saturating term frequency: 1 → 1, 2 → 1.33, 5 → 1.67. */
const sat = (tf: number) => (2 * tf) / (tf + 1);

/**
 * What one term contributes in one article before idf and query weight: Σ field weight ×
 * saturating tf (title 3, keywords 2, body 1; tf 0 = not in that field). Always summed in this
 * order, so the database path and the evaluation compute the very same floats.
 */
export function termFieldScore(tfTitle: number, tfKeywords: number, tfBody: number): number {
  return (tfTitle ? FIELD_WEIGHT.t * sat(tfTitle) : 0) + (tfKeywords ? FIELD_WEIGHT.k * sat(tfKeywords) : 0) + (tfBody ? FIELD_WEIGHT.b * sat(tfBody) : 0);
}

/**
 * The matches of one query term among the articles searched: article numbers (each at most
 * once) and their `termFieldScore`. `docs.length` is the term's document frequency.
 */
export interface TermHits {
  docs: ArrayLike<number>;
  scores: ArrayLike<number>;
}

/**
 * Score articles from their postings (the evaluation's path; the database path feeds
 * `scoreTermHits` from the in-memory index directly).
 */
export function scorePostings(query: AnalysedQuery, postings: readonly Posting[], total: number): Scored[] {
  const ids: string[] = [];
  const numOf = new Map<string, number>();
  const tfs = new Map<string, Map<number, [number, number, number]>>();
  const slot: Record<Field, 0 | 1 | 2> = { t: 0, k: 1, b: 2 };
  for (const p of postings) {
    let d = numOf.get(p.articleId);
    if (d === undefined) numOf.set(p.articleId, (d = ids.push(p.articleId) - 1));
    let byDoc = tfs.get(p.term);
    if (!byDoc) tfs.set(p.term, (byDoc = new Map()));
    let tf = byDoc.get(d);
    if (!tf) byDoc.set(d, (tf = [0, 0, 0]));
    tf[slot[p.field]] = p.tf;
  }
  const hits = new Map<string, TermHits>();
  for (const [term, byDoc] of tfs) hits.set(term, { docs: [...byDoc.keys()], scores: [...byDoc.values()].map(([t, k, b]) => termFieldScore(t, k, b)) });
  return scoreTermHits(query, hits, total, (d) => ids[d]);
}

/**
 * Score articles from each query term's matches. Each term is weighted by its kind (bigram and
 * word 1, unigram in a longer run 0.25), its rarity among the `total` articles searched (BM25
 * idf) and the fields it appears in (title 3, keywords 2, body 1). Per group the best
 * alternative counts; the sum is divided by the best score the query could reach. `idOf` names
 * an article number. With `limit`, returns only what `topByRelevance(…, limit)` can pick (every
 * candidate at or above the limit-th relevance). Works on a dense candidate × term matrix without
 * allocating per candidate: a common character matches thousands of articles, and per-article
 * maps and arrays were most of a search's time (and of its garbage).
 */
export function scoreTermHits(query: AnalysedQuery, hits: ReadonlyMap<string, TermHits>, total: number, idOf: (doc: number) => string, limit?: number): Scored[] {
  const terms = query.terms;
  const T = terms.length;
  const col = new Map(terms.map((t, i) => [t, i]));
  const n = Math.max(total, 1);
  const idfs = terms.map((t) => {
    const d = hits.get(t)?.docs.length ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  });
  const idf = (term: string) => idfs[col.get(term)!];
  // A group is worth what its words as typed (first alternative) are worth; a synonym scores the
  // share of its own best it reaches, times that — so a longer or rarer synonym cannot outweigh
  // the word the caller used.
  const altMax = query.groups.map((g) => g.alternatives.map((a) => a.reduce((s, t) => s + t.weight * idf(t.term) * FIELD_SUM, 0)));
  const groupMax = altMax.map((m) => m[0] ?? 0);
  const best = groupMax.reduce((s, x) => s + x, 0);
  if (best <= 0) return [];

  // Candidates: every article some query term matches, numbered densely; m[c * T + i] is term
  // i's field score in candidate c (0 = absent; present scores are ≥ 1).
  let maxDoc = -1;
  for (const h of hits.values()) for (let k = 0; k < h.docs.length; k++) if (h.docs[k] > maxDoc) maxDoc = h.docs[k];
  const candOf = new Int32Array(maxDoc + 1).fill(-1);
  const cands: number[] = [];
  terms.forEach((t) => {
    const h = hits.get(t);
    if (h) for (let k = 0; k < h.docs.length; k++) if (candOf[h.docs[k]] < 0) candOf[h.docs[k]] = cands.push(h.docs[k]) - 1;
  });
  const m = new Float64Array(cands.length * T);
  terms.forEach((t, i) => {
    const h = hits.get(t);
    if (h) for (let k = 0; k < h.docs.length; k++) m[candOf[h.docs[k]] * T + i] = h.scores[k];
  });

  // An article that matches none of the query's whole words (bigrams, Latin words, a lone
  // character) needs at least two of its single characters: one stray character (工 of 动工
  // in 工作日) is not a match, two often are (狗…叫 for 狗天天叫, 裂…缝 for 裂了好几条缝).
  const strong = (t: QueryTerm) => t.weight >= WEIGHT.uniLone;
  const strongCols = [...new Set(query.groups.flatMap((g) => g.alternatives.flatMap((a) => a.filter(strong).map((t) => col.get(t.term)!))))];
  const needStrong = strongCols.length > 0;
  // Per group and alternative: the columns and weight × idf of its terms, in query order.
  const plan = query.groups.map((g) => g.alternatives.map((a) => ({ cols: a.map((t) => col.get(t.term)!), wi: a.map((t) => t.weight * idf(t.term)) })));
  // The group's best alternative in candidate c (-1: none scored), into `bestAlt`; the score.
  const bestAlt = new Int32Array(plan.length);
  const scoreRow = (c: number): number => {
    const row = c * T;
    let score = 0;
    for (let gi = 0; gi < plan.length; gi++) {
      const g = plan[gi];
      let gBest = 0;
      bestAlt[gi] = -1;
      for (let ai = 0; ai < g.length; ai++) {
        const { cols, wi } = g[ai];
        let s = 0;
        for (let k = 0; k < cols.length; k++) {
          const f = m[row + cols[k]];
          if (f) s += wi[k] * f;
        }
        if (ai > 0 && altMax[gi][ai] > 0) s = (s / altMax[gi][ai]) * groupMax[gi] * WEIGHT.synonym;
        if (s > gBest) {
          gBest = s;
          bestAlt[gi] = ai;
        }
      }
      score += gBest;
    }
    return score;
  };
  // First pass without allocating (thousands of candidates for a common character): relevance only.
  const rel = new Float64Array(cands.length);
  let kept = 0;
  for (let c = 0; c < cands.length; c++) {
    const row = c * T;
    if (needStrong && !strongCols.some((i) => m[row + i] > 0)) {
      let weak = 0;
      for (let i = 0; i < T; i++) if (m[row + i] > 0) weak++;
      if (weak < 2) continue;
    }
    rel[c] = scoreRow(c) / best;
    if (rel[c] > 0) kept++;
  }
  // With `limit`, only candidates that can be among the `limit` best by relevance (ties kept).
  let cut = Number.MIN_VALUE;
  if (limit !== undefined && kept > limit && limit > 0) cut = Math.max(cut, rel.slice().sort()[rel.length - limit]);
  const out: Scored[] = [];
  for (let c = 0; c < cands.length; c++) {
    if (!(rel[c] >= cut)) continue;
    scoreRow(c);
    const matched: string[] = [];
    plan.forEach((g, gi) => {
      if (bestAlt[gi] < 0) return;
      for (const i of g[bestAlt[gi]].cols) if (m[c * T + i]) matched.push(terms[i]);
    });
    out.push({ articleId: idOf(cands[c]), relevance: rel[c], matched });
  }
  return out;
}

/**
 * Final rank: relevance plus small boosts that only reorder close matches — helpfulness
 * (votes, damped so a handful cannot dominate; ±0.05) and recency of the published revision
 * (up to 0.03, fading over a year).
 */
export function boostedScore(relevance: number, helpful: number, notHelpful: number, publishedAt: string | null, now: number): number {
  const votes = (helpful - notHelpful) / (helpful + notHelpful + 5);
  const ageDays = publishedAt ? Math.max(0, (now - Date.parse(publishedAt)) / 86_400_000) : 365;
  const recency = Math.max(0, 1 - ageDays / 365);
  return relevance + 0.05 * votes + 0.03 * recency;
}

// ---------------------------------------------------------------------------------------------
// Snippets

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Terms worth marking: unigrams only when the query had nothing longer that matched. */
export function highlightTerms(matched: readonly string[]): string[] {
  const long = matched.filter((t) => t.length > 1 || /[a-z0-9]/.test(t));
  return long.length ? long : [...matched];
}

/**
 * A window of `max` characters around the densest cluster of matches, HTML-escaped, with the
 * matches wrapped in <mark>. Matching is on folded text, so 'ＡＢ' in the article is found by 'ab'.
 */
export function snippet(text: string, terms: readonly string[], max = 120): string {
  const folded = fold(text);
  const covered = new Uint8Array(text.length);
  const starts: number[] = [];
  for (const t of [...new Set(terms.map(fold))].filter(Boolean).sort((a, b) => b.length - a.length)) {
    let at = folded.indexOf(t);
    while (at >= 0) {
      let free = true;
      for (let k = at; k < at + t.length; k++) if (covered[k]) free = false;
      if (free) {
        covered.fill(1, at, at + t.length);
        starts.push(at);
      }
      at = folded.indexOf(t, at + 1);
    }
  }
  let from = 0;
  if (text.length > max && starts.length) {
    let bestCount = -1;
    for (const s of starts) {
      const w0 = Math.max(0, Math.min(s - 12, text.length - max));
      let c = 0;
      for (let k = w0; k < w0 + max; k++) c += covered[k];
      if (c > bestCount) [bestCount, from] = [c, w0];
    }
  }
  const to = Math.min(text.length, from + max);
  let out = from > 0 ? '…' : '';
  let k = from;
  while (k < to) {
    let j = k;
    const on = covered[k];
    while (j < to && covered[j] === on) j++;
    const piece = escapeHtml(text.slice(k, j));
    out += on ? `<mark>${piece}</mark>` : piece;
    k = j;
  }
  return out + (to < text.length ? '…' : '');
}
