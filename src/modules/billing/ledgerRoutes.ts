/**
 * Bills, accounts, payments and receipts, credit, refunds, write-offs, paid services and late
 * fees. Residents may read their own units' accounts and bills.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { authorize, decide, type Actor } from '../auth/permissions';
import { applyCredit, assessProjectLateFees, billFromOrder, createServiceBill, decideRefund, decideWriteOff, recordPayment, requestRefund, requestWriteOff } from './accounts';
import { agingReport, monthsInArrears, overdueFen } from './core';
import { receiptHtml } from './documents';
import { loadArrears } from './dunning';
import { assertProject, dateStr, decimalStr, dec, idStr, methodEnum, monthStr, positiveFen, projectOfRow, scopedProjects, visibleAccount, who } from './http';
import type { BillTable } from './schema';
import { today } from './store';
import { collectorResolver, loadAssignments } from './collectors';
import { access } from '../auth/access';

const tags = ['billing'];

/** A bill as the API answers it. */
export type BillOut = ReturnType<typeof billOut>;
export function billOut(b: BillTable & { fee_name?: string | null; unit_number?: string | null }) {
  return {
    id: b.id,
    projectId: b.project_id,
    accountId: b.account_id,
    unitId: b.unit_id,
    unitNumber: b.unit_number ?? null,
    spaceId: b.space_id,
    buildingId: b.building_id,
    partyId: b.party_id,
    feeItemId: b.fee_item_id,
    feeName: b.fee_name ?? null,
    category: b.category,
    kind: b.kind,
    periodKey: b.period_key,
    coverStart: b.cover_start,
    coverEnd: b.cover_end,
    accountMonth: b.account_month,
    issuedOn: b.issued_on,
    dueDate: b.due_date,
    grossFen: Number(b.gross_fen),
    discountFen: Number(b.discount_fen),
    amountFen: Number(b.amount_fen),
    paidFen: Number(b.paid_fen),
    writtenOffFen: Number(b.written_off_fen),
    outstandingFen: Number(b.outstanding_fen),
    status: (Number(b.outstanding_fen) === 0 ? 'settled' : Number(b.paid_fen) + Number(b.written_off_fen) > 0 ? 'partly_paid' : 'open') as 'open' | 'partly_paid' | 'settled',
    description: b.description,
    sourceOrderId: b.source_order_id,
    sourceBillId: b.source_bill_id,
  };
}

const approvalOut = (r: any) => ({
  id: r.id,
  projectId: r.project_id,
  accountId: r.account_id,
  billId: r.bill_id ?? undefined,
  amountFen: Number(r.amount_fen),
  method: r.method ?? undefined,
  reference: r.reference ?? undefined,
  reason: r.reason,
  status: r.status,
  requestedBy: r.requested_by,
  requestedOn: r.requested_on,
  decidedBy: r.decided_by,
  decidedOn: r.decided_on,
  decisionNote: r.decision_note,
});

