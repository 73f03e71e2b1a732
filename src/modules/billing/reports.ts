/**
 * Collection reports (收费率报表) and aging (账龄) on the store: load receivables with what was
 * received against them, hand them to the core (DESIGN.md §4 definitions), label the groups,
 * export XLSX.
 */
import ExcelJS from 'exceljs';
import {
  agingReport,
  collectionReport,
  DEFAULT_AGING_BUCKETS,
  type CollectionDimension,
  type CollectionPlan,
  type CollectionRow,
  type ReceivableRecord,
} from './core';
import { collectorResolver, loadAssignments } from './collectors';
import { guarded, type Db } from './store';

export interface ReceivableFilter {
  projectIds: readonly string[];
  fromMonth?: string;
  toMonth?: string;
  buildingId?: string;
  feeItemId?: string;
  includeLateFees?: boolean;
}

/** Bills of the period as the core's receivable records (late fees left out unless asked for). */
export async function loadReceivables(db: Db, orgId: string, f: ReceivableFilter): Promise<ReceivableRecord[]> {
  if (!f.projectIds.length) return [];
  let q = db
    .selectFrom('bills')
    .select(['id', 'unit_id', 'space_id', 'account_id', 'project_id', 'phase_id', 'building_id', 'fee_item_id', 'category', 'kind', 'account_month', 'amount_fen'])
    .where('org_id', '=', orgId)
    .where('project_id', 'in', f.projectIds);
  if (f.fromMonth) q = q.where('account_month', '>=', f.fromMonth);
  if (f.toMonth) q = q.where('account_month', '<=', f.toMonth);
  if (f.buildingId) q = q.where('building_id', '=', f.buildingId);
  if (f.feeItemId) q = q.where('fee_item_id', '=', f.feeItemId);
  if (!f.includeLateFees) q = q.where('kind', '!=', 'late_fee');
  const bills = await q.execute();

  let s = db
    .selectFrom('bill_settlements as s')
    .innerJoin('bills as b', 'b.id', 's.bill_id')
    .select(['s.bill_id', 's.source', 's.settled_on', 's.fen'])
    .where('b.org_id', '=', orgId)
    .where('b.project_id', 'in', f.projectIds);
  if (f.fromMonth) s = s.where('b.account_month', '>=', f.fromMonth);
  if (f.toMonth) s = s.where('b.account_month', '<=', f.toMonth);
  if (f.buildingId) s = s.where('b.building_id', '=', f.buildingId);
  if (f.feeItemId) s = s.where('b.fee_item_id', '=', f.feeItemId);
  const receipts = new Map<string, { date: string; fen: number }[]>();
  const writeOffs = new Map<string, { date: string; fen: number }[]>();
  for (const r of await s.execute()) {
    const target = r.source === 'write_off' ? writeOffs : receipts;
    let list = target.get(r.bill_id);
    if (!list) target.set(r.bill_id, (list = []));
    list.push({ date: r.settled_on, fen: Number(r.fen) });
  }
  const collector = collectorResolver(await loadAssignments(db, orgId));
  return bills.map((b) => ({
    billId: b.id,
    // Households are counted by account (the house), so a parking space counts with its flat.
    unitId: b.account_id,
    projectId: b.project_id,
    phaseId: b.phase_id ?? undefined,
    buildingId: b.building_id ?? undefined,
    collectorId: collector({ projectId: b.project_id, buildingId: b.building_id, unitId: b.unit_id }) ?? undefined,
    feeItemId: b.fee_item_id ?? b.category,
    month: b.account_month,
    amountFen: Number(b.amount_fen),
    receipts: receipts.get(b.id) ?? [],
    writeOffs: writeOffs.get(b.id),
  }));
}

