/**
 * Money and number entry for the planner and property-operations forms. People type yuan
 * ("30", "1,234.5"); the API takes integer fen. Parsing works on the digits, never through a
 * float, so "0.29" is 29 fen and not 28.999….
 */

// Money entry lives in ./money with the formatter; re-exported for existing imports.
export { fenToYuanInput, yuanToFen } from './money';

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
