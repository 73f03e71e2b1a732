/** Front-desk ledger rules: plates, masked ID numbers, durations, overdue keys. Pure. */

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领';
const PLATE = new RegExp(`^[${PROVINCES}][A-Z][A-Z0-9]{4,5}[A-Z0-9挂学警港澳]$`);

/** "沪 a·12345" → "沪A12345"; null when it is not a mainland plate (5 or 6 characters after the letter). */
export function normalisePlate(input: string): string | null {
  const s = input.replace(/[\s·•.\-_]/g, '').toUpperCase();
  return PLATE.test(s) ? s : null;
}

/** 310101199001011234 → 310***********1234: the desk sees enough to compare, never the number. */
export function maskIdNumber(input: string): string {
  const s = input.replace(/\s/g, '').toUpperCase();
  if (s.length <= 7) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

/** Whole minutes between two instants (a visit, a vehicle's stay), or null while still open. */
export function durationMinutes(from: string, to: string | null): number | null {
  if (!to) return null;
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
}

/** A key not returned by its due time. */
export function keyOverdue(k: { status: string; due_back_at: string | null }, now: string): boolean {
  return k.status === 'out' && !!k.due_back_at && k.due_back_at < now;
}

/** A permit's effective status on a date: revoked, expired, not yet valid, or active. */
export function permitStatus(p: { status: string; valid_from: string; valid_to: string }, today: string): 'active' | 'revoked' | 'expired' | 'pending' {
  if (p.status === 'revoked') return 'revoked';
  if (p.valid_to < today) return 'expired';
  if (p.valid_from > today) return 'pending';
  return 'active';
}

/** Lost property is kept this many days before it may be disposed of (拾遗物品保管期). */
export const LOST_ITEM_KEEP_DAYS = 90;

export function mayDispose(foundAt: string, now: string, keepDays = LOST_ITEM_KEEP_DAYS): boolean {
  return Date.parse(now) - Date.parse(foundAt) >= keepDays * 86_400_000;
}
