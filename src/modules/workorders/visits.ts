import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { AppContext } from '../../core/context';
import { newId } from '../../db/ids';
import { randomToken, sha256 } from '../../core/secrets';
import { enqueue } from '../notifications/outbox';
import type { WorkOrderTable } from './schema';
import { addBusinessMs, type BusinessCalendar, type CalendarConfig } from '../sla';
import { loadSlaConfig } from './slaSettings';
import { transitionInTx } from './service';

type Db = Kysely<DB> | Transaction<DB>;

export type VisitRule = 'all' | 'none' | `sample:${number}`;

/** Whether an order entering 待回访 gets a return visit (回访) — pure, deterministic per order. */
export function visitDecision(order: { id: string; kind: string; reopenCount: number }, rule: string): { visit: boolean; reason: 'rule' | 'sample' | 'complaint' | 'reopen' | null } {
  if (order.kind === 'complaint') return { visit: true, reason: 'complaint' };
  if (order.reopenCount > 0) return { visit: true, reason: 'reopen' };
  if (rule === 'none') return { visit: false, reason: null };
  const m = /^sample:(\d{1,3})$/.exec(rule);
  if (m) {
    // The order id decides, so the same order is always in or out of the sample.
    const bucket = createHash('sha256').update(order.id).digest().readUInt16BE(0) % 100;
    return bucket < Number(m[1]) ? { visit: true, reason: 'sample' } : { visit: false, reason: null };
  }
  return { visit: true, reason: 'rule' };
}

export async function visitRuleFor(db: Db, order: Pick<WorkOrderTable, 'org_id' | 'project_id' | 'kind' | 'category'>): Promise<string> {
  if (!order.category) return 'all';
  const rows = await db
    .selectFrom('order_categories')
    .select(['project_id', 'visit_rule'])
    .where('org_id', '=', order.org_id)
    .where('kind', '=', order.kind)
    .where('name', '=', order.category)
    .where('active', '=', 1)
    .execute();
  const own = rows.find((r) => r.project_id === order.project_id) ?? rows.find((r) => r.project_id === null);
  return own?.visit_rule ?? 'all';
}

/**
 * A return visit is due within one working day of the centre's calendar: the working hours of a
 * workday (7.5 h for 08:30–12:00, 13:30–17:30) counted from completion, so a Friday-afternoon
 * completion is due on Monday and 春节 does not count. A 24×7 calendar gives 24 hours.
 */
export function visitDueAt(cal: BusinessCalendar, calendarConfig: CalendarConfig, at: number): number {
  if (calendarConfig.mode === '24x7') return at + 24 * 3600_000;
  const days = Object.values(calendarConfig.week ?? {}).filter((w) => w && w.length);
  const dayMs = days.length ? Math.max(...days.map((w) => w!.reduce((s, x) => s + windowMs(x), 0))) : 0;
  return dayMs > 0 ? addBusinessMs(cal, at, dayMs) : at + 24 * 3600_000;
}

function windowMs(w: string): number {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(w.trim());
  if (!m) return 0;
  return Math.max(0, (Number(m[3]) * 60 + Number(m[4]) - Number(m[1]) * 60 - Number(m[2])) * 60_000);
}

/** A fresh rating link: the token goes to the resident, only its hash is kept (a new one replaces — and so voids — the old). */
export function newRatingLink(at: number): { token: string; hash: string; expiresAt: string; link: string } {
  const token = randomToken(24);
  return { token, hash: sha256(token), expiresAt: new Date(at + 14 * 24 * 3600_000).toISOString(), link: `/rate/${token}` };
}

/**
 * Called when an order enters 待回访: either queue a return visit (with a resident rating link,
 * delivered through the outbox) or close the order without one when the rule does not sample it.
 */
export async function onAwaitingVisit(ctx: AppContext, db: Db, order: WorkOrderTable, at: string): Promise<{ visitId: string | null; link: string | null }> {
  const rule = await visitRuleFor(db, order);
  const d = visitDecision({ id: order.id, kind: order.kind, reopenCount: order.reopen_count }, rule);
  if (!d.visit) {
    await transitionInTx(ctx, db, { system: true, orgId: order.org_id }, order.id, 'close_without_visit', { at, reason: 'not_sampled' });
    return { visitId: null, link: null };
  }
  const rating = newRatingLink(Date.parse(at));
  const cfg = await loadSlaConfig(db, order.org_id);
  const id = newId();
  await db
    .insertInto('return_visits')
    .values({
      id,
      org_id: order.org_id,
      order_id: order.id,
      cycle: order.reopen_count,
      reason: d.reason!,
      due_at: new Date(visitDueAt(cfg.calendar, cfg.calendarConfig, Date.parse(at))).toISOString(),
      status: 'pending',
      visitor_id: null,
      visited_at: null,
      channel: null,
      outcome: null,
      score_speed: null,
      score_attitude: null,
      score_quality: null,
      comment: null,
      link_token_hash: rating.hash,
      link_expires_at: rating.expiresAt,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['order_id', 'cycle']).doNothing())
    .execute();
  const link = rating.link;
  await enqueue(db, {
    orgId: order.org_id,
    topic: 'visit.due',
    dedupeKey: `visit:${order.id}:${order.reopen_count}`,
    recipientId: order.reporter_id ?? order.party_id,
    payload: { orderId: order.id, number: order.number, title: order.title, contactPhone: order.contact_phone, ratingLink: link },
  });
  return { visitId: id, link };
}
