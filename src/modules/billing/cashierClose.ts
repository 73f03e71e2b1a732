/**
 * The cashier's daily close (收费员日结): what each channel should hold for the day (valid
 * receipts, red entries and deposit refunds negative, voided receipts listed apart), against
 * what was counted; a difference needs its reason. Once closed, that day's receipts of that
 * cashier can no longer be voided — only reversed by a red entry. A manager's summary puts all
 * cashiers of a project side by side.
 */
import { accountLabels, PAYMENT_KIND_LABEL } from './projectIncome';
import ExcelJS from 'exceljs';
import { AppError } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { AppContext } from '../../core/context';
import { PAYMENT_METHODS } from './core';
import { dayBounds } from './corrections';
import { escapeHtml, formatYuan, noticeHtml } from './documents';
import { today, type Db, type Who } from './store';

export interface ChannelTotal {
  count: number;
  fen: number;
}

export interface DayFigures {
  byMethod: Record<string, ChannelTotal>;
  byKind: Record<string, ChannelTotal>;
  voided: ChannelTotal;
  paymentCount: number;
  totalFen: number;
}

/** The day's entries of a cashier (or of every cashier when collectorId is undefined), by channel. */
export async function dayEntries(db: Db, orgId: string, projectId: string, day: string, collectorId?: string) {
  const { start, end } = dayBounds(day);
  let q = db
    .selectFrom('payments')
    .select(['id', 'receipt_no', 'account_id', 'amount_fen', 'method', 'reference', 'kind', 'status', 'collector_id', 'received_at', 'payer_name', 'reverses_id'])
    .where('org_id', '=', orgId)
    .where('project_id', '=', projectId)
    .where('received_at', '>=', start)
    .where('received_at', '<', end);
  if (collectorId !== undefined) q = q.where('collector_id', '=', collectorId);
  return q.orderBy('received_at').orderBy('id').execute();
}

export function figures(rows: readonly { amount_fen: number; method: string; kind: string; status: string }[]): DayFigures {
  const byMethod: Record<string, ChannelTotal> = Object.fromEntries(PAYMENT_METHODS.map((m) => [m, { count: 0, fen: 0 }]));
  const byKind: Record<string, ChannelTotal> = {};
  const voided = { count: 0, fen: 0 };
  let paymentCount = 0;
  let totalFen = 0;
  for (const r of rows) {
    const fen = Number(r.amount_fen);
    if (r.status === 'voided') {
      voided.count++;
      voided.fen += fen;
      continue;
    }
    const m = (byMethod[r.method] ??= { count: 0, fen: 0 });
    m.count++;
    m.fen += fen;
    const k = (byKind[r.kind] ??= { count: 0, fen: 0 });
    k.count++;
    k.fen += fen;
    paymentCount++;
    totalFen += fen;
  }
  return { byMethod, byKind, voided, paymentCount, totalFen };
}

export interface CloseInput {
  projectId: string;
  collectorId: string;
  day?: string;
  /** Counted per channel in fen; cash is required, others optional (checked against the statement). */
  counted: Partial<Record<string, number>> & { cash: number };
  reason?: string | null;
}

