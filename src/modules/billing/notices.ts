/**
 * Bill notices (缴费通知单): per unit or in a batch by building, for a period — the period's
 * items with their basis, arrears carried from earlier periods, late fees, the total to pay, how
 * to pay and who collects (with a phone). Issuing a notice numbers it (TZ…), freezes it as
 * issued (a reprint is identical) and records the channel: print, or the resident app where the
 * unit's residents can read it.
 */
import { sql } from 'kysely';
import { newId, nowIso } from '../../db/ids';
import { collectorResolver, loadAssignments } from './collectors';
import { cnDate, escapeHtml, formatYuan, noticeHtml, noticesDocx, rmbUpper, type NoticeDoc } from './documents';
import { insertBatches, today, type Db } from './store';
import { renderPaymentQr } from './paymentQr';
import { cashierSettings, DEFAULT_PAYMENT_QR_CAPTION } from './receiptNumbers';

/** A decimal fen text as 元 ("280" → "2.80", "2.5" → "0.025"), exact. */
export function fenDecToYuan(s: string): string {
  const [i, f = ''] = s.split('.');
  const digits = (i + f).replace(/^0+(?=\d)/, '').padStart(f.length + 3, '0');
  const point = digits.length - f.length - 2;
  const frac = digits.slice(point).replace(/0+$/, '').padEnd(2, '0');
  return `${digits.slice(0, point)}.${frac}`;
}

function basisText(b: { kind: string; basis_json: string | null; description: string | null; cover_start: string; cover_end: string; discount_fen: number }): string {
  const basis = b.basis_json ? (JSON.parse(b.basis_json) as Record<string, any>) : null;
  let t: string;
  if (basis?.kind === 'area') t = `${basis.areaM2} ㎡ × ${fenDecToYuan(String(basis.unitPriceFen))} 元/㎡·月`;
  else if (basis?.kind === 'fixed') t = `${formatYuan(Number(basis.monthlyFen))} 元/月`;
  else if (basis?.kind === 'metered') t = `${basis.previous} → ${basis.current}，用量 ${basis.consumption} × ${fenDecToYuan(String(basis.unitPriceFen))} 元`;
  else t = b.description ?? '';
  if (basis?.kind === 'area' || basis?.kind === 'fixed') t += `（${b.cover_start} 至 ${b.cover_end}）`;
  if (Number(b.discount_fen) > 0) t += `，优惠 ${formatYuan(Number(b.discount_fen))} 元`;
  return t;
}

export const PAYMENT_CHANNELS_TEXT = '缴费方式：物业服务中心收费处（现金、POS 刷卡），微信支付，支付宝，银行转账（请备注房号）。';

export interface NoticeDraft {
  accountId: string;
  buildingId: string | null;
  /** 楼栋 + 房号, for the payment QR. */
  unitLabel: string;
  projectCode: string;
  totalFen: number;
  doc: Omit<NoticeDoc, 'number'>;
}

/**
 * The notices of a period for units of a project (a building, or a list of units). In a batch,
 * units with nothing billed for the period and nothing owing are left out.
 */
