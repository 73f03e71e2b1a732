/**
 * Money and number entry for the planner and property-operations forms. People type yuan
 * ("30", "1,234.5"); the API takes integer fen. Parsing works on the digits, never through a
 * float, so "0.29" is 29 fen and not 28.999….
 */

/** Yuan as typed → integer fen; null when it is not a non-negative amount with at most two decimals. */
export function yuanToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Integer fen → yuan as a plain decimal string for an input box ("1234.5" → "1234.50"). */
export function fenToYuanInput(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A list of numbers as pasted from a spreadsheet or typed: separated by spaces, tabs, new lines,
 * commas (half- or full-width) or semicolons. Returns the numbers and the pieces that are not.
 */
export function parseNumberList(text: string): { values: number[]; bad: string[] } {
  const values: number[] = [];
  const bad: string[] = [];
  for (const piece of text.split(/[\s,，;；、]+/)) {
    if (!piece) continue;
    const n = Number(piece);
    if (Number.isFinite(n) && /^-?\d*\.?\d+(e[+-]?\d+)?$/i.test(piece)) values.push(n);
    else bad.push(piece);
  }
  return { values, bad };
}

/** A percentage as typed ("80", "80%", "7.5") → a share in [0, 1]; null when not a number in 0–100. */
export function percentToShare(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const n = Number(String(text).trim().replace(/[%％]$/, ''));
  if (!Number.isFinite(n) || n < 0 || n > 100) return null;
  return Math.round(n * 1e6) / 1e8;
}
