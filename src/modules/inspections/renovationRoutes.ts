/**
 * Renovation (装修) over HTTP. Every step runs the `renovation` order's lifecycle (roles and
 * guards are the engine's); the generic POST /api/orders/:id/actions/:action works too for
 * steps with nothing of their own to record (reject, start_works, request_acceptance,
 * accept_works, close).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { authorize, decide, projectFilter, type Actor, type Permission } from '../auth/permissions';
import { PAYMENT_METHODS, type PaymentMethod } from '../billing/core';
import { cnDate, noticeDocx, noticeHtml, type NoticeDoc } from '../billing/documents';
import { availableActions } from '../workorders/lifecycle';
import { lifecycleActor, toLifecycle } from '../workorders/service';
import { validateWorkingHours, type WorkingHours } from './core';
import { applyRenovation, approveRenovation, collectDeposit, inspectRenovation, issueNotice, issuePermit, refundDeposit, verifyRectification } from './renovation';
import { access } from '../auth/access';
import { partyUsableIn } from '../registry/queries';

const tags = ['renovation'];
const idStr = z.string().min(1).max(40);
// Calendar dates come from the shared strict schema (impossible dates are a 400, not a 500).
const windowStr = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/);
const workingHours = z.object({ weekdays: z.array(windowStr).max(4), weekends: z.array(windowStr).max(4) });
const methodEnum = z.enum(PAYMENT_METHODS as unknown as [PaymentMethod, ...PaymentMethod[]]);

/** Allowed when any of the permissions allows it (with the project's scope). */
function anyOf(a: Actor | null | undefined, perms: Permission[], projectId?: string): Actor {
  for (const p of perms) if (decide(a, p, { projectId }).allowed) return a as Actor;
  return authorize(a, perms[0], { projectId });
}

