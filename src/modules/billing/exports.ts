/**
 * XLSX exports for finance (导出): payments, arrears with aging buckets and the last dunning
 * step, bills by filter — and the income report (收入汇总) that puts fee receipts, paid
 * services, prepayments, red entries and deposits side by side. Callers pass the project list
 * the actor may see; nothing here widens it.
 */
import { accountLabels, PAYMENT_KIND_LABEL, PROJECT_INCOME_KINDS, type ProjectIncomeKind } from './projectIncome';
import ExcelJS from 'exceljs';
import { agingReport, DEFAULT_AGING_BUCKETS, overdueFen } from './core';
import { loadArrears } from './dunning';
import type { Db } from './store';

const METHOD_LABEL: Record<string, string> = { cash: '现金', bank_transfer: '银行转账', wechat_pay: '微信支付', alipay: '支付宝', card: 'POS刷卡', other: '其他' };
const yuan = (fen: number) => Math.round(fen) / 100;

async function book(sheet: string, header: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet(sheet);
  s.addRow(header).font = { bold: true };
  for (const r of rows) s.addRow(r);
  s.columns.forEach((c) => (c.width = 16));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface PaymentFilter {
  projectIds: readonly string[];
  from?: string;
  to?: string;
  method?: string;
  collectorId?: string;
}

export async function paymentsXlsx(db: Db, orgId: string, f: PaymentFilter): Promise<Buffer> {
  let q = db
    .selectFrom('payments as p')
    .leftJoin('units as u', 'u.id', 'p.account_id')
    .leftJoin('users as c', 'c.id', 'p.collector_id')
    .select(['p.receipt_no', 'p.paid_on', 'p.received_at', 'p.kind', 'p.status', 'u.number as unit_number', 'p.account_id', 'p.method', 'p.reference', 'p.amount_fen', 'p.allocated_fen', 'p.credited_fen', 'c.display_name as collector'])
    .where('p.org_id', '=', orgId)
    .where('p.project_id', 'in', f.projectIds.length ? f.projectIds : ['']);
  if (f.from) q = q.where('p.paid_on', '>=', f.from);
  if (f.to) q = q.where('p.paid_on', '<=', f.to);
  if (f.method) q = q.where('p.method', '=', f.method);
  if (f.collectorId) q = q.where('p.collector_id', '=', f.collectorId);
  const rows = await q.orderBy('p.received_at').orderBy('p.id').execute();
  const labels = await accountLabels(db, rows.filter((r) => !r.unit_number).map((r) => r.account_id));
  return book(
    '收款明细',
    ['收据号', '收款日期', '类型', '状态', '房号', '付款方式', '流水号', '金额（元）', '冲抵欠费（元）', '转预存（元）', '收款人'],
    rows.map((r) => [r.receipt_no, r.paid_on, PAYMENT_KIND_LABEL[r.kind] ?? r.kind, r.status === 'voided' ? '作废' : '有效', r.unit_number ?? labels.get(r.account_id) ?? r.account_id, METHOD_LABEL[r.method] ?? r.method, r.reference ?? '', yuan(Number(r.amount_fen)), yuan(Number(r.allocated_fen)), yuan(Number(r.credited_fen)), r.collector ?? '']),
  );
}

/** Arrears per account as of a date: overdue total, the aging buckets, the last dunning step taken. */
export async function arrearsXlsx(db: Db, orgId: string, projectId: string, asOf: string, buildingId?: string): Promise<Buffer> {
  const arrears = await loadArrears(db, orgId, { projectId });
  const list = [...arrears.values()].filter((a) => !buildingId || a.buildingId === buildingId);
  const ids = list.map((a) => a.accountId);
  const units = new Map<string, string>();
  const parties = new Map<string, string>();
  const lastStep = new Map<string, { code: string; on: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    for (const u of await db.selectFrom('units as u').innerJoin('buildings as b', 'b.id', 'u.building_id').select(['u.id', 'u.number', 'b.name']).where('u.id', 'in', part).execute()) units.set(u.id, `${u.name} ${u.number}`);
    const steps = await db
      .selectFrom('dunning_steps as s')
      .innerJoin('dunning_cases as c', 'c.id', 's.case_id')
      .select(['c.account_id', 's.step_code', 's.taken_on'])
      .where('c.account_id', 'in', part)
      .orderBy('s.taken_on')
      .orderBy('s.step_index')
      .execute();
    for (const s of steps) lastStep.set(s.account_id, { code: s.step_code, on: s.taken_on });
  }
  const partyIds = [...new Set(list.map((a) => a.partyId).filter((x): x is string => !!x))];
  for (let i = 0; i < partyIds.length; i += 500) for (const p of await db.selectFrom('parties').select(['id', 'name']).where('id', 'in', partyIds.slice(i, i + 500)).execute()) parties.set(p.id, p.name);
  const rows = list
    .map((a) => {
      const aging = agingReport(a.items, asOf).buckets;
      return { a, overdue: overdueFen(a.items, asOf), outstanding: a.items.reduce((s, i) => s + i.outstandingFen, 0), aging };
    })
    .filter((x) => x.outstanding > 0)
    .sort((x, y) => y.overdue - x.overdue || (x.a.accountId < y.a.accountId ? -1 : 1));
  return book(
    '欠费清单',
    ['房号', '业主/住户', '欠费合计（元）', '已逾期（元）', ...DEFAULT_AGING_BUCKETS.map((b) => `${b.label}（元）`), '最近催缴步骤', '催缴日期', '截至'],
    rows.map((x) => [
      units.get(x.a.accountId) ?? x.a.accountId,
      x.a.partyId ? (parties.get(x.a.partyId) ?? '') : '',
      yuan(x.outstanding),
      yuan(x.overdue),
      ...DEFAULT_AGING_BUCKETS.map((b) => yuan(x.aging.find((g) => g.label === b.label)?.fen ?? 0)),
      lastStep.get(x.a.accountId)?.code ?? '',
      lastStep.get(x.a.accountId)?.on ?? '',
      asOf,
    ]),
  );
}

export interface BillFilter {
  projectIds: readonly string[];
  buildingId?: string;
  feeItemId?: string;
  fromMonth?: string;
  toMonth?: string;
  status?: 'open' | 'settled';
}

export async function billsXlsx(db: Db, orgId: string, f: BillFilter): Promise<Buffer> {
  let q = db
    .selectFrom('bills as b')
    .leftJoin('fee_items as fi', 'fi.id', 'b.fee_item_id')
    .leftJoin('units as u', 'u.id', 'b.unit_id')
    .select(['u.number as unit_number', 'b.account_id', 'fi.name as fee_name', 'b.category', 'b.kind', 'b.period_key', 'b.cover_start', 'b.cover_end', 'b.due_date', 'b.amount_fen', 'b.paid_fen', 'b.written_off_fen', 'b.outstanding_fen', 'b.description'])
    .where('b.org_id', '=', orgId)
    .where('b.project_id', 'in', f.projectIds.length ? f.projectIds : ['']);
  if (f.buildingId) q = q.where('b.building_id', '=', f.buildingId);
  if (f.feeItemId) q = q.where('b.fee_item_id', '=', f.feeItemId);
  if (f.fromMonth) q = q.where('b.account_month', '>=', f.fromMonth);
  if (f.toMonth) q = q.where('b.account_month', '<=', f.toMonth);
  if (f.status === 'open') q = q.where('b.outstanding_fen', '>', 0);
  if (f.status === 'settled') q = q.where('b.outstanding_fen', '=', 0);
  const rows = await q.orderBy('b.account_id').orderBy('b.due_date').execute();
  return book(
    '账单',
    ['房号', '收费项目', '账期', '计费起', '计费止', '应缴日', '应收（元）', '已收（元）', '核销/冲减（元）', '欠费（元）', '说明'],
    rows.map((r) => [r.unit_number ?? r.account_id, r.fee_name ?? r.description ?? r.category, r.period_key, r.cover_start, r.cover_end, r.due_date, yuan(Number(r.amount_fen)), yuan(Number(r.paid_fen)), yuan(Number(r.written_off_fen)), yuan(Number(r.outstanding_fen)), r.description ?? '']),
  );
}

/**
 * Income report (收入汇总) for a project and date range, from the one ledger: receipts booked
 * against bills by fee category (paid services included), prepayments, red entries (negative),
 * deposits received, refunded and deducted. Voided receipts are left out.
 */
export async function incomeReport(db: Db, orgId: string, projectId: string, from: string, to: string) {
  const payments = await db
    .selectFrom('payments')
    .select(['id', 'kind', 'method', 'amount_fen', 'credited_fen', 'reverses_id'])
    .where('org_id', '=', orgId)
    .where('project_id', '=', projectId)
    .where('status', '=', 'valid')
    .where('paid_on', '>=', from)
    .where('paid_on', '<=', to)
    .execute();
  const byCategory: Record<string, number> = {};
  const byMethod: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  let prepaymentFen = 0;
  for (const p of payments) {
    byMethod[p.method] = (byMethod[p.method] ?? 0) + Number(p.amount_fen);
    byKind[p.kind] = (byKind[p.kind] ?? 0) + Number(p.amount_fen);
    if (p.kind === 'payment' || p.kind === 'reversal') prepaymentFen += Number(p.credited_fen);
  }
  const feeIds = payments.filter((p) => p.kind === 'payment' || p.kind === 'reversal').map((p) => p.id);
  for (let i = 0; i < feeIds.length; i += 500) {
    const rows = await db
      .selectFrom('bill_settlements as s')
      .innerJoin('bills as b', 'b.id', 's.bill_id')
      .select(['b.category', 's.fen'])
      .where('s.source', '=', 'payment')
      .where('s.source_id', 'in', feeIds.slice(i, i + 500))
      .execute();
    for (const r of rows) byCategory[r.category] = (byCategory[r.category] ?? 0) + Number(r.fen);
  }
  // Project income (临停费), net of its red entries: a reversal carries the kind of what it reverses.
  const reversedKinds = new Map<string, string>();
  const reversalSources = payments.filter((p) => p.kind === 'reversal' && p.reverses_id).map((p) => p.reverses_id!);
  for (let i = 0; i < reversalSources.length; i += 500) for (const r of await db.selectFrom('payments').select(['id', 'kind']).where('id', 'in', reversalSources.slice(i, i + 500)).execute()) reversedKinds.set(r.id, r.kind);
  const projectIncome: Record<ProjectIncomeKind, number> = { temp_parking: 0 };
  for (const p of payments) {
    const kind = p.kind === 'reversal' && p.reverses_id ? reversedKinds.get(p.reverses_id) : p.kind;
    if ((PROJECT_INCOME_KINDS as readonly string[]).includes(kind ?? '')) projectIncome[kind as ProjectIncomeKind] += Number(p.amount_fen);
  }
  const projectIncomeFen = Object.values(projectIncome).reduce((s, x) => s + x, 0);
  const deposits = await db.selectFrom('deposit_entries').select(['kind', 'amount_fen']).where('org_id', '=', orgId).where('project_id', '=', projectId).where('day', '>=', from).where('day', '<=', to).execute();
  const deposit = { receivedFen: 0, deductedFen: 0, refundedFen: 0 };
  for (const d of deposits) deposit[`${d.kind}Fen` as keyof typeof deposit] += Number(d.amount_fen);
  const feeFen = Object.values(byCategory).reduce((s, x) => s + x, 0);
  return {
    projectId,
    from,
    to,
    fees: { byCategory, totalFen: feeFen, prepaymentFen },
    deposits: deposit,
    // Money of the project itself (temporary parking), not of any house.
    projectIncome: { ...projectIncome, totalFen: projectIncomeFen },
    byMethod,
    byKind,
    // Cash in minus cash out over every channel (what the closes of the range add up to).
    netReceivedFen: Object.values(byMethod).reduce((s, x) => s + x, 0),
    // Income: fees collected, deposits kept and project income; deposits held are owed back, not income.
    incomeFen: feeFen + deposit.deductedFen + projectIncomeFen,
  };
}