export async function draftNotices(db: Db, orgId: string, projectId: string, period: string, filter: { buildingId?: string; accountIds?: readonly string[] }): Promise<NoticeDraft[]> {
  let uq = db
    .selectFrom('units as u')
    .innerJoin('buildings as b', 'b.id', 'u.building_id')
    .select(['u.id', 'u.number', 'u.building_id', 'b.name as building_name'])
    .where('u.org_id', '=', orgId)
    .where('u.project_id', '=', projectId);
  if (filter.buildingId) uq = uq.where('u.building_id', '=', filter.buildingId);
  if (filter.accountIds) uq = uq.where('u.id', 'in', filter.accountIds.length ? filter.accountIds : ['']);
  const units = await uq.orderBy('b.name').orderBy('u.number').execute();
  if (!units.length) return [];
  let bq = db
    .selectFrom('bills as b')
    .leftJoin('fee_items as fi', 'fi.id', 'b.fee_item_id')
    .select(['b.account_id', 'b.kind', 'b.category', 'b.account_month', 'b.amount_fen', 'b.outstanding_fen', 'b.discount_fen', 'b.basis_json', 'b.description', 'b.cover_start', 'b.cover_end', 'b.due_date', 'b.party_id', 'fi.name as fee_name'])
    .where('b.org_id', '=', orgId)
    .where('b.project_id', '=', projectId)
    .where((eb) => eb.or([eb('b.account_month', '=', period), eb.and([eb('b.account_month', '<', period), eb('b.outstanding_fen', '>', 0)])]));
  if (filter.buildingId) bq = bq.where('b.building_id', '=', filter.buildingId);
  if (filter.accountIds) bq = bq.where('b.account_id', 'in', filter.accountIds.length ? filter.accountIds : ['']);
  const bills = await bq.orderBy('b.due_date').execute();
  const byAccount = new Map<string, typeof bills>();
  for (const b of bills) {
    const list = byAccount.get(b.account_id) ?? [];
    list.push(b);
    byAccount.set(b.account_id, list);
  }
  const [org, project, assignments, credits] = await Promise.all([
    db.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirst(),
    db.selectFrom('projects').select(['name', 'code']).where('id', '=', projectId).executeTakeFirst(),
    loadAssignments(db, orgId, projectId),
    db.selectFrom('billing_accounts').select(['id', 'credit_fen']).where('project_id', '=', projectId).where('credit_fen', '>', 0).execute(),
  ]);
  const creditOf = new Map(credits.map((c) => [c.id, Number(c.credit_fen)]));
  const collectorOf = collectorResolver(assignments);
  const collectorIds = [...new Set(units.map((u) => collectorOf({ projectId, buildingId: u.building_id, unitId: u.id })).filter((x): x is string => !!x))];
  const users = collectorIds.length ? await db.selectFrom('users').select(['id', 'display_name', 'phone']).where('id', 'in', collectorIds).execute() : [];
  const userOf = new Map(users.map((u) => [u.id, u]));
  const partyIds = [...new Set(bills.map((b) => b.party_id).filter((x): x is string => !!x))];
  const parties = new Map<string, string>();
  for (let i = 0; i < partyIds.length; i += 500) for (const p of await db.selectFrom('parties').select(['id', 'name']).where('id', 'in', partyIds.slice(i, i + 500)).execute()) parties.set(p.id, p.name);
  const issuedOn = today();

  const out: NoticeDraft[] = [];
  for (const u of units) {
    const list = byAccount.get(u.id) ?? [];
    const current = list.filter((b) => b.account_month === period && b.kind !== 'late_fee');
    const arrears = list.filter((b) => b.account_month < period && b.kind !== 'late_fee').reduce((s, b) => s + Number(b.outstanding_fen), 0);
    const lateFees = list.filter((b) => b.kind === 'late_fee').reduce((s, b) => s + Number(b.outstanding_fen), 0);
    const currentDue = current.reduce((s, b) => s + Number(b.outstanding_fen), 0);
    const total = currentDue + arrears + lateFees;
    if (!filter.accountIds && !current.length && total === 0) continue;
    const lastParty = [...list].reverse().find((b) => b.party_id)?.party_id;
    const cid = collectorOf({ projectId, buildingId: u.building_id, unitId: u.id });
    const collector = cid ? userOf.get(cid) : undefined;
    const rows = current.map((b) => [b.fee_name ?? b.description ?? b.category, basisText(b), formatYuan(Number(b.amount_fen)), formatYuan(Number(b.outstanding_fen)), b.due_date]);
    if (arrears) rows.push(['往期欠费', '以前账期未缴', formatYuan(arrears), formatYuan(arrears), '']);
    if (lateFees) rows.push(['滞纳金', '按合同约定计收', formatYuan(lateFees), formatYuan(lateFees), '']);
    const credit = creditOf.get(u.id) ?? 0;
    out.push({
      accountId: u.id,
      buildingId: u.building_id,
      unitLabel: `${u.building_name}${u.number}`,
      projectCode: project?.code ?? '',
      totalFen: total,
      doc: {
        title: '缴费通知单',
        addressee: `尊敬的 ${u.building_name} ${u.number} ${lastParty ? (parties.get(lastParty) ?? '') : ''} 业主/住户：`,
        paragraphs: [`您好！${project?.name ?? ''} ${u.building_name} ${u.number} ${period} 账期费用如下，请于应缴日前缴纳。`],
        table: { headers: ['收费项目', '计费依据', '应收（元）', '未缴（元）', '应缴日'], rows, footer: ['合计应缴', '', '', formatYuan(total), ''] },
        after: [
          `合计应缴（大写）：${rmbUpper(total)}`,
          ...(credit > 0 ? [`预存款余额 ${formatYuan(credit)} 元，可抵扣以后账期费用。`] : []),
          PAYMENT_CHANNELS_TEXT,
          `收费员：${collector?.display_name ?? '物业服务中心'}　联系电话：${collector?.phone ?? '请致电物业服务中心'}`,
        ],
        signature: [org?.name ?? '', `${project?.name ?? ''}物业服务中心`, cnDate(issuedOn)],
        notes: ['如已缴纳，请忽略本通知。对费用有疑问请到物业服务中心查询。'],
      },
    });
  }
  return out;
}