export async function billingLedgerRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;

  const inScope = <Q extends { where: any }>(a: Actor, q: Q, col: string): Q => {
    const pf = scopedProjects(a);
    return pf ? (q.where(col, 'in', pf.length ? pf : ['']) as Q) : q;
  };

  // ---------- bills 账单 ----------
  app.get(
    '/api/billing/bills',
    { config: access('billing.read', 'own', { residents: true }),
      schema: {
        tags,
        summary: '账单列表 Bills',
        querystring: z.object({
          ...pageQuery,
          projectId: idStr.optional(),
          accountId: idStr.optional(),
          buildingId: idStr.optional(),
          feeItemId: idStr.optional(),
          kind: z.enum(['charge', 'late_fee', 'service']).optional(),
          status: z.enum(['open', 'settled']).optional(),
          overdue: z.enum(['1']).optional(),
          month: monthStr.optional(),
          fromMonth: monthStr.optional(),
          toMonth: monthStr.optional(),
          runId: idStr.optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      const f = req.query;
      let q = inScope(
        a,
        db().selectFrom('bills as b').leftJoin('fee_items as fi', 'fi.id', 'b.fee_item_id').leftJoin('units as u', 'u.id', 'b.unit_id').selectAll('b').select(['fi.name as fee_name', 'u.number as unit_number']).where('b.org_id', '=', a.orgId),
        'b.project_id',
      );
      if (a.role === 'resident') q = q.where('b.unit_id', 'in', a.unitIds.length ? a.unitIds : ['']);
      if (f.projectId) q = q.where('b.project_id', '=', f.projectId);
      if (f.accountId) q = q.where('b.account_id', '=', f.accountId);
      if (f.buildingId) q = q.where('b.building_id', '=', f.buildingId);
      if (f.feeItemId) q = q.where('b.fee_item_id', '=', f.feeItemId);
      if (f.kind) q = q.where('b.kind', '=', f.kind);
      if (f.status === 'open') q = q.where('b.outstanding_fen', '>', 0);
      if (f.status === 'settled') q = q.where('b.outstanding_fen', '=', 0);
      if (f.overdue) q = q.where('b.outstanding_fen', '>', 0).where('b.due_date', '<', today());
      if (f.month) q = q.where('b.account_month', '=', f.month);
      if (f.fromMonth) q = q.where('b.account_month', '>=', f.fromMonth);
      if (f.toMonth) q = q.where('b.account_month', '<=', f.toMonth);
      if (f.runId) q = q.where('b.run_id', '=', f.runId);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('b.due_date', 'desc').orderBy('b.id'), billOut);
    },
  );

  app.get('/api/billing/bills/:id', { config: access('billing.read', 'own', { residents: true }), schema: { tags, summary: '账单详情（计费依据、收款分配、核销）Bill with its basis and settlements', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    const b = await db().selectFrom('bills as b').leftJoin('fee_items as fi', 'fi.id', 'b.fee_item_id').leftJoin('units as u', 'u.id', 'b.unit_id').selectAll('b').select(['fi.name as fee_name', 'u.number as unit_number']).where('b.id', '=', req.params.id).where('b.org_id', '=', a.orgId).executeTakeFirst();
    if (!b) throw notFound('what.bill');
    await visibleAccount(db(), a, b.account_id, 'billing.read');
    const settlements = await db().selectFrom('bill_settlements').selectAll().where('bill_id', '=', b.id).orderBy('created_at').execute();
    const receipts = await db().selectFrom('payments').select(['id', 'receipt_no']).where('id', 'in', settlements.filter((s) => s.source === 'payment').map((s) => s.source_id).concat([''])).execute();
    const receiptOf = new Map(receipts.map((r) => [r.id, r.receipt_no]));
    const writeOffs = await db().selectFrom('write_offs').selectAll().where('bill_id', '=', b.id).orderBy('created_at').execute();
    return {
      ...billOut(b),
      basis: b.basis_json ? JSON.parse(b.basis_json) : null,
      discounts: b.discounts_json ? JSON.parse(b.discounts_json) : [],
      settlements: settlements.map((s) => ({ source: s.source, sourceId: s.source_id, receiptNo: receiptOf.get(s.source_id) ?? null, date: s.settled_on, fen: Number(s.fen) })),
      writeOffs: writeOffs.map(approvalOut),
    };
  });

  // ---------- accounts 房屋账户 ----------
  app.get(
    '/api/billing/accounts/:id',
    { config: access('billing.read', 'own', { residents: true }), schema: { tags, summary: '房屋账户：欠费、预存、账龄、近期收款 Account of a unit', params: idParam, querystring: z.object({ asOf: dateStr.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      const info = await visibleAccount(db(), a, req.params.id, 'billing.read');
      const asOf = req.query.asOf ?? today();
      const acc = await db().selectFrom('billing_accounts').select(['credit_fen']).where('id', '=', info.id).executeTakeFirst();
      const open = await db().selectFrom('bills as b').leftJoin('fee_items as fi', 'fi.id', 'b.fee_item_id').selectAll('b').select('fi.name as fee_name').where('b.account_id', '=', info.id).where('b.outstanding_fen', '>', 0).orderBy('b.due_date').execute();
      const items = open.map((b) => ({ billId: b.id, dueDate: b.due_date, outstandingFen: Number(b.outstanding_fen), coverStart: b.cover_start, coverEnd: b.cover_end }));
      const totals = await db()
        .selectFrom('bills')
        .select((eb) => [eb.fn.sum<number>('amount_fen').as('billed'), eb.fn.sum<number>('paid_fen').as('paid'), eb.fn.sum<number>('written_off_fen').as('written_off')])
        .where('account_id', '=', info.id)
        .executeTakeFirst();
      const payments = await db().selectFrom('payments').selectAll().where('account_id', '=', info.id).orderBy('received_at', 'desc').limit(20).execute();
      const dunning = await db().selectFrom('dunning_cases').selectAll().where('account_id', '=', info.id).where('status', '=', 'open').executeTakeFirst();
      const occupants = await db().selectFrom('fee_liabilities as l').innerJoin('parties as p', 'p.id', 'l.party_id').select(['l.id', 'l.party_id', 'p.name', 'l.role', 'l.start_date', 'l.end_date', 'l.target_id', 'l.target_kind']).where('l.account_id', '=', info.id).orderBy('l.start_date').execute();
      const collector = collectorResolver(await loadAssignments(db(), a.orgId, info.projectId))({ projectId: info.projectId, buildingId: info.buildingId, unitId: info.unitId });
      const visibleOccupants = a.role === 'resident' ? occupants.filter((o) => o.party_id === a.partyId) : occupants;
      return {
        accountId: info.id,
        projectId: info.projectId,
        unitId: info.unitId,
        label: info.label,
        asOf,
        creditFen: Number(acc?.credit_fen ?? 0),
        billedFen: Number(totals?.billed ?? 0),
        paidFen: Number(totals?.paid ?? 0),
        writtenOffFen: Number(totals?.written_off ?? 0),
        outstandingFen: items.reduce((s, i) => s + i.outstandingFen, 0),
        overdueFen: overdueFen(items, asOf),
        monthsInArrears: monthsInArrears(items, asOf),
        aging: agingReport(items, asOf).buckets.map((b) => ({ label: b.label, fen: b.fen, count: b.count })),
        collectorId: collector,
        openBills: open.map(billOut),
        payments: payments.map(paymentOut),
        liabilities: visibleOccupants.map((o) => ({ id: o.id, partyId: o.party_id, partyName: o.name, role: o.role, startDate: o.start_date, endDate: o.end_date, targetId: o.target_id, targetKind: o.target_kind })),
        dunningCase: dunning && a.role !== 'resident' ? { id: dunning.id, enteredOn: dunning.entered_on, decision: dunning.decision, nextStep: dunning.next_step_code, nextDueOn: dunning.next_due_on } : null,
      };
    },
  );

  app.post('/api/billing/accounts/:id/apply-credit', { config: access('billing.write', 'project'), schema: { tags, summary: '预存款抵扣欠费 Apply the credit balance to open bills', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.write');
    const info = await visibleAccount(db(), a, req.params.id, 'billing.write');
    return applyCredit(ctx(), who(a), info.id);
  });

  app.get(
    '/api/billing/arrears',
    { config: access('billing.read', 'project'),
      schema: {
        tags,
        summary: '欠费户清单 Accounts in arrears',
        querystring: z.object({ ...pageQuery, projectId: idStr, buildingId: idStr.optional(), collectorId: idStr.optional(), minMonths: z.coerce.number().int().min(0).max(120).default(1), asOf: dateStr.optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      const f = req.query;
      await assertProject(db(), a, f.projectId, 'billing.read');
      const asOf = f.asOf ?? today();
      const arrears = await loadArrears(db(), a.orgId, { projectId: f.projectId });
      const collector = collectorResolver(await loadAssignments(db(), a.orgId, f.projectId));
      let list = [...arrears.values()]
        .map((acc) => ({
          accountId: acc.accountId,
          unitId: acc.unitId,
          buildingId: acc.buildingId,
          partyId: acc.partyId,
          collectorId: collector({ projectId: acc.projectId, buildingId: acc.buildingId, unitId: acc.unitId }),
          outstandingFen: acc.items.reduce((s, i) => s + i.outstandingFen, 0),
          overdueFen: overdueFen(acc.items, asOf),
          monthsInArrears: monthsInArrears(acc.items, asOf),
          oldestDueDate: acc.items.reduce((m, i) => (i.dueDate < m ? i.dueDate : m), '9999-12-31'),
        }))
        .filter((x) => x.monthsInArrears >= f.minMonths && x.overdueFen > 0);
      if (f.buildingId) list = list.filter((x) => x.buildingId === f.buildingId);
      if (f.collectorId) list = list.filter((x) => x.collectorId === f.collectorId);
      list.sort((x, y) => y.overdueFen - x.overdueFen || (x.accountId < y.accountId ? -1 : 1));
      const page = list.slice((f.page - 1) * f.pageSize, f.page * f.pageSize);
      const ids = page.map((p) => p.unitId).filter((x): x is string => !!x);
      const units = ids.length ? await db().selectFrom('units').select(['id', 'number']).where('id', 'in', ids).execute() : [];
      const partyIds = page.map((p) => p.partyId).filter((x): x is string => !!x);
      const parties = partyIds.length ? await db().selectFrom('parties').select(['id', 'name']).where('id', 'in', partyIds).execute() : [];
      const unitNo = new Map(units.map((u) => [u.id, u.number]));
      const partyName = new Map(parties.map((p) => [p.id, p.name]));
      return {
        items: page.map((p) => ({ ...p, unitNumber: p.unitId ? (unitNo.get(p.unitId) ?? null) : null, partyName: p.partyId ? (partyName.get(p.partyId) ?? null) : null })),
        total: list.length,
        totalOverdueFen: list.reduce((s, x) => s + x.overdueFen, 0),
        page: f.page,
        pageSize: f.pageSize,
      };
    },
  );

  // ---------- payments 收款 ----------
  function paymentOut(p: any) {
    return {
      id: p.id,
      projectId: p.project_id,
      accountId: p.account_id,
      receiptNo: p.receipt_no,
      paidOn: p.paid_on,
      receivedAt: p.received_at,
      amountFen: Number(p.amount_fen),
      allocatedFen: Number(p.allocated_fen),
      creditedFen: Number(p.credited_fen),
      method: p.method,
      reference: p.reference,
      payerName: p.payer_name,
      partyId: p.party_id,
      note: p.note,
      collectorId: p.collector_id,
      // Corrections (issue 12): payment | reversal | deposit | deposit_refund; valid | voided; the links both ways.
      kind: p.kind,
      status: p.status,
      reversesId: p.reverses_id,
      reversedById: p.reversed_by_id,
      reappliedFromId: p.reapplied_from_id,
      reprintCount: Number(p.reprint_count ?? 0),
    };
  }

  app.post(
    '/api/billing/payments',
    { config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '收款（先冲最早的欠费，余额转预存；微信/支付宝/转账须填交易流水号）Take a payment',
        body: z.object({
          accountId: idStr,
          amountFen: positiveFen,
          method: methodEnum,
          reference: z.string().trim().max(64).nullish(),
          paidOn: dateStr.optional(),
          billIds: z.array(idStr).min(1).max(500).optional(),
          partyId: idStr.nullish(),
          payerName: z.string().trim().max(80).nullish(),
          note: z.string().max(500).nullish(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const info = await visibleAccount(db(), a, req.body.accountId, 'billing.write');
      const r = await recordPayment(ctx(), who(a), { ...req.body, accountId: info.id });
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/billing/payments',
    { config: access('billing.read', 'own', { residents: true }), schema: { tags, summary: '收款记录 Payments', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), accountId: idStr.optional(), method: methodEnum.optional(), collectorId: idStr.optional(), from: dateStr.optional(), to: dateStr.optional(), receiptNo: z.string().max(30).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      const f = req.query;
      let q = inScope(a, db().selectFrom('payments').selectAll().where('org_id', '=', a.orgId), 'project_id');
      if (a.role === 'resident') q = q.where('account_id', 'in', a.unitIds.length ? a.unitIds : ['']);
      if (f.projectId) q = q.where('project_id', '=', f.projectId);
      if (f.accountId) q = q.where('account_id', '=', f.accountId);
      if (f.method) q = q.where('method', '=', f.method);
      if (f.collectorId) q = q.where('collector_id', '=', f.collectorId);
      if (f.from) q = q.where('paid_on', '>=', f.from);
      if (f.to) q = q.where('paid_on', '<=', f.to);
      if (f.receiptNo) q = q.where('receipt_no', '=', f.receiptNo);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('received_at', 'desc').orderBy('id'), paymentOut);
    },
  );

  async function loadPayment(a: Actor, id: string) {
    const p = await db().selectFrom('payments').selectAll().where('id', '=', id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!p) throw notFound('what.payment');
    await visibleAccount(db(), a, p.account_id, 'billing.read');
    const allocations = await db()
      .selectFrom('bill_settlements as s')
      .innerJoin('bills as b', 'b.id', 's.bill_id')
      .leftJoin('fee_items as fi', 'fi.id', 'b.fee_item_id')
      .select(['s.bill_id', 's.fen', 'b.period_key', 'b.category', 'b.description', 'fi.name as fee_name'])
      .where('s.source_id', '=', p.id)
      .where('s.source', '=', 'payment')
      .orderBy('b.due_date')
      .execute();
    return { p, allocations };
  }

  app.get('/api/billing/payments/:id', { config: access('billing.read', 'own', { residents: true }), schema: { tags, summary: '收款详情与分配 Payment with its allocation', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    const { p, allocations } = await loadPayment(a, req.params.id);
    return { ...paymentOut(p), allocations: allocations.map((x) => ({ billId: x.bill_id, fen: Number(x.fen), periodKey: x.period_key, feeName: x.fee_name ?? x.description ?? x.category })) };
  });

  app.get('/api/billing/payments/:id/receipt.html', { config: access('billing.read', 'own', { residents: true }), schema: { tags, summary: '打印收据（HTML）Printable receipt', params: idParam } }, async (req, reply) => {
    const a = authorize(req.actor, 'billing.read');
    const { p, allocations } = await loadPayment(a, req.params.id);
    const org = await db().selectFrom('organisations').select('name').where('id', '=', a.orgId).executeTakeFirst();
    const project = await db().selectFrom('projects').select('name').where('id', '=', p.project_id).executeTakeFirst();
    const unit = await db().selectFrom('units').innerJoin('buildings', 'buildings.id', 'units.building_id').select(['units.number', 'buildings.name']).where('units.id', '=', p.account_id).executeTakeFirst();
    const collector = p.collector_id ? await db().selectFrom('users').select('display_name').where('id', '=', p.collector_id).executeTakeFirst() : undefined;
    const html = receiptHtml({
      receiptNo: p.receipt_no,
      companyName: org?.name ?? '',
      projectName: project?.name ?? '',
      accountLabel: unit ? `${unit.name} ${unit.number}` : p.account_id,
      payerName: p.payer_name,
      paidOn: p.paid_on,
      method: p.method,
      reference: p.reference,
      amountFen: Number(p.amount_fen),
      creditedFen: Number(p.credited_fen),
      lines: allocations.map((x) => ({ description: `${x.fee_name ?? x.description ?? x.category} ${x.period_key}`, fen: Number(x.fen) })),
      collectorName: collector?.display_name ?? null,
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });

  // ---------- refunds 退款 ----------
  app.post(
    '/api/billing/refunds',
    { config: access('billing.write', 'project'), schema: { tags, summary: '申请退预存款（须他人审批）Request a refund of credit', body: z.object({ accountId: idStr, amountFen: positiveFen, method: methodEnum, reference: z.string().trim().max(64).nullish(), reason: z.string().trim().min(1).max(500) }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const info = await visibleAccount(db(), a, req.body.accountId, 'billing.write');
      return reply.status(201).send(await requestRefund(ctx(), who(a), { ...req.body, accountId: info.id }));
    },
  );
  app.get('/api/billing/refunds', { config: access('billing.read', 'project'), schema: { tags, summary: '退款申请 Refund requests', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), status: z.enum(['pending', 'approved', 'rejected']).optional(), accountId: idStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    let q = inScope(a, db().selectFrom('refunds').selectAll().where('org_id', '=', a.orgId), 'project_id');
    if (a.role === 'resident') q = q.where('account_id', 'in', a.unitIds.length ? a.unitIds : ['']);
    if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
    if (req.query.status) q = q.where('status', '=', req.query.status);
    if (req.query.accountId) q = q.where('account_id', '=', req.query.accountId);
    return paginate(q, req.query.page, req.query.pageSize, (x) => x.orderBy('created_at', 'desc'), approvalOut);
  });
  app.post('/api/billing/refunds/:id/decide', { config: access('billing.approve', 'project'), schema: { tags, summary: '审批退款（申请人不能审批自己的申请）Decide a refund', params: idParam, body: z.object({ approve: z.boolean(), note: z.string().max(500).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    await projectOfRow(db(), a, 'refunds', req.params.id, 'what.refund', 'billing.approve');
    return decideRefund(ctx(), who(a), req.params.id, req.body.approve, req.body.note);
  });

  // ---------- write-offs 核销/减免 ----------
  app.post(
    '/api/billing/write-offs',
    { config: access('billing.write', 'project'), schema: { tags, summary: '申请核销/减免（须他人审批）Request a write-off', body: z.object({ billId: idStr, amountFen: positiveFen, reason: z.string().trim().min(1).max(500) }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      await projectOfRow(db(), a, 'bills', req.body.billId, 'what.bill', 'billing.write');
      return reply.status(201).send(await requestWriteOff(ctx(), who(a), req.body));
    },
  );
  app.get('/api/billing/write-offs', { config: access('billing.read', 'project'), schema: { tags, summary: '核销申请 Write-off requests', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), status: z.enum(['pending', 'approved', 'rejected']).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    let q = inScope(a, db().selectFrom('write_offs').selectAll().where('org_id', '=', a.orgId), 'project_id');
    if (a.role === 'resident') q = q.where('account_id', 'in', a.unitIds.length ? a.unitIds : ['']);
    if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
    if (req.query.status) q = q.where('status', '=', req.query.status);
    return paginate(q, req.query.page, req.query.pageSize, (x) => x.orderBy('created_at', 'desc'), approvalOut);
  });
  app.post('/api/billing/write-offs/:id/decide', { config: access('billing.approve', 'project'), schema: { tags, summary: '审批核销（申请人不能审批自己的申请）Decide a write-off', params: idParam, body: z.object({ approve: z.boolean(), note: z.string().max(500).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    await projectOfRow(db(), a, 'write_offs', req.params.id, 'what.write_off', 'billing.read');
    // The core decides (it also refuses self-approval); the auth layer only says who holds the right.
    return decideWriteOff(ctx(), who(a), req.params.id, { approve: req.body.approve, canApprove: decide(a, 'billing.approve').allowed, note: req.body.note });
  });

  // ---------- paid services 有偿服务 ----------
  app.post(
    '/api/billing/service-bills',
    { config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '有偿服务收费单（逐项四舍五入后合计）One-off paid service bill',
        body: z.object({
          accountId: idStr,
          partyId: idStr.nullish(),
          feeItemId: idStr.nullish(),
          description: z.string().trim().min(1).max(200),
          items: z.array(z.object({ description: z.string().trim().min(1).max(100), quantity: decimalStr(4), unitPriceFen: decimalStr(4) })).min(1).max(50),
          dueDays: z.number().int().min(0).max(90).default(0),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const info = await visibleAccount(db(), a, req.body.accountId, 'billing.write');
      const b = req.body;
      const r = await db()
        .transaction()
        .execute((trx) =>
          createServiceBill(ctx(), trx, who(a), { accountId: info.id, partyId: b.partyId, feeItemId: b.feeItemId, description: b.description, dueDays: b.dueDays, items: b.items.map((i) => ({ description: i.description, quantity: dec(i.quantity), unitPriceFen: dec(i.unitPriceFen) })) }),
        );
      return reply.status(201).send(billOut(r.bill));
    },
  );

  app.post(
    '/api/billing/service-bills/from-order/:id',
    { config: access('billing.write', 'project'), schema: { tags, summary: '有偿维修工单生成账单（重复调用返回同一账单；结清后工单自动确认收款）Bill a paid repair order', params: idParam } },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const order = await db().selectFrom('work_orders').select(['project_id']).where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!order) throw notFound('what.order');
      authorize(a, 'billing.write', { projectId: order.project_id });
      const r = await billFromOrder(ctx(), a, req.params.id);
      return reply.status(r.created ? 201 : 200).send(billOut(r.bill));
    },
  );

  // ---------- late fees 滞纳金 ----------
  app.post(
    '/api/billing/late-fees/assess',
    { config: access('billing.write', 'project'), schema: { tags, summary: '计收滞纳金（按项目规则；同日重复计收不重复生成）Assess late fees', body: z.object({ projectId: idStr, asOf: dateStr.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.write');
      await assertProject(db(), a, req.body.projectId, 'billing.write');
      return assessProjectLateFees(ctx(), who(a), req.body.projectId, req.body.asOf ?? today());
    },
  );
}