export async function loadPlans(db: Db, orgId: string, projectIds: readonly string[]): Promise<CollectionPlan[]> {
  if (!projectIds.length) return [];
  const rows = await db.selectFrom('collection_plans').selectAll().where('org_id', '=', orgId).where('project_id', 'in', projectIds).execute();
  return rows.map((p) => ({
    group: {
      projectId: p.project_id,
      ...(p.month ? { month: p.month } : {}),
      ...(p.phase_id ? { phaseId: p.phase_id } : {}),
      ...(p.building_id ? { buildingId: p.building_id } : {}),
      ...(p.collector_id ? { collectorId: p.collector_id } : {}),
      ...(p.fee_item_id ? { feeItemId: p.fee_item_id } : {}),
    },
    ...(p.target_rate !== null ? { targetRate: p.target_rate } : {}),
    ...(p.planned_fen !== null ? { plannedFen: Number(p.planned_fen) } : {}),
  }));
}

export interface LabelledRow extends CollectionRow {
  labels: Partial<Record<CollectionDimension, string>>;
}

export interface CollectionReportResult {
  groupBy: CollectionDimension[];
  cutoff: string | null;
  fromMonth: string | null;
  toMonth: string | null;
  rows: LabelledRow[];
  total: CollectionRow;
}

/** Names for the ids in the report's groups. */
async function labeller(db: Db, orgId: string) {
  const [projects, phases, buildings, users, items] = await Promise.all([
    db.selectFrom('projects').select(['id', 'name']).where('org_id', '=', orgId).execute(),
    db.selectFrom('phases').select(['id', 'name']).where('org_id', '=', orgId).execute(),
    db.selectFrom('buildings').select(['id', 'name']).where('org_id', '=', orgId).execute(),
    db.selectFrom('users').select(['id', 'display_name as name']).where('org_id', '=', orgId).execute(),
    db.selectFrom('fee_items').select(['id', 'name']).where('org_id', '=', orgId).execute(),
  ]);
  const maps: Record<CollectionDimension, Map<string, string>> = {
    projectId: new Map(projects.map((x) => [x.id, x.name])),
    phaseId: new Map(phases.map((x) => [x.id, x.name])),
    buildingId: new Map(buildings.map((x) => [x.id, x.name])),
    collectorId: new Map(users.map((x) => [x.id, x.name])),
    feeItemId: new Map([...items.map((x) => [x.id, x.name] as [string, string]), ['service', '有偿服务'], ['late_fee', '滞纳金']]),
    month: new Map(),
  };
  return (dim: CollectionDimension, id: string | undefined): string => {
    if (!id) return dim === 'collectorId' ? '（未分配）' : '—';
    return dim === 'month' ? id : (maps[dim].get(id) ?? id);
  };
}

export async function collectionReportFor(
  db: Db,
  orgId: string,
  opts: ReceivableFilter & { groupBy: CollectionDimension[]; cutoff?: string; writeOffs?: 'exclude' | 'keep' },
): Promise<CollectionReportResult> {
  const records = await loadReceivables(db, orgId, opts);
  const plans = await loadPlans(db, orgId, opts.projectIds);
  const report = await guarded(() => collectionReport(records, { groupBy: opts.groupBy, cutoff: opts.cutoff, fromMonth: opts.fromMonth, toMonth: opts.toMonth, writeOffs: opts.writeOffs, plans }));
  const label = await labeller(db, orgId);
  return {
    groupBy: opts.groupBy,
    cutoff: opts.cutoff ?? null,
    fromMonth: opts.fromMonth ?? null,
    toMonth: opts.toMonth ?? null,
    // Sorted by what people read (building names, months), not by opaque ids.
    rows: report.rows
      .map((r) => ({ ...r, labels: Object.fromEntries(opts.groupBy.map((d) => [d, label(d, r.group[d])])) as Partial<Record<CollectionDimension, string>> }))
      .sort((a, b) => {
        for (const d of opts.groupBy) {
          const c = (a.labels[d] ?? '').localeCompare(b.labels[d] ?? '', 'zh-CN', { numeric: true });
          if (c) return c;
        }
        return 0;
      }),
    total: report.total,
  };
}

const DIM_TITLES: Record<CollectionDimension, string> = { projectId: '项目', phaseId: '分期', buildingId: '楼栋', collectorId: '收费员', feeItemId: '收费项目', month: '月份' };

