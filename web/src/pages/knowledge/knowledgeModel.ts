/**
 * Pure helpers of the knowledge screens (tested without a browser): the server's highlighted
 * snippets taken apart safely, a small Markdown subset parsed into blocks, the "standard phrase"
 * an agent inserts, and the business-time conversions of the publish/expire pickers.
 */

/** A piece of highlighted text: plain, or a match to mark. */
export interface Mark {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };

/** Undo the server's HTML escaping (only the entities it writes; anything else stays as typed). */
export function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, e: string) => ENTITIES[e]);
}

/**
 * The server escapes a snippet and wraps matches in <mark>…</mark>. Split on exactly those tags
 * and unescape the rest, so the text is rendered as text: any other markup shows literally and
 * nothing from an article can become HTML.
 */
export function splitMarks(html: string): Mark[] {
  const out: Mark[] = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > last) out.push({ text: unescapeHtml(html.slice(last, m.index)), mark: false });
    if (m[1]) out.push({ text: unescapeHtml(m[1]), mark: true });
    last = m.index + m[0].length;
  }
  if (last < html.length) out.push({ text: unescapeHtml(html.slice(last)), mark: false });
  return out;
}

// ── Markdown subset: headings, paragraphs (line breaks kept), lists, quotes, tables, bold ──

export type Inline = { kind: 'text' | 'strong' | 'em' | 'code'; text: string } | { kind: 'link'; text: string; href: string };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; lines: Inline[][] }
  | { kind: 'paragraph'; lines: Inline[][] }
  | { kind: 'quote'; lines: Inline[][] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { kind: 'rule' };

/** Only web links and in-app paths become links; javascript: and the like stay text. */
const SAFE_HREF = /^(https?:\/\/|\/)[^\s]*$/i;

export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  const re = /\*\*(.+?)\*\*|`([^`]+)`|!?\[([^\]]*)\]\(([^)\s]+)\)|(?<![*\w])\*(?!\s)([^*]+?)\*(?!\w)/g;
  let last = 0;
  const push = (x: Inline) => {
    const prev = out[out.length - 1];
    if (x.kind === 'text' && prev?.kind === 'text') prev.text += x.text;
    else if (x.text) out.push(x);
  };
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) push({ kind: 'text', text: s.slice(last, m.index) });
    if (m[1] !== undefined) push({ kind: 'strong', text: m[1] });
    else if (m[2] !== undefined) push({ kind: 'code', text: m[2] });
    else if (m[4] !== undefined) push(SAFE_HREF.test(m[4]) && !m[0].startsWith('!') ? { kind: 'link', text: m[3] || m[4], href: m[4] } : { kind: 'text', text: m[3] || m[4] });
    else push({ kind: 'em', text: m[5] });
    last = m.index + m[0].length;
  }
  if (last < s.length) push({ kind: 'text', text: s.slice(last) });
  return out;
}

const LIST_ITEM = /^\s*(?:([-*+])|(\d+)[.)、])\s+(.*)$/;
const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
const isTableRule = (line: string) => /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line);

export function parseMarkdown(md: string): Block[] {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      blocks.push({ kind: 'heading', level: Math.min(4, h[1].length) as 1 | 2 | 3 | 4, lines: [parseInline(h[2].trim())] });
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && isTableRule(lines[i + 1])) {
      const head = cells(line).map(parseInline);
      const rows: Inline[][][] = [];
      i += 2;
      while (i < lines.length && lines[i].includes('|') && lines[i].trim()) rows.push(cells(lines[i++]).map(parseInline));
      blocks.push({ kind: 'table', head, rows });
      continue;
    }
    const li = LIST_ITEM.exec(line);
    if (li) {
      const ordered = !li[1];
      const items: Inline[][] = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i]);
        if (m && !m[1] === ordered) items.push(parseInline(m[3]));
        else if (lines[i].trim() && /^\s{2,}/.test(lines[i]) && items.length) items[items.length - 1].push({ kind: 'text', text: ' ' }, ...parseInline(lines[i].trim()));
        else break;
        i++;
      }
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    if (/^>\s?/.test(line)) {
      const q: Inline[][] = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) q.push(parseInline(lines[i++].replace(/^>\s?/, '')));
      blocks.push({ kind: 'quote', lines: q });
      continue;
    }
    // A paragraph runs to a blank line or the start of another block; its line breaks are kept
    // (call scripts are written one sentence per line).
    const para: Inline[][] = [];
    while (i < lines.length && lines[i].trim() && !/^(#{1,6})\s/.test(lines[i]) && !LIST_ITEM.test(lines[i]) && !/^>/.test(lines[i]) && !(lines[i].includes('|') && isTableRule(lines[i + 1] ?? ''))) {
      para.push(parseInline(lines[i++].trim()));
    }
    blocks.push({ kind: 'paragraph', lines: para });
  }
  return blocks;
}

/** Markdown to plain text (marks dropped, list items and lines kept one per line). */
export function plainText(md: string): string {
  const line = (xs: Inline[]) => xs.map((x) => x.text).join('');
  return parseMarkdown(md)
    .map((b) => {
      switch (b.kind) {
        case 'heading':
        case 'paragraph':
        case 'quote':
          return b.lines.map(line).join('\n');
        case 'list':
          return b.items.map((it, n) => `${b.ordered ? `${n + 1}. ` : ''}${line(it)}`).join('\n');
        case 'table':
          return [b.head, ...b.rows].map((r) => r.map(line).join(' | ')).join('\n');
        default:
          return '';
      }
    })
    .filter(Boolean)
    .join('\n');
}

/**
 * The words an agent says from an article. Call scripts quote the sentences to say in 「…」;
 * those are the phrase. Otherwise the article's text, trimmed to a length one can read out.
 */
export function standardPhrase(body: string, max = 300): string {
  const text = plainText(body);
  const quoted = [...text.matchAll(/「([^」]+)」/g)].map((m) => m[1].trim()).filter(Boolean);
  const phrase = quoted.length ? quoted.join('') : text.replace(/\n+/g, ' ');
  return phrase.length > max ? `${phrase.slice(0, max - 1)}…` : phrase;
}

// ── Dates: publish/expire are instants, picked and shown as Asia/Shanghai wall time ──

/** 'YYYY-MM-DD HH:mm' read as Beijing time → UTC ISO. */
export function beijingToIso(wall: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(wall);
  if (!m) throw new Error(`not a date and time: ${wall}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - 8, +m[5])).toISOString();
}

/** UTC ISO → 'YYYY-MM-DD HH:mm' in Beijing time. */
export function isoToBeijing(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** The caller's words without the phrases the agent inserted after them (a suggestion query). */
export function callerWords(summary: string, marker: string): string {
  const at = summary.startsWith(marker) ? 0 : summary.indexOf(`\n${marker}`);
  return (at >= 0 ? summary.slice(0, at) : summary).trim();
}
