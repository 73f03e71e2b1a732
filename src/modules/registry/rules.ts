/** Pure registry rules: phone numbers, ID numbers, areas. No I/O. */

export interface ParsedPhone {
  kind: 'mobile' | 'landline';
  /** Lookup key: mobile 11 digits; landline area code + local number (or local alone when no area code was given). */
  digits: string;
  areaCode: string | null;
  localDigits: string;
  extension: string | null;
  display: string;
}

const EXT_SPLIT = /\s*(?:转|轉|分机|分機|ext\.?|x|#|,|，)\s*/i;
/** Full-width forms people paste from documents: digits, plus, brackets, dashes, spaces. */
function halfWidth(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/＋/g, '+')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[－—–‐]/g, '-')
    .replace(/\u3000/g, ' ');
}

/** Length of the area code (with its 0) a national number starts with: 010 and 02x are three digits, the rest four. */
function areaLength(d: string): number {
  return /^0(10|2\d)/.test(d) ? 3 : 4;
}

/**
 * Parse a Chinese phone number as people write it: "138 1234 5678", "+86 138-1234-5678",
 * "(021) 6234 5678 转 123", "+86 21 5017 4063", "0755-12345678-12", "50174063-300",
 * "400-820-8820". The area code is recognised by its digits (010, 02x, 0xxx), never by how the
 * number happens to be grouped. Returns null when it is not one.
 */
export function parsePhone(input: string): ParsedPhone | null {
  if (typeof input !== 'string') return null;
  let raw = halfWidth(input).trim();
  if (!raw || raw.length > 40) return null;
  let extension: string | null = null;
  const parts = raw.split(EXT_SPLIT);
  if (parts.length === 2 && /^\d{1,6}$/.test(parts[1])) {
    raw = parts[0];
    extension = parts[1];
  } else if (parts.length > 1) return null;
  // Country code: +86, 0086, (+86) or a bare 86 standing as its own group; a national number follows.
  let international = false;
  const cc = /^(?:\(?\+\s*86\)?|\(?0086\)?|86(?=[\s\-.(]))[\s\-.]*/.exec(raw);
  if (cc) {
    international = true;
    raw = raw.slice(cc[0].length);
  } else if (/^86 ?1[3-9]\d{9}$/.test(raw.replace(/[\s\-.]/g, ''))) {
    // 8613812345678: a mobile with its country code run on.
    international = true;
    raw = raw.replace(/^86/, '');
  }
  if (!raw || /[^\d\s()\-.]/.test(raw)) return null;
  // Digit groups, and the positions where one group ends (to tell "-300" from the local number).
  const groups = raw.split(/[\s()\-.]+/).filter(Boolean);
  let all = groups.join('');
  const bounds = new Set<number>();
  let pos = 0;
  for (const g of groups) bounds.add((pos += g.length));
  // "+86 (0)21 ..." — the trunk 0 written after the country code — and "(0)" alone.
  if (/^1[3-9]\d{9}$/.test(all) || (/^01[3-9]\d{9}$/.test(all) && !international)) {
    if (extension !== null) return null;
    const m = all.slice(-11);
    return { kind: 'mobile', digits: m, areaCode: null, localDigits: m, extension: null, display: `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}` };
  }
  if (/^[48]00\d{7}$/.test(all)) {
    const display = `${all.slice(0, 3)}-${all.slice(3, 6)}-${all.slice(6)}`;
    return { kind: 'landline', digits: all, areaCode: null, localDigits: all, extension, display: withExt(display, extension) };
  }
  let shift = 0;
  if (international && !all.startsWith('0')) {
    // After +86 the area code loses its 0: +86 21 … is 021 …, +86 755 … is 0755 ….
    all = '0' + all;
    shift = 1;
  }
  let area: string | null = null;
  let rest = all;
  if (all.startsWith('0')) {
    const len = areaLength(all);
    area = all.slice(0, len);
    rest = all.slice(len);
    if (!/^0(10|2\d|[3-9]\d{2})$/.test(area)) return null;
  } else if (international) return null;
  const restStart = all.length - rest.length;
  let local = rest;
  if (rest.length > 8) {
    // The local number is 7 or 8 digits; what follows it after a separator is an extension (0755-12345678-12).
    if (extension !== null) return null;
    const at = [8, 7].find((n) => bounds.has(restStart + n - shift) && rest.length - n <= 6);
    if (at === undefined) return null;
    local = rest.slice(0, at);
    extension = rest.slice(at);
  }
  if (!/^[2-9]\d{6,7}$/.test(local)) return null;
  const display = area ? `${area}-${local}` : local;
  return { kind: 'landline', digits: (area ?? '') + local, areaCode: area, localDigits: local, extension, display: withExt(display, extension) };
}

function withExt(display: string, ext: string | null): string {
  return ext ? `${display} 转 ${ext}` : display;
}

/** Candidate lookup keys for a caller number, so "62345678" finds a party stored as "021-62345678". */
export function phoneLookupKeys(input: string): { digits: string[]; localDigits: string[] } | null {
  const p = parsePhone(input);
  if (!p) return null;
  return p.areaCode ? { digits: [p.digits], localDigits: [] } : { digits: [p.digits], localDigits: [p.localDigits] };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Mainland resident ID (18 digits, GB 11643 check digit) or another document number (passport, permit). */
export function validateIdNumber(input: string): { ok: true; normalized: string; kind: 'resident' | 'other' } | { ok: false } {
  const v = input.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(v)) {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i];
    if (ID_CHECK[sum % 11] !== v[17]) return { ok: false };
    const month = Number(v.slice(10, 12));
    const day = Number(v.slice(12, 14));
    if (month < 1 || month > 12 || day < 1 || day > 31) return { ok: false };
    return { ok: true, normalized: v, kind: 'resident' };
  }
  if (/^\d{15}$/.test(v)) return { ok: true, normalized: v, kind: 'resident' };
  if (/^[A-Z0-9]{5,20}$/.test(v) && /[A-Z]/.test(v)) return { ok: true, normalized: v, kind: 'other' };
  return { ok: false };
}

/** Shown form of an ID number: first 3 and last 4 characters, the rest starred. */
export function maskIdNumber(v: string): string {
  if (v.length <= 7) return v[0] + '*'.repeat(Math.max(v.length - 2, 1)) + v[v.length - 1];
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
}

/** Parse an area in m² with at most two decimals into hundredths (exact, no float rounding). */
export function parseAreaCenti(input: number | string): number | null {
  const s = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input.trim();
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function formatAreaCenti(centi: number): number {
  return centi / 100;
}

/** A local calendar date as YYYY-MM-DD that really exists. */
export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