/** The report as an XLSX workbook: one sheet, a header row, one row per group and a total. */
export async function collectionXlsx(r: CollectionReportResult, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shouwen 首问';
  const ws = wb.addWorksheet('收费率');
  const withPlan = r.rows.some((x) => x.plan);
  ws.addRow([title]);
  ws.addRow([`账期 ${r.fromMonth ?? '—'} 至 ${r.toMonth ?? '—'}，实收截至 ${r.cutoff ?? '报表生成时'}；收费率 = 实收 ÷ 应收；户收费率 = (应收户数 − 欠费户数) ÷ 应收户数`]);
  const headers = [...r.groupBy.map((d) => DIM_TITLES[d]), '应收（元）', '实收（元）', '核销（元）', '欠费（元）', '收费率', '应收户数', '欠费户数', '户收费率'];
  if (withPlan) headers.push('目标收费率', '差距', '计划收款（元）', '完成差额（元）');
  const head = ws.addRow(headers);
  head.font = { bold: true };
  const yuan = (fen: number) => fen / 100;
  const line = (row: CollectionRow, labels: string[]) => {
    const cells: (string | number | null)[] = [...labels, yuan(row.receivableFen), yuan(row.receivedFen), yuan(row.writtenOffFen), yuan(row.outstandingFen), row.rate, row.unitsBilled, row.unitsInArrears, row.householdRate];
    if (withPlan) cells.push(row.plan?.targetRate ?? null, row.plan?.rateGap ?? null, row.plan?.plannedFen !== undefined ? yuan(row.plan.plannedFen) : null, row.plan?.amountGapFen !== undefined ? yuan(row.plan.amountGapFen) : null);
    return ws.addRow(cells);
  };
  for (const row of r.rows) line(row, r.groupBy.map((d) => row.labels[d] ?? ''));
  const total = line(r.total, r.groupBy.map((_, i) => (i === 0 ? '合计' : '')));
  total.font = { bold: true };
  const n = r.groupBy.length;
  for (const c of [n + 1, n + 2, n + 3, n + 4]) ws.getColumn(c).numFmt = '#,##0.00';
  for (const c of [n + 5, n + 8]) ws.getColumn(c).numFmt = '0.00%';
  if (withPlan) {
    ws.getColumn(n + 9).numFmt = '0.00%';
    ws.getColumn(n + 10).numFmt = '0.00%';
    ws.getColumn(n + 11).numFmt = '#,##0.00';
    ws.getColumn(n + 12).numFmt = '#,##0.00';
  }
  ws.columns.forEach((c, i) => (c.width = i < n ? 14 : 13));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Aging of what is outstanding as of a date, per building (or for the project). */
export async function agingFor(db: Db, orgId: string, projectId: string, asOf: string, by: 'project' | 'building') {
  const rows = await db
    .selectFrom('bills')
    .select(['id', 'building_id', 'due_date', 'outstanding_fen', 'cover_start', 'cover_end'])
    .where('org_id', '=', orgId)
    .where('project_id', '=', projectId)
    .where('outstanding_fen', '>', 0)
    .execute();
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = by === 'building' ? (r.building_id ?? '') : projectId;
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(r);
  }
  const label = await labeller(db, orgId);
  const out = [...groups.entries()].map(([k, list]) => ({
    groupId: k,
    label: by === 'building' ? label('buildingId', k || undefined) : label('projectId', k),
    ...agingReport(
      list.map((r) => ({ billId: r.id, dueDate: r.due_date, outstandingFen: Number(r.outstanding_fen) })),
      asOf,
    ),
  }));
  out.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }));
  const total = agingReport(rows.map((r) => ({ billId: r.id, dueDate: r.due_date, outstandingFen: Number(r.outstanding_fen) })), asOf);
  return { asOf, buckets: DEFAULT_AGING_BUCKETS.map((b) => b.label), groups: out.map((g) => ({ ...g, buckets: g.buckets.map((b) => ({ label: b.label, fen: b.fen, count: b.count })) })), total: { ...total, buckets: total.buckets.map((b) => ({ label: b.label, fen: b.fen, count: b.count })) } };
}
