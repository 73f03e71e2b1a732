import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';

/** Human order-number prefixes by kind (pinyin initials: 报修 BX, 投诉 TS, 咨询 ZX …). */
export const KIND_PREFIX: Record<string, string> = {
  repair: 'BX',
  complaint: 'TS',
  enquiry: 'ZX',
  suggestion: 'JY',
  praise: 'BY',
  other: 'FW',
  hazard: 'YH',
  renovation: 'ZS',
};

/** The local calendar day (YYYYMMDD) of an instant in a fixed-offset or IANA zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localDayKey(at: Date, timeZone = 'Asia/Shanghai'): string {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = f.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}${get('month')}${get('day')}`;
}

export function formatOrderNumber(prefix: string, day: string, seq: number): string {
  return `${prefix}${day}${String(seq).padStart(4, '0')}`;
}

/**
 * Next number for (organisation, prefix, day). One upsert that increments and returns the
 * counter: the row lock (PostgreSQL) or the single writer (SQLite) makes it unique under concurrency.
 */
export async function allocateOrderNumber(db: Kysely<DB> | Transaction<DB>, orgId: string, kind: string, at: Date, timeZone?: string): Promise<string> {
  const { prefix, day } = numberKey(kind, at, timeZone);
  const r = await sql<{ last: number }>`${nextSequenceSql(orgId, prefix, day)}`.execute(db);
  return formatOrderNumber(prefix, day, Number(r.rows[0].last));
}

/** The counter an order number is drawn from: (prefix by kind, local day). */
export function numberKey(kind: string, at: Date, timeZone?: string): { prefix: string; day: string } {
  return { prefix: KIND_PREFIX[kind] ?? 'GD', day: localDayKey(at, timeZone) };
}

/** The upsert that increments the counter and returns it as `last` (usable as a CTE on PostgreSQL). */
export function nextSequenceSql(orgId: string, prefix: string, day: string) {
  return sql`insert into order_sequences (org_id, prefix, day, last) values (${orgId}, ${prefix}, ${day}, 1)
    on conflict (org_id, prefix, day) do update set last = order_sequences.last + 1
    returning last`;
}

/**
 * formatOrderNumber in PostgreSQL, for a counter column `last`: zero-padded to four digits, longer
 * numbers in full (lpad alone would cut them).
 */
export function orderNumberSql(prefix: string, day: string) {
  return sql`${prefix}::text || ${day}::text || case when last < 10000 then lpad(last::text, 4, '0') else last::text end`;
}
