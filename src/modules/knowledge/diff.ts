/**
 * Differences between two revisions, for the web to render: line hunks with context, and inside
 * a changed line pair the character-level parts (Chinese has no spaces, so word diffs are useless).
 * Plain LCS: articles are short (hundreds of lines at most); very long pairs fall back to whole lines.
 */

export type DiffOp = 'equal' | 'add' | 'del';

export interface DiffPart {
  op: DiffOp;
  text: string;
}

export interface DiffLine {
  op: DiffOp;
  text: string;
  /** 1-based line numbers in the old / new text (absent on the side the line is not in). */
  oldNo?: number;
  newNo?: number;
  /** For a deleted line paired with an added one: character-level parts of this side. */
  parts?: DiffPart[];
}

export interface DiffHunk {
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}

/** Longest-common-subsequence edit script between two sequences. */
function lcsOps<T>(a: readonly T[], b: readonly T[]): Array<{ op: DiffOp; a?: number; b?: number }> {
  const n = a.length;
  const m = b.length;
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const ops: Array<{ op: DiffOp; a?: number; b?: number }> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) ops.push({ op: 'equal', a: i++, b: j++ });
    else if (dp[i + 1][j] >= dp[i][j + 1]) ops.push({ op: 'del', a: i++ });
    else ops.push({ op: 'add', b: j++ });
  }
  while (i < n) ops.push({ op: 'del', a: i++ });
  while (j < m) ops.push({ op: 'add', b: j++ });
  return ops;
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.op === p.op) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

/** Character diff of two strings: parts of the old side (equal/del) and of the new side (equal/add). */
export function diffChars(a: string, b: string): { old: DiffPart[]; new: DiffPart[] } {
  const ca = Array.from(a);
  const cb = Array.from(b);
  if (ca.length * cb.length > 250_000) return { old: [{ op: 'del', text: a }], new: [{ op: 'add', text: b }] };
  const ops = lcsOps(ca, cb);
  return {
    old: merge(ops.filter((o) => o.op !== 'add').map((o) => ({ op: o.op, text: ca[o.a!] }))),
    new: merge(ops.filter((o) => o.op !== 'del').map((o) => ({ op: o.op, text: cb[o.b!] }))),
  };
}

/** Line diff grouped into hunks with `context` unchanged lines around each change. */
export function diffLines(oldText: string, newText: string, context = 2): DiffHunk[] {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  const ops = lcsOps(a, b);
  const lines: DiffLine[] = [];
  for (let k = 0; k < ops.length; k++) {
    const o = ops[k];
    if (o.op === 'equal') {
      lines.push({ op: 'equal', text: a[o.a!], oldNo: o.a! + 1, newNo: o.b! + 1 });
      continue;
    }
    // A run of deletions followed by additions: pair them line by line for character parts.
    const dels: number[] = [];
    const adds: number[] = [];
    while (k < ops.length && ops[k].op === 'del') dels.push(ops[k++].a!);
    while (k < ops.length && ops[k].op === 'add') adds.push(ops[k++].b!);
    k--;
    dels.forEach((ai, idx) => {
      const bi = adds[idx];
      lines.push({ op: 'del', text: a[ai], oldNo: ai + 1, ...(bi !== undefined && { parts: diffChars(a[ai], b[bi]).old }) });
    });
    adds.forEach((bi, idx) => {
      const ai = dels[idx];
      lines.push({ op: 'add', text: b[bi], newNo: bi + 1, ...(ai !== undefined && { parts: diffChars(a[ai], b[bi]).new }) });
    });
  }
  const hunks: DiffHunk[] = [];
  let cur: DiffLine[] | null = null;
  let lastChange = -Infinity;
  lines.forEach((l, idx) => {
    if (l.op === 'equal') return;
    const from = Math.max(0, idx - context);
    if (cur && from <= lastChange + context + 1) {
      for (let k = lastChange + 1; k <= idx; k++) cur.push(lines[k]);
    } else {
      cur = lines.slice(from, idx + 1);
      hunks.push({ oldStart: 0, newStart: 0, lines: cur });
    }
    lastChange = idx;
  });
  // Trailing context and start numbers.
  for (const h of hunks) {
    const lastIdx = lines.indexOf(h.lines[h.lines.length - 1]);
    for (let k = lastIdx + 1; k < Math.min(lines.length, lastIdx + 1 + context) && lines[k].op === 'equal'; k++) h.lines.push(lines[k]);
    const firstOld = h.lines.find((l) => l.oldNo !== undefined);
    const firstNew = h.lines.find((l) => l.newNo !== undefined);
    h.oldStart = firstOld?.oldNo ?? 0;
    h.newStart = firstNew?.newNo ?? 0;
  }
  return hunks;
}