/** Closes a cashier's day. A second close of the same day is refused (409). */
export async function closeDay(ctx: AppContext, who: Who & { userId: string }, input: CloseInput) {
  const day = input.day ?? today();
  if (day > today()) throw new AppError(400, 'billing.future_date', { date: day });
  const db = ctx.store.db;
  return db.transaction().execute(async (trx) => {
    const rows = await dayEntries(trx, who.orgId, input.projectId, day, input.collectorId);
    const f = figures(rows);
    let difference = 0;
    const counted: Record<string, number> = {};
    for (const [method, fen] of Object.entries(input.counted)) {
      if (fen === undefined) continue;
      counted[method] = fen;
      difference += fen - (f.byMethod[method]?.fen ?? 0);
    }
    const reason = input.reason?.trim() || null;
    if (difference !== 0 && !reason) throw new AppError(400, 'billing.close_reason_required', { differenceFen: difference });
    const existing = await trx.selectFrom('cashier_closes').select('id').where('org_id', '=', who.orgId).where('project_id', '=', input.projectId).where('collector_id', '=', input.collectorId).where('day', '=', day).executeTakeFirst();
    if (existing) throw new AppError(409, 'billing.day_already_closed', { day });
    const at = nowIso();
    const id = newId();
    try {
      await trx
        .insertInto('cashier_closes')
        .values({
          id,
          org_id: who.orgId,
          project_id: input.projectId,
          collector_id: input.collectorId,
          day,
          expected_json: JSON.stringify(f.byMethod),
          counted_json: JSON.stringify(counted),
          expected_cash_fen: f.byMethod.cash.fen,
          counted_cash_fen: input.counted.cash,
          difference_fen: difference,
          difference_reason: reason,
          payment_count: f.paymentCount,
          voided_count: f.voided.count,
          total_fen: f.totalFen,
          closed_by: who.userId,
          closed_at: at,
          created_at: at,
        })
        .execute();
    } catch (e) {
      // Two closes of the same day racing: the unique constraint lets one through.
      if (/unique|duplicate/i.test(String((e as Error).message))) throw new AppError(409, 'billing.day_already_closed', { day });
      throw e;
    }
    return closeOut((await trx.selectFrom('cashier_closes').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
  });
}

/** A day's close as the API answers it. */
export type CashierClose = ReturnType<typeof closeOut>;
/** A manager's view of a day (GET /api/billing/cashier-closes/summary). */
export type DaySummary = Awaited<ReturnType<typeof daySummary>>;

export function closeOut(c: any) {
  return {
    id: c.id as string,
    projectId: c.project_id as string,
    collectorId: c.collector_id as string,
    day: c.day as string,
    expected: JSON.parse(c.expected_json) as Record<string, ChannelTotal>,
    counted: JSON.parse(c.counted_json) as Record<string, number>,
    expectedCashFen: Number(c.expected_cash_fen),
    countedCashFen: Number(c.counted_cash_fen),
    differenceFen: Number(c.difference_fen),
    differenceReason: c.difference_reason as string | null,
    paymentCount: Number(c.payment_count),
    voidedCount: Number(c.voided_count),
    totalFen: Number(c.total_fen),
    closedBy: c.closed_by as string,
    closedAt: c.closed_at as string,
  };
}

/** A manager's view of a day: every cashier who took money or closed, with their channels and close. */
export async function daySummary(db: Db, orgId: string, projectId: string, day: string) {
  const rows = await dayEntries(db, orgId, projectId, day);
  const closes = await db.selectFrom('cashier_closes').selectAll().where('org_id', '=', orgId).where('project_id', '=', projectId).where('day', '=', day).execute();
  const ids = [...new Set([...rows.map((r) => r.collector_id ?? ''), ...closes.map((c) => c.collector_id)])].sort();
  const users = ids.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute() : [];
  const nameOf = new Map(users.map((u) => [u.id, u.display_name]));
  const cashiers = ids.map((cid) => {
    const mine = rows.filter((r) => (r.collector_id ?? '') === cid);
    const close = closes.find((c) => c.collector_id === cid);
    const f = figures(mine);
    return {
      collectorId: cid || null,
      collectorName: nameOf.get(cid) ?? null,
      ...f,
      close: close ? closeOut(close) : null,
      // Money taken after the close is not in it: the manager sees the gap.
      changedSinceClose: close ? Number(close.total_fen) !== f.totalFen || Number(close.payment_count) !== f.paymentCount : false,
    };
  });
  const all = figures(rows);
  return { projectId, day, cashiers, totals: all, closedCount: closes.length, openCount: cashiers.filter((c) => !c.close).length };
}

const METHOD_LABEL: Record<string, string> = { cash: '现金', bank_transfer: '银行转账', wechat_pay: '微信支付', alipay: '支付宝', card: 'POS刷卡', other: '其他' };
const yuan = (fen: number) => Math.round(fen) / 100;

/** 日结单 as XLSX: the channels (expected, counted, difference) and every entry of the day. */
export async function closeXlsx(db: Db, orgId: string, closeId: string): Promise<Buffer> {
  const c = await db.selectFrom('cashier_closes').selectAll().where('id', '=', closeId).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  const out = closeOut(c);
  const rows = await dayEntries(db, orgId, c.project_id, c.day, c.collector_id);
  const user = await db.selectFrom('users').select('display_name').where('id', '=', c.collector_id).executeTakeFirst();
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('日结');
  s.addRow(['收费员日结单', user?.display_name ?? c.collector_id, c.day]);
  s.addRow(['渠道', '笔数', '应收（元）', '实点/对账（元）', '差额（元）']);
  for (const m of PAYMENT_METHODS) {
    const e = out.expected[m] ?? { count: 0, fen: 0 };
    const counted = out.counted[m];
    s.addRow([METHOD_LABEL[m] ?? m, e.count, yuan(e.fen), counted === undefined ? null : yuan(counted), counted === undefined ? null : yuan(counted - e.fen)]);
  }
  s.addRow(['合计', out.paymentCount, yuan(out.totalFen), null, yuan(out.differenceFen)]);
  s.addRow(['差额原因', out.differenceReason ?? '']);
  s.addRow(['作废笔数', out.voidedCount]);
  const d = wb.addWorksheet('明细');
  d.addRow(['收据号', '类型', '状态', '房屋', '付款方式', '金额（元）', '流水号', '收款时间']);
  for (const r of rows) d.addRow([r.receipt_no, PAYMENT_KIND_LABEL[r.kind] ?? r.kind, r.status === 'voided' ? '作废' : '有效', r.account_id, METHOD_LABEL[r.method] ?? r.method, yuan(Number(r.amount_fen)), r.reference ?? '', r.received_at]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * 日结单 as print-ready HTML (the PDF is Chromium's rendering of it): channels with expected,
 * counted and difference, the reason, and every entry of the day; signature lines for the hand-over.
 */
export async function closeHtml(db: Db, orgId: string, closeId: string): Promise<string> {
  const c = await db.selectFrom('cashier_closes').selectAll().where('id', '=', closeId).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  const out = closeOut(c);
  const rows = await dayEntries(db, orgId, c.project_id, c.day, c.collector_id);
  const [user, project] = await Promise.all([
    db.selectFrom('users').select('display_name').where('id', '=', c.collector_id).executeTakeFirst(),
    db.selectFrom('projects').select('name').where('id', '=', c.project_id).executeTakeFirst(),
  ]);
  const units = await accountLabels(db, rows.map((r) => r.account_id));
  const channelRows = PAYMENT_METHODS.map((m) => {
    const e = out.expected[m] ?? { count: 0, fen: 0 };
    const counted = out.counted[m];
    return [METHOD_LABEL[m] ?? m, String(e.count), formatYuan(e.fen), counted === undefined ? '—' : formatYuan(counted), counted === undefined ? '—' : formatYuan(counted - e.fen)];
  });
  const summary = noticeHtml({
    title: '收费员日结单',
    number: `${c.day} ${user?.display_name ?? c.collector_id}`,
    paragraphs: [`${project?.name ?? ''} 收费员 ${user?.display_name ?? c.collector_id}，营业日 ${c.day}，日结时间 ${new Date(out.closedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}。`],
    table: { headers: ['渠道', '笔数', '应收（元）', '实点/对账（元）', '差额（元）'], rows: channelRows, footer: ['合计', String(out.paymentCount), formatYuan(out.totalFen), '', formatYuan(out.differenceFen)] },
    after: [`差额原因：${out.differenceReason ?? '无'}`, `作废笔数：${out.voidedCount}`],
    signature: ['收费员签字：＿＿＿＿＿＿', '复核人签字：＿＿＿＿＿＿'],
  });
  const e = escapeHtml;
  const detail = `<h2 style="font-size:13pt;margin-top:8mm">当日明细（${rows.length} 笔）</h2><table style="font-size:9pt"><thead><tr>${['收据号', '类型', '状态', '房号', '付款方式', '金额（元）', '流水号', '收款时间'].map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => {
      const cells = [r.receipt_no, PAYMENT_KIND_LABEL[r.kind] ?? r.kind, r.status === 'voided' ? '作废' : '有效', units.get(r.account_id) ?? r.account_id, METHOD_LABEL[r.method] ?? r.method, formatYuan(Number(r.amount_fen)), r.reference ?? '', new Date(r.received_at).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })];
      return `<tr>${cells.map((x) => `<td>${e(x)}</td>`).join('')}</tr>`;
    })
    .join('')}</tbody></table>`;
  return summary.replace('</body>', `${detail}\n</body>`);
}