/** Issues drafts: numbers them (one counter block per batch), records them, returns the rows. */
export async function issueNotices(db: Db, orgId: string, projectId: string, period: string, drafts: readonly NoticeDraft[], channel: 'print' | 'app', userId: string | null) {
  if (!drafts.length) return [];
  const day = today().replaceAll('-', '');
  const r = await sql<{ last: number }>`
    insert into billing_sequences (org_id, prefix, day, last) values (${orgId}, ${'TZ'}, ${day}, ${drafts.length})
    on conflict (org_id, prefix, day) do update set last = billing_sequences.last + ${drafts.length}
    returning last`.execute(db);
  const first = Number(r.rows[0].last) - drafts.length + 1;
  const at = nowIso();
  const { paymentQrTemplate, paymentQrCaption } = await cashierSettings(db, projectId);
  const rows = drafts.map((d, i) => {
    const number = `TZ${day}${String(first + i).padStart(6, '0')}`;
    // The code is frozen with the notice: a reprint carries the same one even if the template changes.
    const qr = paymentQrTemplate && d.totalFen > 0 ? { text: renderPaymentQr(paymentQrTemplate, { noticeNo: number, unit: d.unitLabel, period, amountFen: d.totalFen, projectCode: d.projectCode }), caption: paymentQrCaption ?? DEFAULT_PAYMENT_QR_CAPTION } : undefined;
    const doc: NoticeDoc = { ...d.doc, number, ...(qr && { qr }) };
    return { id: newId(), org_id: orgId, project_id: projectId, building_id: d.buildingId, account_id: d.accountId, period, notice_no: doc.number, total_fen: d.totalFen, data_json: JSON.stringify(doc), channel, sent_by: userId, sent_at: at };
  });
  await insertBatches(db, 'bill_notices', rows, 200);
  return rows;
}

/** Several notices as one print-ready HTML, a page each. */
export function noticesHtml(docs: readonly NoticeDoc[]): string {
  if (docs.length === 1) return noticeHtml(docs[0]);
  const pages = docs.map((d) => {
    const h = noticeHtml(d);
    return h.slice(h.indexOf('<body>') + 6, h.lastIndexOf('</body>'));
  });
  const head = noticeHtml(docs[0] ?? { title: '', number: '', paragraphs: [], signature: [] });
  const style = head.slice(0, head.indexOf('<body>')).replace(/<title>.*<\/title>/, `<title>${escapeHtml('缴费通知单')}（${docs.length} 份）</title>`);
  return `${style}<body>\n${pages.map((p) => `<section style="page-break-after: always">${p}</section>`).join('\n')}\n</body></html>`;
}

export { noticesDocx };
