/**
 * The cashier's desk: corrections (void, red reversal, re-apply, bill cancellation, credit
 * note), receipt trail and reprints, daily close and the manager's summary, receipt-number
 * settings, XLSX exports and the income report, desk sales of paid services.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { access } from '../auth/access';
import { authorize, hasPermission, type Actor } from '../auth/permissions';
import { createServiceBill, recordPayment } from './accounts';
import { closeDay, closeHtml, closeOut, closeXlsx, dayEntries, daySummary, figures } from './cashierClose';
// PDFs are Chromium's rendering of the print-ready HTML; the reports module owns the browser (503 when Chromium is missing).
import { chromiumAvailable, chromiumPath, htmlToPdf } from '../reports/render/browser';
import { correctionOut, decideCorrection, reapplyReversed, receiptTrail, recordReprint, requestCorrection } from './corrections';
import { receiptHtml } from './documents';
import { arrearsXlsx, billsXlsx, incomeReport, paymentsXlsx } from './exports';
import { assertProject, dateStr, dec, decimalStr, idStr, methodEnum, monthStr, positiveFen, projectOfRow, scopedProjects, visibleAccount, who } from './http';
import { cashierSettings, saveCashierSettings } from './receiptNumbers';
import { draftNotices, issueNotices, noticesDocx, noticesHtml } from './notices';
import type { NoticeDoc } from './documents';
import { today } from './store';

const tags = ['billing'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fenCount = z.number().int().min(0).max(10_000_000_000);

export async function billingCashierRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;

  /** The projects of a list or export: the one asked for (checked), else all the actor may see. */
  async function projectsFor(a: Actor, projectId: string | undefined, perm: 'billing.read' | 'billing.write' | 'ledgers.write'): Promise<string[]> {
    if (projectId) {
      await assertProject(db(), a, projectId, perm);
      return [projectId];
    }
    const pf = scopedProjects(a);
    if (pf) return [...pf];
    return (await db().selectFrom('projects').select('id').where('org_id', '=', a.orgId).execute()).map((p) => p.id);
  }
  const sendXlsx = (reply: any, name: string, buf: Buffer) => reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).send(buf);

  // ---------- settings ----------
  app.get('/api/billing/projects/:id/cashier-settings', { config: access('billing.read', 'project'), schema: { tags, summary: '收据号规则与更正审批金额 Receipt pattern and approval threshold', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    await assertProject(db(), a, req.params.id, 'billing.read');
    return cashierSettings(db(), req.params.id);
  });
  app.put(
    '/api/billing/projects/:id/cashier-settings',
    { config: access('billing.approve', 'project'), schema: { tags, summary: '设置收据号规则（如 {prefix}{yyyyMMdd}{seq:6}）、更正审批金额、缴费通知单二维码模板（如 https://pay.example.cn/wy?ref={noticeNo}）Set receipt pattern, threshold and notice payment QR', params: idParam, body: z.object({ receiptPattern: z.string().trim().min(1).max(40), approvalThresholdFen: fenCount, paymentQrTemplate: z.string().trim().max(300).nullish(), paymentQrCaption: z.string().trim().max(60).nullish() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.approve');
      await assertProject(db(), a, req.params.id, 'billing.approve');
      await saveCashierSettings(db(), a.orgId, req.params.id, a.userId, req.body);
      return cashierSettings(db(), req.params.id);
    },
  );

  // ---------- corrections 更正 ----------
  app.post(
    '/api/billing/corrections',
    {
      config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '更正：作废收款（当日、日结前）、冲红、作废账单、红字冲减；超过审批金额须他人审批 Void, reverse, cancel a bill or credit-note it',
        body: z.object({
          kind: z.enum(['void', 'reversal', 'cancel_bill', 'credit_note']),
          paymentId: idStr.optional(),
          billId: idStr.optional(),
          amountFen: positiveFen.optional(),
          reason: z.string().trim().min(1).max(500),
          reapplyAccountId: idStr.nullish(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const b = req.body;
      if (b.paymentId) await projectOfRow(db(), a, 'payments', b.paymentId, 'what.payment', 'billing.write');
      else if (b.billId) await projectOfRow(db(), a, 'bills', b.billId, 'what.bill', 'billing.write');
      if (b.reapplyAccountId) await visibleAccount(db(), a, b.reapplyAccountId, 'billing.write');
      return reply.status(201).send(await requestCorrection(ctx(), who(a), b));
    },
  );
  app.get(
    '/api/billing/corrections',
    { config: access('billing.read', 'project'), schema: { tags, summary: '更正记录 Corrections', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), status: z.enum(['pending', 'applied', 'rejected']).optional(), kind: z.enum(['void', 'reversal', 'cancel_bill', 'credit_note']).optional(), paymentId: idStr.optional(), billId: idStr.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      const f = req.query;
      const projects = await projectsFor(a, f.projectId, 'billing.read');
      let q = db().selectFrom('billing_corrections').selectAll().where('org_id', '=', a.orgId).where('project_id', 'in', projects.length ? projects : ['']);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.kind) q = q.where('kind', '=', f.kind);
      if (f.paymentId) q = q.where('payment_id', '=', f.paymentId);
      if (f.billId) q = q.where('bill_id', '=', f.billId);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('created_at', 'desc').orderBy('id'), correctionOut);
    },
  );
  app.post('/api/billing/corrections/:id/decide', { config: access('billing.approve', 'project'), schema: { tags, summary: '审批更正（申请人不能审批自己的申请）Decide a correction', params: idParam, body: z.object({ approve: z.boolean(), note: z.string().max(500).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    const c = await db().selectFrom('billing_corrections').select('project_id').where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!c) throw notFound('what.correction');
    authorize(a, 'billing.approve', { projectId: c.project_id });
    return decideCorrection(ctx(), who(a), req.params.id, req.body.approve, req.body.note);
  });
  app.post(
    '/api/billing/corrections/:id/reapply',
    { config: access('billing.write', 'project'), schema: { tags, summary: '冲红后重新入账到正确房屋 Re-apply a reversed payment', params: idParam, body: z.object({ accountId: idStr, billIds: z.array(idStr).min(1).max(500).optional() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const c = await db().selectFrom('billing_corrections').select('project_id').where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!c) throw notFound('what.correction');
      authorize(a, 'billing.write', { projectId: c.project_id });
      const info = await visibleAccount(db(), a, req.body.accountId, 'billing.write');
      if (info.projectId !== c.project_id) throw new AppError(400, 'billing.reapply_other_project');
      return reply.status(201).send(await reapplyReversed(ctx(), who(a), req.params.id, info.id, req.body.billIds));
    },
  );

  // ---------- receipt trail and reprint ----------
  app.get('/api/billing/payments/:id/trail', { config: access('billing.read', 'project'), schema: { tags, summary: '收据轨迹：原收据、作废/冲红、重新入账、重打 Receipt trail', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    await projectOfRow(db(), a, 'payments', req.params.id, 'what.payment', 'billing.read');
    return receiptTrail(db(), a.orgId, req.params.id);
  });
  app.get('/api/billing/payments/:id/reprint.html', { config: access('billing.write', 'project'), schema: { tags, summary: '重打收据（标注“重打”与次数，并记录）Reprint a receipt', params: idParam } }, async (req, reply) => {
    const a = authorize(req.actor, 'billing.write');
    await projectOfRow(db(), a, 'payments', req.params.id, 'what.payment', 'billing.write');
    const n = await recordReprint(db(), a.orgId, req.params.id, a.userId);
    const p = await db().selectFrom('payments').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow();
    const allocations = await db()
      .selectFrom('bill_settlements as s')
      .innerJoin('bills as b', 'b.id', 's.bill_id')
      .leftJoin('fee_items as fi', 'fi.id', 'b.fee_item_id')
      .select(['s.fen', 'b.period_key', 'b.category', 'b.description', 'fi.name as fee_name'])
      .where('s.source_id', '=', p.id)
      .where('s.source', '=', 'payment')
      .orderBy('b.due_date')
      .execute();
    const org = await db().selectFrom('organisations').select('name').where('id', '=', a.orgId).executeTakeFirst();
    const project = await db().selectFrom('projects').select('name').where('id', '=', p.project_id).executeTakeFirst();
    const unit = await db().selectFrom('units').innerJoin('buildings', 'buildings.id', 'units.building_id').select(['units.number', 'buildings.name']).where('units.id', '=', p.account_id).executeTakeFirst();
    const collector = p.collector_id ? await db().selectFrom('users').select('display_name').where('id', '=', p.collector_id).executeTakeFirst() : undefined;
    const kindLines: Record<string, string> = { deposit: '押金', deposit_refund: '退还押金', temp_parking: '临时停车费' };
    // A red entry or a refund prints its amounts as figures with a 红字/负数 mark (the amount in words cannot be negative).
    const negative = Number(p.amount_fen) < 0;
    const abs = (fen: number) => Math.abs(Number(fen));
    const html = receiptHtml({
      receiptNo: p.receipt_no,
      companyName: org?.name ?? '',
      projectName: project?.name ?? '',
      accountLabel: unit ? `${unit.name} ${unit.number}` : p.account_id,
      payerName: p.payer_name,
      paidOn: p.paid_on,
      method: p.method,
      reference: p.reference,
      amountFen: abs(p.amount_fen),
      creditedFen: abs(p.credited_fen),
      lines: kindLines[p.kind] ? [{ description: kindLines[p.kind], fen: abs(p.amount_fen) }] : allocations.map((x) => ({ description: `${x.fee_name ?? x.description ?? x.category} ${x.period_key}`, fen: abs(x.fen) })),
      collectorName: collector?.display_name ?? null,
    });
    // The marks an auditor looks for: 重打 with its count, and 作废 / 已冲红 / 冲红 on corrected receipts.
    const marks = [`重打（第 ${n} 次）`];
    if (p.status === 'voided') marks.push('作废');
    if (p.reversed_by_id) marks.push('已冲红');
    if (p.kind === 'reversal') marks.push('冲红');
    if (negative) marks.push(`负数 -${(abs(p.amount_fen) / 100).toFixed(2)} 元`);
    const stamp = `<p class="reprint-mark" style="color:#c00;font-weight:bold;text-align:right">${marks.join('　')}</p>`;
    return reply.type('text/html; charset=utf-8').send(html.replace('<body>', `<body>\n${stamp}`));
  });

  // ---------- daily close 日结 ----------
  const closeQuery = z.object({ projectId: idStr, day: dateStr.optional(), collectorId: idStr.optional() });
  /**
   * Who closes a day: cashiers (billing.write) and the gate and front desk who take temporary
   * parking fees (ledgers.write) — each only their own day; the approval right sees everyone's.
   */
  const CLOSERS = ['billing.write', 'ledgers.write'] as const;
  const closerPerm = (a: Actor) => (hasPermission(a, 'billing.write') ? 'billing.write' : 'ledgers.write');
  /** A cashier closes their own day; closing someone else's needs the approval right. */
  function collectorOf(a: Actor, collectorId: string | undefined): string {
    if (!collectorId || collectorId === a.userId) return a.userId;
    if (!hasPermission(a, 'billing.approve')) throw new AppError(403, 'auth.forbidden');
    return collectorId;
  }
  app.get('/api/billing/cashier-closes/preview', { config: access([...CLOSERS], 'project'), schema: { tags, summary: '日结预览：各渠道应收 What the day should hold, by channel', querystring: closeQuery } }, async (req) => {
    const a = authorize(req.actor, closerPerm(req.actor!));
    await assertProject(db(), a, req.query.projectId, closerPerm(a));
    const collectorId = collectorOf(a, req.query.collectorId);
    const day = req.query.day ?? today();
    const rows = await dayEntries(db(), a.orgId, req.query.projectId, day, collectorId);
    const close = await db().selectFrom('cashier_closes').selectAll().where('org_id', '=', a.orgId).where('project_id', '=', req.query.projectId).where('collector_id', '=', collectorId).where('day', '=', day).executeTakeFirst();
    return { projectId: req.query.projectId, collectorId, day, ...figures(rows), close: close ? closeOut(close) : null };
  });
  app.post(
    '/api/billing/cashier-closes',
    {
      config: access([...CLOSERS], 'project'),
      schema: {
        tags,
        summary: '收费员日结（实点现金与各渠道对账；有差额须说明原因；日结后当日收款不能作废，只能冲红）Close a cashier day',
        body: z.object({
          projectId: idStr,
          day: dateStr.optional(),
          collectorId: idStr.optional(),
          counted: z.object({ cash: fenCount, bank_transfer: fenCount.optional(), wechat_pay: fenCount.optional(), alipay: fenCount.optional(), card: fenCount.optional(), other: fenCount.optional() }),
          reason: z.string().trim().max(500).nullish(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, closerPerm(req.actor!));
      await assertProject(db(), a, req.body.projectId, closerPerm(a));
      const collectorId = collectorOf(a, req.body.collectorId);
      return reply.status(201).send(await closeDay(ctx(), who(a), { ...req.body, collectorId }));
    },
  );
  app.get('/api/billing/cashier-closes', { config: access([...CLOSERS], 'project'), schema: { tags, summary: '日结记录 Cashier closes', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), collectorId: idStr.optional(), from: dateStr.optional(), to: dateStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, closerPerm(req.actor!));
    const f = req.query;
    const projects = await projectsFor(a, f.projectId, closerPerm(a));
    let q = db().selectFrom('cashier_closes').selectAll().where('org_id', '=', a.orgId).where('project_id', 'in', projects.length ? projects : ['']);
    // Cashiers see their own closes; the summary across cashiers is the manager's.
    if (!hasPermission(a, 'billing.approve')) q = q.where('collector_id', '=', a.userId);
    else if (f.collectorId) q = q.where('collector_id', '=', f.collectorId);
    if (f.from) q = q.where('day', '>=', f.from);
    if (f.to) q = q.where('day', '<=', f.to);
    return paginate(q, f.page, f.pageSize, (x) => x.orderBy('day', 'desc').orderBy('id'), closeOut);
  });
  app.get('/api/billing/cashier-closes/summary', { config: access('billing.approve', 'project'), schema: { tags, summary: '收费日报：各收费员各渠道、日结与差额 Daily summary across cashiers', querystring: z.object({ projectId: idStr, day: dateStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    await assertProject(db(), a, req.query.projectId, 'billing.approve');
    return daySummary(db(), a.orgId, req.query.projectId, req.query.day ?? today());
  });
  app.get('/api/billing/cashier-closes/:id/export.xlsx', { config: access([...CLOSERS], 'project'), schema: { tags, summary: '日结单 XLSX Close as XLSX', params: idParam } }, async (req, reply) => {
    const a = authorize(req.actor, closerPerm(req.actor!));
    const c = await db().selectFrom('cashier_closes').select(['project_id', 'collector_id', 'day']).where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!c) throw notFound('what.cashier_close');
    authorize(a, closerPerm(a), { projectId: c.project_id });
    if (c.collector_id !== a.userId && !hasPermission(a, 'billing.approve')) throw new AppError(403, 'auth.forbidden');
    return sendXlsx(reply, `close-${c.day}.xlsx`, await closeXlsx(db(), a.orgId, req.params.id));
  });
  app.get('/api/billing/cashier-closes/:id/export.pdf', { config: access([...CLOSERS], 'project'), schema: { tags, summary: '日结单 PDF（Chromium 由打印版 HTML 生成）Close as PDF', params: idParam } }, async (req, reply) => {
    const a = authorize(req.actor, closerPerm(req.actor!));
    const c = await db().selectFrom('cashier_closes').select(['project_id', 'collector_id', 'day']).where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!c) throw notFound('what.cashier_close');
    authorize(a, closerPerm(a), { projectId: c.project_id });
    if (c.collector_id !== a.userId && !hasPermission(a, 'billing.approve')) throw new AppError(403, 'auth.forbidden');
    const pdf = await htmlToPdf(await closeHtml(db(), a.orgId, req.params.id));
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="close-${c.day}.pdf"`).send(pdf);
  });

  // ---------- exports and income ----------
  app.get('/api/billing/exports/payments.xlsx', { config: access('billing.write', 'project'), schema: { tags, summary: '收款明细导出 XLSX Payments export', querystring: z.object({ projectId: idStr.optional(), from: dateStr.optional(), to: dateStr.optional(), method: methodEnum.optional(), collectorId: idStr.optional() }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'billing.write');
    const projectIds = await projectsFor(a, req.query.projectId, 'billing.write');
    return sendXlsx(reply, 'payments.xlsx', await paymentsXlsx(db(), a.orgId, { ...req.query, projectIds }));
  });
  app.get('/api/billing/exports/arrears.xlsx', { config: access('billing.write', 'project'), schema: { tags, summary: '欠费清单导出（账龄分段、最近催缴步骤）XLSX Arrears export', querystring: z.object({ projectId: idStr, buildingId: idStr.optional(), asOf: dateStr.optional() }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'billing.write');
    await assertProject(db(), a, req.query.projectId, 'billing.write');
    return sendXlsx(reply, 'arrears.xlsx', await arrearsXlsx(db(), a.orgId, req.query.projectId, req.query.asOf ?? today(), req.query.buildingId));
  });
  app.get('/api/billing/exports/bills.xlsx', { config: access('billing.write', 'project'), schema: { tags, summary: '账单导出 XLSX Bills export', querystring: z.object({ projectId: idStr.optional(), buildingId: idStr.optional(), feeItemId: idStr.optional(), fromMonth: monthStr.optional(), toMonth: monthStr.optional(), status: z.enum(['open', 'settled']).optional() }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'billing.write');
    const projectIds = await projectsFor(a, req.query.projectId, 'billing.write');
    return sendXlsx(reply, 'bills.xlsx', await billsXlsx(db(), a.orgId, { ...req.query, projectIds }));
  });
  app.get('/api/billing/reports/income', { config: access('billing.write', 'project'), schema: { tags, summary: '收入汇总：收费、有偿服务、预存、冲红、押金 Income report', querystring: z.object({ projectId: idStr, from: dateStr, to: dateStr }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.write');
    await assertProject(db(), a, req.query.projectId, 'billing.write');
    if (req.query.to < req.query.from) throw new AppError(400, 'billing.core.INVALID_RANGE');
    return incomeReport(db(), a.orgId, req.query.projectId, req.query.from, req.query.to);
  });

  // ---------- desk sales 前台有偿服务收款 ----------
  app.post(
    '/api/billing/desk-sales',
    {
      config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '前台有偿服务当场收款（开单并收款，出收据）Paid service sold and paid at the desk',
        body: z.object({
          accountId: idStr,
          description: z.string().trim().min(1).max(200),
          items: z.array(z.object({ description: z.string().trim().min(1).max(100), quantity: decimalStr(4), unitPriceFen: decimalStr(4) })).min(1).max(50),
          method: methodEnum,
          reference: z.string().trim().max(64).nullish(),
          payerName: z.string().trim().max(80).nullish(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const info = await visibleAccount(db(), a, req.body.accountId, 'billing.write');
      const b = req.body;
      const bill = await db()
        .transaction()
        .execute((trx) => createServiceBill(ctx(), trx, who(a), { accountId: info.id, description: b.description, items: b.items.map((i) => ({ description: i.description, quantity: dec(i.quantity), unitPriceFen: dec(i.unitPriceFen) })) }));
      // The account's credit, if any, already paid part of it on issue: collect what is left.
      const due = Number((await db().selectFrom('bills').select('outstanding_fen').where('id', '=', bill.bill.id).executeTakeFirstOrThrow()).outstanding_fen);
      const payment = due > 0 ? await recordPayment(ctx(), who(a), { accountId: info.id, amountFen: due, method: b.method, reference: b.reference, billIds: [bill.bill.id], payerName: b.payerName }) : null;
      return reply.status(201).send({ billId: bill.bill.id, amountFen: Number(bill.bill.amount_fen), fromCreditFen: Number(bill.bill.amount_fen) - due, payment });
    },
  );

  // ---------- bill notices 缴费通知单 ----------
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const noticeOut = (n: any) => ({ id: n.id, projectId: n.project_id, buildingId: n.building_id, accountId: n.account_id, period: n.period, noticeNo: n.notice_no, totalFen: Number(n.total_fen), channel: n.channel, sentBy: n.sent_by, sentAt: n.sent_at });
  app.post(
    '/api/billing/notices',
    {
      config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '开具缴费通知单（单户或按楼栋批量；打印 HTML/DOCX，或推送到业主端）并登记 Issue bill notices',
        body: z.object({
          projectId: idStr,
          period: monthStr,
          buildingId: idStr.optional(),
          accountIds: z.array(idStr).min(1).max(5000).optional(),
          channel: z.enum(['print', 'app']).default('print'),
          format: z.enum(['json', 'html', 'docx', 'pdf']).default('json'),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const b = req.body;
      await assertProject(db(), a, b.projectId, 'billing.write');
      if (!b.buildingId && !b.accountIds) throw new AppError(400, 'billing.notice_target_required');
      // No PDF renderer: refuse before issuing, so no notice is recorded as sent that was never produced.
      if (b.format === 'pdf' && !chromiumAvailable()) throw new AppError(503, 'reports.chromium_missing', { path: chromiumPath() });
      const drafts = await draftNotices(db(), a.orgId, b.projectId, b.period, { buildingId: b.buildingId, accountIds: b.accountIds });
      const rows = await db().transaction().execute((trx) => issueNotices(trx, a.orgId, b.projectId, b.period, drafts, b.channel, a.userId));
      const docs = rows.map((r) => JSON.parse(r.data_json) as NoticeDoc);
      if (b.format === 'html') return reply.type('text/html; charset=utf-8').send(noticesHtml(docs));
      if (b.format === 'docx') return reply.type(DOCX).header('content-disposition', `attachment; filename="notices-${b.period}.docx"`).send(await noticesDocx(docs));
      if (b.format === 'pdf') return reply.type('application/pdf').header('content-disposition', `attachment; filename="notices-${b.period}.pdf"`).send(await htmlToPdf(noticesHtml(docs)));
      return reply.status(201).send({ count: rows.length, totalFen: rows.reduce((s, r) => s + r.total_fen, 0), items: rows.map(noticeOut) });
    },
  );
  app.get(
    '/api/billing/notices',
    { config: access('billing.read', 'own', { residents: true }), schema: { tags, summary: '已开具/推送的缴费通知单（业主只见本户推送的）Notices issued', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), period: monthStr.optional(), accountId: idStr.optional(), buildingId: idStr.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      const f = req.query;
      let q = db().selectFrom('bill_notices').selectAll().where('org_id', '=', a.orgId);
      if (a.role === 'resident') q = q.where('account_id', 'in', a.unitIds.length ? a.unitIds : ['']).where('channel', '=', 'app');
      else {
        const projects = await projectsFor(a, f.projectId, 'billing.read');
        q = q.where('project_id', 'in', projects.length ? projects : ['']);
      }
      if (f.projectId) q = q.where('project_id', '=', f.projectId);
      if (f.period) q = q.where('period', '=', f.period);
      if (f.accountId) q = q.where('account_id', '=', f.accountId);
      if (f.buildingId) q = q.where('building_id', '=', f.buildingId);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('sent_at', 'desc').orderBy('notice_no'), noticeOut);
    },
  );
  app.get(
    '/api/billing/notices/:id',
    { config: access('billing.read', 'own', { residents: true }), schema: { tags, summary: '缴费通知单（与开具时一致；HTML 或 DOCX）A notice as issued', params: idParam, querystring: z.object({ format: z.enum(['html', 'docx', 'pdf']).default('html') }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.read');
      const n = await db().selectFrom('bill_notices').selectAll().where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!n) throw notFound('what.bill_notice');
      if (a.role === 'resident') {
        if (n.channel !== 'app' || !a.unitIds.includes(n.account_id)) throw notFound('what.bill_notice');
      } else authorize(a, 'billing.read', { projectId: n.project_id });
      const doc = JSON.parse(n.data_json) as NoticeDoc;
      if (req.query.format === 'docx') return reply.type(DOCX).header('content-disposition', `attachment; filename="${n.notice_no}.docx"`).send(await noticesDocx([doc]));
      if (req.query.format === 'pdf') return reply.type('application/pdf').header('content-disposition', `inline; filename="${n.notice_no}.pdf"`).send(await htmlToPdf(noticesHtml([doc])));
      return reply.type('text/html; charset=utf-8').send(noticesHtml([doc]));
    },
  );
}