export async function renovationRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;

  /**
   * The renovation order if the actor may see it (residents: their own units only). Collectors
   * handle deposits without seeing work orders in general, so billing rights count here too.
   */
  async function visible(a: Actor, orderId: string, perms: Permission[] = ['orders.read', 'billing.read']) {
    const r = await db()
      .selectFrom('renovations as r')
      .innerJoin('work_orders as o', 'o.id', 'r.order_id')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .innerJoin('buildings as b', 'b.id', 'u.building_id')
      .selectAll('r')
      .select(['o.number', 'o.state', 'o.version', 'o.extra_json', 'o.reporter_id', 'o.party_id', 'o.created_at as applied_at', 'u.number as unit_number', 'b.name as building_name', 'o.owner_id'])
      .where('r.order_id', '=', orderId)
      .where('r.org_id', '=', a.orgId)
      .executeTakeFirst();
    if (!r) throw notFound('what.renovation');
    anyOf(a, perms, r.project_id);
    if (a.role === 'resident' && !a.unitIds.includes(r.unit_id)) throw new AppError(403, 'auth.out_of_scope');
    return r;
  }
  type Visible = Awaited<ReturnType<typeof visible>>;
  const DEPOSIT_ACTIONS = new Set(['collect_deposit', 'refund_deposit']);

  function out(r: Visible) {
    const lo = toLifecycle({ extra_json: r.extra_json } as any);
    return {
      orderId: r.order_id,
      number: r.number,
      state: r.state,
      version: r.version,
      projectId: r.project_id,
      unitId: r.unit_id,
      unitLabel: `${r.building_name} ${r.unit_number}`,
      applicantName: r.applicant_name,
      applicantPhone: r.applicant_phone,
      contractorName: r.contractor_name,
      contractorPhone: r.contractor_phone,
      workers: r.workers,
      scope: r.scope,
      plannedStart: r.planned_start,
      plannedEnd: r.planned_end,
      workingHours: JSON.parse(r.working_hours_json) as WorkingHours,
      permitNo: r.permit_no,
      permitIssuedAt: r.permit_issued_at,
      deposit: {
        requiredFen: lo.depositRequiredFen,
        paidFen: lo.depositPaidFen,
        refundedFen: lo.depositRefundedFen,
        deductedFen: lo.depositDeductedFen,
        receiptNo: r.deposit_receipt_no,
        method: r.deposit_method,
        refundedAt: r.refunded_at,
      },
      inspectionCount: lo.inspectionCount,
      violationCount: lo.violationCount,
      appliedAt: r.applied_at,
    };
  }

  app.post(
    '/api/renovations',
    { config: access('orders.create', 'own', { residents: true }),
      schema: {
        tags,
        summary: '装修申请（业主或前台代办）Apply for renovation',
        body: z.object({
          projectId: idStr,
          unitId: idStr,
          partyId: idStr.nullish(),
          applicantName: z.string().trim().min(1).max(40),
          applicantPhone: z.string().max(40).nullish(),
          contractorName: z.string().max(80).nullish(),
          contractorPhone: z.string().max(40).nullish(),
          workers: z.number().int().min(0).max(200).nullish(),
          scope: z.string().trim().min(1).max(2000),
          plannedStart: dateStr,
          plannedEnd: dateStr,
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.create', { projectId: req.body.projectId, unitId: req.body.unitId });
      if (req.body.partyId && a.role !== 'resident' && !(await partyUsableIn(db(), a.orgId, req.body.partyId, req.body.projectId, false))) throw notFound('what.party');
      const created = await applyRenovation(ctx(), a, req.body);
      return reply.status(201).send(out(await visible(a, created.orderId)));
    },
  );

  app.get(
    '/api/renovations',
    { config: access(['orders.read', 'billing.read'], 'own', { residents: true }), schema: { tags, summary: '装修登记台账 Renovations', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), state: z.string().max(30).optional(), unitId: idStr.optional(), active: z.enum(['1']).optional() }) } },
    async (req) => {
      const a = anyOf(req.actor, ['orders.read', 'billing.read']);
      const f = req.query;
      let q = db()
        .selectFrom('renovations as r')
        .innerJoin('work_orders as o', 'o.id', 'r.order_id')
        .innerJoin('units as u', 'u.id', 'r.unit_id')
        .innerJoin('buildings as b', 'b.id', 'u.building_id')
        .selectAll('r')
        .select(['o.number', 'o.state', 'o.version', 'o.extra_json', 'o.reporter_id', 'o.party_id', 'o.created_at as applied_at', 'u.number as unit_number', 'b.name as building_name', 'o.owner_id'])
        .where('r.org_id', '=', a.orgId);
      const pf = projectFilter(a);
      if (pf) q = q.where('r.project_id', 'in', pf.length ? pf : ['']);
      if (a.role === 'resident') q = q.where('r.unit_id', 'in', a.unitIds.length ? a.unitIds : ['']);
      if (f.projectId) q = q.where('r.project_id', '=', f.projectId);
      if (f.state) q = q.where('o.state', '=', f.state);
      if (f.unitId) q = q.where('r.unit_id', '=', f.unitId);
      if (f.active) q = q.where('o.state', 'not in', ['rejected', 'closed', 'cancelled']);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('r.created_at', 'desc').orderBy('r.order_id'), out);
    },
  );

  app.get('/api/renovations/:id', { config: access(['orders.read', 'billing.read'], 'own', { residents: true }), schema: { tags, summary: '装修详情：许可证、押金、巡查、整改通知 Renovation with permit, deposit, patrols and notices', params: idParam } }, async (req) => {
    const a = anyOf(req.actor, ['orders.read', 'billing.read']);
    const r = await visible(a, req.params.id);
    const inspections = await db().selectFrom('renovation_inspections').selectAll().where('order_id', '=', r.order_id).orderBy('inspected_at').execute();
    const notices = await db().selectFrom('renovation_notices').selectAll().where('order_id', '=', r.order_id).orderBy('created_at').execute();
    const order = await db().selectFrom('work_orders').selectAll().where('id', '=', r.order_id).executeTakeFirstOrThrow();
    // What this user can do next. Without order rights (collectors) only the deposit steps,
    // which have their own endpoints here, can be carried out.
    const mayUseOrders = decide(a, 'orders.read', { projectId: r.project_id }).allowed;
    const actions = availableActions(toLifecycle(order), lifecycleActor(a)).filter((x) => mayUseOrders || DEPOSIT_ACTIONS.has(x.action));
    return {
      ...out(r),
      inspections: inspections.map((i) => ({ id: i.id, inspectedAt: i.inspected_at, inspectorId: i.inspector_id, withinWorkingHours: !!i.within_hours, violation: !!i.violation, findings: i.findings })),
      notices: notices.map((n) => ({ id: n.id, noticeNo: n.notice_no, issuedOn: n.issued_on, violation: n.violation, requirement: n.requirement, deadline: n.deadline, status: n.status, verifiedOn: n.verified_on, url: `/api/renovations/notices/${n.id}` })),
      permitUrl: r.permit_no ? `/api/renovations/${r.order_id}/permit` : null,
      availableActions: actions,
    };
  });

  app.post(
    '/api/renovations/:id/approve',
    { config: access('orders.read', 'project'), schema: { tags, summary: '审批通过：核定押金与允许施工时间 Approve with deposit and working hours', params: idParam, body: z.object({ depositFen: z.number().int().min(0).max(100_000_000), workingHours: workingHours.optional(), note: z.string().max(500).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'orders.read');
      await visible(a, req.params.id);
      if (req.body.workingHours && !validateWorkingHours(req.body.workingHours)) throw new AppError(400, 'renovation.bad_hours');
      await approveRenovation(ctx(), a, req.params.id, req.body);
      return out(await visible(a, req.params.id));
    },
  );

  app.post(
    '/api/renovations/:id/deposit',
    { config: access(['orders.read', 'billing.write'], 'project'), schema: { tags, summary: '收取装修押金（开具押金收据）Collect the deposit', params: idParam, body: z.object({ amountFen: z.number().int().min(1).max(100_000_000), method: methodEnum, reference: z.string().max(64).nullish() }) } },
    async (req) => {
      const a = anyOf(req.actor, ['orders.read', 'billing.write']);
      await visible(a, req.params.id, ['orders.read', 'billing.write']);
      const r = await collectDeposit(ctx(), a, req.params.id, req.body);
      return { ...out(await visible(a, req.params.id)), receiptNo: r.receiptNo };
    },
  );

  app.post('/api/renovations/:id/permit', { config: access('orders.read', 'project'), schema: { tags, summary: '发放装修许可证 Issue the permit', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'orders.read');
    await visible(a, req.params.id);
    await issuePermit(ctx(), a, req.params.id);
    return out(await visible(a, req.params.id));
  });

  app.get('/api/renovations/:id/permit', { config: access('orders.read', 'own', { residents: true }), schema: { tags, summary: '装修许可证（打印版 HTML）Printable permit', params: idParam } }, async (req, reply) => {
    const a = authorize(req.actor, 'orders.read');
    const r = await visible(a, req.params.id);
    if (!r.permit_no) throw new AppError(409, 'renovation.no_permit');
    const org = await db().selectFrom('organisations').select('name').where('id', '=', a.orgId).executeTakeFirst();
    const project = await db().selectFrom('projects').select('name').where('id', '=', r.project_id).executeTakeFirst();
    const h = JSON.parse(r.working_hours_json) as WorkingHours;
    const doc: NoticeDoc = {
      title: '装修许可证',
      number: r.permit_no,
      paragraphs: [
        `房号：${project?.name ?? ''} ${r.building_name} ${r.unit_number}　　申请人：${r.applicant_name}`,
        `施工单位：${r.contractor_name ?? '—'}　　负责人电话：${r.contractor_phone ?? '—'}　　施工人数：${r.workers ?? '—'}`,
        `装修内容：${r.scope}`,
        `施工期限：${cnDate(r.planned_start)} 至 ${cnDate(r.planned_end)}`,
        `允许施工时间：工作日 ${h.weekdays.join('、') || '不允许施工'}；双休日及法定节假日 ${h.weekends.join('、') || '不允许噪音施工'}`,
      ],
      after: ['请将本证张贴于户门外明显位置，自觉接受物业服务中心的巡查。装修期间不得拆改承重结构、不得破坏防水层、不得占用公共通道、不得在非许可时间施工。'],
      signature: [org?.name ?? '', `${project?.name ?? ''}物业服务中心（盖章）`, r.permit_issued_at ? cnDate(r.permit_issued_at.slice(0, 10)) : ''],
    };
    return reply.type('text/html; charset=utf-8').send(noticeHtml(doc));
  });

  app.post(
    '/api/renovations/:id/inspections',
    { config: access('orders.read', 'project'), schema: { tags, summary: '装修巡查（非许可时间施工自动记违规）Patrol a renovation', params: idParam, body: z.object({ at: z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' }).optional(), findings: z.string().max(1000).nullish(), violation: z.string().max(500).nullish() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.read');
      await visible(a, req.params.id);
      const r = await inspectRenovation(ctx(), a, req.params.id, req.body);
      return reply.status(201).send({ ...out(await visible(a, req.params.id)), withinWorkingHours: r.withinWorkingHours, violation: r.violation });
    },
  );

  app.post(
    '/api/renovations/:id/notices',
    { config: access('orders.read', 'project'), schema: { tags, summary: '下发整改通知书（限期整改）Issue a rectification notice', params: idParam, body: z.object({ violation: z.string().max(500).nullish(), requirement: z.string().trim().min(1).max(1000), deadline: dateStr }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.read');
      await visible(a, req.params.id);
      const r = await issueNotice(ctx(), a, req.params.id, req.body);
      return reply.status(201).send({ ...out(await visible(a, req.params.id)), noticeId: r.noticeId, noticeNo: r.noticeNo, noticeUrl: `/api/renovations/notices/${r.noticeId}` });
    },
  );

  app.post(
    '/api/renovations/:id/verify',
    { config: access('orders.read', 'project'), schema: { tags, summary: '整改复查 Verify the rectification', params: idParam, body: z.object({ outcome: z.enum(['pass', 'fail']), reason: z.string().max(500).optional(), note: z.string().max(500).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'orders.read');
      await visible(a, req.params.id);
      await verifyRectification(ctx(), a, req.params.id, req.body);
      return out(await visible(a, req.params.id));
    },
  );

  app.post(
    '/api/renovations/:id/refund',
    { config: access(['orders.read', 'billing.write'], 'project'), schema: { tags, summary: '退还装修押金（可扣除违规损失，须说明原因）Refund the deposit', params: idParam, body: z.object({ amountFen: z.number().int().min(0).max(100_000_000), deductionFen: z.number().int().min(0).max(100_000_000).optional(), reason: z.string().max(500).optional(), method: methodEnum, reference: z.string().max(64).nullish() }) } },
    async (req) => {
      const a = anyOf(req.actor, ['orders.read', 'billing.write']);
      await visible(a, req.params.id, ['orders.read', 'billing.write']);
      await refundDeposit(ctx(), a, req.params.id, req.body);
      return out(await visible(a, req.params.id));
    },
  );

  app.get(
    '/api/renovations/notices/:id',
    { config: access('orders.read', 'own', { residents: true }), schema: { tags, summary: '整改通知书（HTML 打印版或 DOCX）Rectification notice', params: idParam, querystring: z.object({ format: z.enum(['html', 'docx']).default('html') }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.read');
      const n = await db().selectFrom('renovation_notices').selectAll().where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!n) throw notFound('what.notice');
      const r = await visible(a, n.order_id);
      const org = await db().selectFrom('organisations').select('name').where('id', '=', a.orgId).executeTakeFirst();
      const project = await db().selectFrom('projects').select('name').where('id', '=', r.project_id).executeTakeFirst();
      const doc: NoticeDoc = {
        title: '整改通知书',
        number: n.notice_no,
        addressee: `${project?.name ?? ''} ${r.building_name} ${r.unit_number} 业主（${r.applicant_name}）及施工单位${r.contractor_name ? `（${r.contractor_name}）` : ''}：`,
        paragraphs: [
          `经物业服务中心于${cnDate(n.issued_on)}巡查发现，贵户装修（许可证号 ${r.permit_no ?? '—'}）存在以下违规情况：${n.violation}。`,
          `根据《住宅室内装饰装修管理办法》及《装修管理协议》的约定，请于${cnDate(n.deadline)}前按以下要求整改完毕：${n.requirement}`,
          '整改完成后请通知物业服务中心复查。逾期未整改的，物业服务中心将依照协议约定处理，由此造成的损失由业主及施工单位承担。',
        ],
        signature: [org?.name ?? '', `${project?.name ?? ''}物业服务中心`, cnDate(n.issued_on)],
        notes: ['本通知书一式两份，业主（或施工单位）与物业服务中心各执一份。', '签收人：____________　　签收日期：____________'],
      };
      if (req.query.format === 'docx') {
        return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('content-disposition', `attachment; filename="${n.notice_no}.docx"`).send(await noticeDocx(doc));
      }
      return reply.type('text/html; charset=utf-8').send(noticeHtml(doc));
    },
  );
}
