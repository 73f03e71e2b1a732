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

const EXT_SPLIT = /\s*(?:转|轉|分机|分機|ext\.?|x|#|,)\s*/i;

/**
 * Parse a Chinese phone number as people write it: "138 1234 5678", "+86 138-1234-5678",
 * "(021) 6234 5678 转 123", "0755-12345678-12", "400-820-8820". Returns null when it is not one.
 */
export function parsePhone(input: string): ParsedPhone | null {
  if (typeof input !== 'string') return null;
  let raw = input.trim().replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/[－—–]/g, '-');
  if (!raw || raw.length > 40) return null;
  let extension: string | null = null;
  const parts = raw.split(EXT_SPLIT);
  if (parts.length === 2 && /^\d{1,6}$/.test(parts[1])) {
    raw = parts[0];
    extension = parts[1];
  } else if (parts.length > 2) return null;
  raw = raw.replace(/^\+?0{0,2}86[\s-]*(?=1[3-9]\d)/, '').replace(/^\+86[\s-]*\(?0?/, '0');
  if (/[^\d\s()\-.]/.test(raw)) return null;
  const groups = raw.split(/[\s()\-.]+/).filter(Boolean);
  const all = groups.join('');
  if (/^1[3-9]\d{9}$/.test(all) && extension === null) {
    return { kind: 'mobile', digits: all, areaCode: null, localDigits: all, extension: null, display: `${all.slice(0, 3)} ${all.slice(3, 7)} ${all.slice(7)}` };
  }
  if (/^[48]00\d{7}$/.test(all)) {
    const display = `${all.slice(0, 3)}-${all.slice(3, 6)}-${all.slice(6)}`;
    return { kind: 'landline', digits: all, areaCode: null, localDigits: all, extension, display: withExt(display, extension) };
  }
  // A trailing short group after area + local is an extension written with a dash: 0755-12345678-12.
  if (extension === null && groups.length === 3 && groups[0].startsWith('0') && /^\d{1,6}$/.test(groups[2]) && groups[2].length < 7) {
    extension = groups[2];
    groups.pop();
  }
  let area: string | null = null;
  let local: string;
  if (groups.length >= 2 && /^0\d{2,3}$/.test(groups[0])) {
    area = groups[0];
    local = groups.slice(1).join('');
  } else {
    const d = groups.join('');
    if (d.startsWith('0')) {
      const len = /^0(10|2\d)/.test(d) ? 3 : 4;
      area = d.slice(0, len);
      local = d.slice(len);
    } else local = d;
  }
  if (!/^[2-9]\d{6,7}$/.test(local)) return null;
  if (area && !/^0\d{2,3}$/.test(area)) return null;
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
